#include "retrain/retraining_service.hpp"
#include "core/json_text.hpp"

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/thread_pool.hpp"
#include "data/sample_data.hpp"
#include "ml/aux_data_builder.hpp"
#include "ml/scoring_inputs.hpp"
#include "ml/training_job.hpp"
#include "retrain/data_refresh.hpp"
#include "retrain/gates.hpp"
#include "retrain/training_priority.hpp"

#include <fmt/format.h>

#include <spdlog/spdlog.h>
#include <algorithm>

namespace mp::retrain {

namespace {

ml::TrainingSetup setup_from_bundle(const ml::ModelBundle& bundle, const Config& config) {
  ml::TrainingSetup setup = ml::TrainingSetup::from_config(config);
  setup.feature_set = bundle.feature_set;
  setup.features.clear();
  for (const auto& name : bundle.candidate_features) {
    setup.features.push_back(&features::FeatureRegistry::builtin().get(name));
  }
  setup.selection = bundle.selection;
  setup.selection.rfecv_embargo = setup.split.embargo;  // RFECV's inner splits follow the outer ones
  setup.sources = ml::with_column_settings(setup.sources, bundle.column_settings);
  setup.label = bundle.label;
  setup.params = ml::XGBoostParams::from_json(bundle.model->params());
  setup.params.threads = config.model.threads;
  return setup;
}

bool same_spec(const ml::TrainingSetup& a, const ml::TrainingSetup& b) {
  return features::feature_names(a.features) == features::feature_names(b.features) &&
         ml::to_json(a.selection) == ml::to_json(b.selection) &&
         ml::column_settings(a.sources) == ml::column_settings(b.sources) && a.params.to_json() == b.params.to_json() &&
         a.label == b.label;
}

// The champion's pooled walk-forward F1 as its bundle recorded it (metrics.json), when it was
// trained for the same label.
std::optional<double> recorded_f1(const ml::ModelBundle& champion, const labels::LabelSpec& label) {
  if (!(champion.label == label)) return std::nullopt;
  const auto& pooled = champion.metrics.contains("pooled") ? champion.metrics["pooled"] : nlohmann::json::object();
  if (!pooled.contains("model") || !pooled["model"].contains("f1") || !pooled["model"]["f1"].is_number()) {
    return std::nullopt;
  }
  return pooled["model"]["f1"].get<double>();
}

// What the candidate is gated against: the champion's recorded figures, and when the
// specifications differ, both evaluated on identical folds.
ChampionReference champion_reference(const std::string& version, const ml::ModelBundle& champion, const Panel& panel,
                                     const Config& config, const ml::TrainingSetup& setup,
                                     const ml::TrainingResult& candidate, JobRecord& job) {
  ChampionReference reference{version, recorded_f1(champion, setup.label), std::nullopt};
  if (reference.recorded_f1) {
    job.log(fmt::format("champion {} recorded walk-forward F1 {:.4f}", version, *reference.recorded_f1));
  } else {
    job.log(fmt::format("champion {} was trained for another label: no recorded figure to compare", version));
  }
  auto champion_setup = setup_from_bundle(champion, config);
  champion_setup.label = setup.label;  // both are judged on the candidate's label and splits
  champion_setup.split = setup.split;
  if (same_spec(champion_setup, setup)) {
    // On identical folds the champion's recipe would be the candidate itself.
    job.log(reference.recorded_f1 ? "champion has the same specification: compared with its recorded figures only"
                                  : "champion differs only in its label: only the absolute gates apply");
    return reference;
  }
  const auto paired =
      ml::evaluate_on_identical_folds(panel, setup, candidate.data.labelled, &candidate.evaluation, champion_setup);
  reference.identical_folds =
      IdenticalFoldsF1{paired.first.pooled.model.f1, paired.second.pooled.model.f1, paired.rows};
  job.log(fmt::format("on identical folds ({} rows): candidate F1 {:.4f}, champion {} F1 {:.4f}", paired.rows,
                      paired.first.pooled.model.f1, version, paired.second.pooled.model.f1));
  return reference;
}

Date today_utc() { return std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()); }

nlohmann::json evaluation_summary(const ml::EvaluationReport& report) {
  auto json = ml::to_json(report);
  return {{"split", json["split"]}, {"rows", json["rows"]}, {"pooled", json["pooled"]}};
}

// The original API's summary of a champion: its pooled walk-forward metrics under their names.
nlohmann::json current_metrics(const ml::ModelBundle& bundle) {
  auto flat = tracking::flat_training_metrics(bundle.metrics);
  return {{"f1_score", flat["f1_score"]},
          {"accuracy", flat["accuracy"]},
          {"precision", flat["precision"]},
          {"recall", flat["recall"]}};
}

// The original API's model_path and backup_path: the champion's directory and the one a
// rollback would restore (null when there is none).
nlohmann::json model_paths(const tracking::ModelRegistry& registry, const std::string& champion) {
  const auto dir = [&](const std::string& version) {
    return std::filesystem::absolute(registry.versions_dir() / version).lexically_normal().string();
  };
  const auto backup = registry.rollback_target();
  return {{"model_path", dir(champion)}, {"backup_path", backup ? nlohmann::json(dir(*backup)) : nlohmann::json()}};
}

// A crash while last_run.json was being written leaves its temp file behind: remove it.
void remove_torn_temp_files(const std::filesystem::path& file) {
  const auto prefix = "." + file.filename().string() + ".tmp-";
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(file.parent_path(), ec)) {
    if (entry.path().filename().string().rfind(prefix, 0) == 0) std::filesystem::remove(entry.path(), ec);
  }
}

}  // namespace

JobConflictError::JobConflictError(JobSnapshot running)
    : ConflictError(fmt::format("a retraining is already running (job {})", running.id)),
      running_(std::move(running)) {}

RetrainingService::RetrainingService(Config config)
    : config_(std::move(config)),
      server_lock_(config_.registry.root),
      store_(config_.data.store),
      registry_(config_.registry.root, static_cast<std::size_t>(std::max(config_.registry.keep_last, 1))),
      alerts_(std::filesystem::path(config_.registry.root) / "alerts.log"),
      job_store_(std::filesystem::path(config_.registry.root) / "jobs",
                 static_cast<std::size_t>(config_.retraining.keep_jobs)) {
  const auto* zone = resolve_time_zone(config_.retraining.timezone);
  scheduler_ = std::make_unique<Scheduler>(zone);
  scheduler_->add("daily_retrain", CronExpression::parse(config_.retraining.daily_cron), [this] {
    try {
      trigger({false, false, "schedule"});
    } catch (const JobConflictError& e) {
      spdlog::warn("scheduled daily retrain skipped: {}", e.what());
    }
  });
  scheduler_->add("weekly_full_retrain", CronExpression::parse(config_.retraining.weekly_cron), [this] {
    try {
      trigger({false, true, "schedule"});
    } catch (const JobConflictError& e) {
      spdlog::warn("scheduled weekly retrain skipped: {}", e.what());
    }
  });
  recover_jobs();
  // In a server the shared pool runs background work only (training, snapshot builds).
  try {
    if (config_.retraining.training_nice > 0) ThreadPool::shared().set_niceness(config_.retraining.training_nice);
  } catch (const IoError& e) {  // e.g. back up from a higher nice value without CAP_SYS_NICE
    spdlog::warn("{}", e.what());
  }
}

RetrainingService::~RetrainingService() { stop(); }

void RetrainingService::recover_jobs() {
  for (auto& job : job_store_.load_all()) {
    if (job.state == JobState::Queued || job.state == JobState::Running) {
      job = JobRecord(job).failed_snapshot("interrupted: the process stopped while this job ran");
      job.log.push_back(job.finished + " interrupted (recorded at the next start)");
      persist(job);
      remember_finished(job);
    }
    job_counter_ = std::max(job_counter_, job_counter_of(job.id));
    last_run_ = job;  // oldest first: the last one is the last run
    remember_job(std::make_shared<JobRecord>(std::move(job)));
  }
  const auto last_run_file = std::filesystem::path(config_.registry.root) / "last_run.json";
  remove_torn_temp_files(last_run_file);
  if (last_run_ || !std::filesystem::exists(last_run_file)) return;
  try {  // a registry from before job records: the last run's summary only
    last_run_ = job_from_json(nlohmann::json::parse(read_file(last_run_file)));
  } catch (const std::exception& e) {
    spdlog::warn("ignoring unreadable {}: {}", last_run_file.string(), e.what());
  }
}

void RetrainingService::remember_job(const std::shared_ptr<JobRecord>& job) {
  const auto id = job->snapshot().id;
  if (jobs_.emplace(id, job).second) job_order_.push_back(id);
  while (job_order_.size() > static_cast<std::size_t>(config_.retraining.keep_jobs)) {
    jobs_.erase(job_order_.front());
    job_order_.pop_front();
  }
}

const char* RetrainingService::lifecycle() const {
  std::lock_guard lock(mutex_);
  switch (lifecycle_) {
    case Lifecycle::Created:
      return "created";
    case Lifecycle::Serving:
      return "serving";
    case Lifecycle::Running:
      return "running";
    case Lifecycle::Stopped:
      return "stopped";
  }
  return "unknown";
}

void RetrainingService::bootstrap(const Progress& progress) {
  if (auto imported = data::bootstrap_store_if_empty(store_, config_.data.bootstrap); imported > 0) {
    spdlog::info("empty store {}: imported {} bundled sample file(s)", config_.data.store, imported);
  }
  if (!registry_.champion()) {
    spdlog::info("no champion model in {}: training one", config_.registry.root);
    auto job = begin_job({false, true, "startup"}, "bootstrap");
    // On a training thread too: the priority it takes would be inherited by every thread the
    // caller starts later, among them the request threads.
    std::thread bootstrap_worker([&] { run_training_job(job, {false, true, "startup"}, progress); });
    bootstrap_worker.join();
    const auto result = job->snapshot();
    if (result.state == JobState::Failed) throw DataError("bootstrap training failed: " + result.error);
  } else {
    publish_champion();
  }
  std::lock_guard lock(mutex_);
  lifecycle_ = Lifecycle::Serving;
}

void RetrainingService::start() {
  {
    std::lock_guard lock(mutex_);
    if (lifecycle_ != Lifecycle::Serving) throw Error("retraining service: start() needs bootstrap() first");
    lifecycle_ = Lifecycle::Running;
  }
  if (config_.retraining.schedule) scheduler_->start();
  if (config_.retraining.store_check_seconds > 0) store_watcher_ = std::thread([this] { watch_store(); });
}

void RetrainingService::stop() {
  if (scheduler_) scheduler_->stop();
  {
    std::lock_guard lock(mutex_);
    store_watch_stop_ = true;
  }
  store_watch_wakeup_.notify_all();
  if (store_watcher_.joinable()) store_watcher_.join();
  wait_idle();
  std::lock_guard lock(mutex_);
  if (lifecycle_ != Lifecycle::Created) lifecycle_ = Lifecycle::Stopped;
}

void RetrainingService::wait_idle() {
  std::thread worker;
  {
    std::lock_guard lock(mutex_);
    worker = std::move(worker_);
  }
  if (worker.joinable()) worker.join();
}

std::shared_ptr<JobRecord> RetrainingService::begin_job(const TriggerRequest& request, const std::string& kind) {
  std::lock_guard lock(mutex_);
  if (running_ && !running_->finished()) throw JobConflictError(running_->snapshot());
  auto id = fmt::format("job-{}-{}", utc_timestamp_now(), ++job_counter_);
  auto job = std::make_shared<JobRecord>(id, kind, request.trigger, request.force);
  remember_job(job);
  running_ = job;
  return job;
}

JobSnapshot RetrainingService::trigger(const TriggerRequest& request) {
  auto job = begin_job(request, request.full ? "full" : "daily");
  std::lock_guard lock(mutex_);
  if (worker_.joinable()) worker_.join();  // the previous run has finished (begin_job checked)
  worker_ = std::thread([this, job, request] { run_training_job(job, request, {}); });
  return job->snapshot();
}

void RetrainingService::run_training_job(const std::shared_ptr<JobRecord>& job, const TriggerRequest& request,
                                         const Progress& progress) {
  try {
    become_training_thread(config_.retraining.training_nice);
  } catch (const Error& e) {
    job->log(std::string("at the serving priority: ") + e.what());
  }
  run_job(job, request, progress);
}

void RetrainingService::run_job(const std::shared_ptr<JobRecord>& job, const TriggerRequest& request,
                                const Progress& progress) {
  job->start();
  persist(job->snapshot());  // a crash from here on shows it as interrupted after a restart
  // The last run is recorded before the job shows as finished: whoever sees it finished also
  // sees it in the status.
  std::string outcome, error;
  try {
    outcome = execute(*job, request, progress);
  } catch (const std::exception& e) {
    error = e.what();
    job->log("failed: " + error);
    alert("error", "retraining failed", {{"job", job->snapshot().id}, {"error", error}});
  }
  refresh_serving_after(*job);
  auto final_state = error.empty() ? job->completed_snapshot(outcome) : job->failed_snapshot(error);
  persist(final_state);
  remember_finished(final_state);
  job->finish(std::move(final_state));
}

// An alert that cannot be written (disk full, a read-only registry) is logged: it must never turn
// a run's outcome into a failure, nor escape the catch handler of a worker thread.
void RetrainingService::alert(const std::string& level, const std::string& subject,
                              const nlohmann::json& details) noexcept {
  try {
    alerts_.write(level, subject, details);
  } catch (const std::exception& e) {
    spdlog::error("cannot write the alert '{}': {}", subject, e.what());
  }
}

// A record that cannot be written (disk full) is logged: the job itself goes on, and the worker
// thread must not end with an exception.
void RetrainingService::persist(const JobSnapshot& job) {
  try {
    job_store_.save(job);
  } catch (const std::exception& e) {
    spdlog::error("cannot record job {}: {}", job.id, e.what());
  }
}

void RetrainingService::remember_finished(const JobSnapshot& job) {
  {
    std::lock_guard lock(mutex_);
    last_run_ = job;
  }
  try {
    write_file_atomic(std::filesystem::path(config_.registry.root) / "last_run.json",
                      dump_json(to_json(job, false), 2) + "\n");
  } catch (const std::exception& e) {
    spdlog::error("cannot record the last run: {}", e.what());
  }
}

std::optional<JobSnapshot> RetrainingService::job(const std::string& id) const {
  std::lock_guard lock(mutex_);
  auto it = jobs_.find(id);
  if (it == jobs_.end()) return std::nullopt;
  return it->second->snapshot();
}

namespace {

// What a gate verdict means for the registry, given the current champion.
struct Decision {
  std::string action;   // promote | force | provisional | reject
  std::string outcome;  // promoted | forced | provisional | rejected
  bool provisional = false;
  std::string reason;
};

Decision decide(const GateVerdict& verdict, bool force, bool has_champion, bool champion_provisional) {
  const auto failed = verdict.failed_summary();
  if (force) {
    return {"force", "forced", !verdict.passed,
            verdict.passed ? "forced deployment (gates passed)" : "forced deployment, gates skipped: " + failed};
  }
  if (verdict.passed) return {"promote", "promoted", false, "passed all gates"};
  if (!has_champion)
    return {"provisional", "provisional", true, "no champion; served provisionally, failed: " + failed};
  if (champion_provisional && verdict.beats_champion) {
    return {"provisional", "provisional", true, "at least as good as the provisional champion; failed: " + failed};
  }
  return {"reject", "rejected", false, "failed: " + failed};
}

}  // namespace

std::string RetrainingService::execute(JobRecord& job, const TriggerRequest& request, const Progress& progress) {
  auto stage = [&](const std::string& name, double fraction) {
    job.set_stage(name, fraction);
    if (progress) progress(name, fraction);
  };
  const auto kind = job.snapshot().kind;

  stage("refresh", 0.0);
  std::vector<std::string> universe = config_.data.universe;
  if (universe.empty()) {
    for (const auto& range : store_.list()) universe.push_back(range.symbol);
  }
  const auto refresh =
      refresh_store(store_, config_.provider, universe, today_utc(), [&](std::size_t done, std::size_t total) {
        stage("refresh", static_cast<double>(done) / static_cast<double>(total));
      });
  if (refresh.skipped) {
    job.log(fmt::format("data refresh: provider '{}' (the stored bars are used as they are)", config_.provider.name));
  } else {
    job.log(fmt::format("data refresh from {}: {} bars for {} symbols, {} errors", config_.provider.name,
                        refresh.bars_written, refresh.symbols_updated, refresh.errors.size()));
    for (const auto& [symbol, error] : refresh.errors) job.log(fmt::format("refresh {}: {}", symbol, error));
    if (!refresh.errors.empty()) {
      alert("warning", "data refresh errors", {{"job", job.snapshot().id}, {"errors", refresh.errors}});
    }
    publish_champion();  // the champion predicts from the new bars even if the candidate is rejected
  }

  Panel panel = store_.load(config_.data.universe);
  const auto champion = registry_.champion();
  std::optional<ml::ModelBundle> champion_bundle;
  if (champion) champion_bundle = registry_.load(*champion);
  const bool daily = kind == "daily";
  if (daily) panel = recent_window(panel, config_.retraining.lookback_years);
  auto setup =
      daily && champion_bundle ? setup_from_bundle(*champion_bundle, config_) : ml::TrainingSetup::from_config(config_);
  job.log(fmt::format("{} run on {} symbols, {} bars ({}), parameters from the {}", kind, panel.size(),
                      panel.total_bars(),
                      daily ? fmt::format("last {} years", config_.retraining.lookback_years) : "full history",
                      daily && champion_bundle ? "champion " + *champion : "configuration"));

  auto result = ml::train_model(panel, setup, [&](const std::string& name, double f) { stage(name, f); });
  const auto& candidate = result.evaluation.pooled.model;
  job.log(fmt::format("walk-forward pooled: F1 {:.4f}, accuracy {:.4f}, AUC {:.4f} (always-up F1 {:.4f})", candidate.f1,
                      candidate.accuracy, candidate.roc_auc, result.evaluation.pooled.always_up.f1));

  std::optional<ChampionReference> reference;
  if (champion_bundle) {
    stage("champion", 0.0);
    reference = champion_reference(*champion, *champion_bundle, panel, config_, setup, result, job);
  }

  stage("register", 0.0);
  const auto version = registry_.add_version(result.bundle);
  const auto verdict = evaluate_gates(config_.gates, candidate, reference);
  job.set_result(version, evaluation_summary(result.evaluation), to_json(verdict));
  const auto decision = decide(verdict, request.force, champion.has_value(), registry_.champion_provisional());
  job.log(fmt::format("candidate {}: {} ({})", version, decision.outcome, decision.reason));
  const nlohmann::json details = {
      {"job", job.snapshot().id}, {"version", version}, {"gates", to_json(verdict)}, {"metrics", to_json(candidate)}};
  if (decision.action == "reject") {
    registry_.reject(version, decision.reason, request.trigger, details);
    alert("warning", "candidate rejected", details);
  } else {
    registry_.promote(version, decision.action, decision.reason, request.trigger, decision.provisional, details);
    publish_champion();
    alert(decision.provisional || request.force ? "warning" : "info",
          request.force ? "forced deployment" : (decision.provisional ? "provisional champion" : "model promoted"),
          details);
  }
  return decision.outcome;
}

void RetrainingService::publish_champion() {
  std::lock_guard publishing(publish_mutex_);
  const auto champion = registry_.champion();
  if (!champion) return;
  auto predictor = std::make_shared<const ml::Predictor>(registry_.load(*champion));
  // Every stored symbol is scored (a newly imported one too); universe-level features are over
  // the champion's own universe (ml/scoring_inputs).
  const auto generation = store_.generation();  // before the load: a write after it is seen next time
  const auto inputs = ml::scoring_inputs(*predictor, serving_panel(), config_.sources);
  auto state =
      build_serving_state(std::move(predictor), *champion, registry_.champion_provisional(), inputs, generation);
  alert_on_degraded(*state);
  serving_.publish(std::move(state));
}

// A degraded prediction is served with its list of missing features; the alert log says so once
// per change of which symbols and features are affected, not on every rebuild.
void RetrainingService::alert_on_degraded(const ServingState& state) {
  nlohmann::json missing = nlohmann::json::object();
  for (const auto& symbol : state.degraded()) {
    auto& features = missing[symbol] = nlohmann::json::array();
    for (const auto& m : state.predictions.at(symbol).missing) features.push_back(m.feature + " (" + m.source + ")");
  }
  std::lock_guard lock(mutex_);
  if (missing == last_degraded_) return;
  last_degraded_ = missing;
  if (missing.empty()) return;
  spdlog::warn("{} of {} predictions are degraded: features without data that had data in training", missing.size(),
               state.predictions.size());
  alert("warning", "degraded predictions", {{"version", state.version}, {"missing_features", missing}});
}

Panel RetrainingService::serving_panel() const { return store_.load(); }

bool RetrainingService::refresh_serving_if_store_changed() {
  const auto serving = serving_.current();
  if (!serving) return false;
  const auto generation = store_.generation();
  if (serving->store_generation == generation) return false;
  spdlog::info("market store changed (generation {} -> {}): rebuilding the served predictions",
               serving->store_generation, generation);
  publish_champion();
  return true;
}

// Whatever the run's outcome: its refresh, or an import while it ran, is served from now on.
void RetrainingService::refresh_serving_after(JobRecord& job) {
  try {
    if (refresh_serving_if_store_changed()) job.log("the market store changed: served predictions rebuilt");
  } catch (const std::exception& e) {
    job.log(std::string("cannot rebuild the served predictions: ") + e.what());
  }
}

void RetrainingService::watch_store() {
  const auto period = std::chrono::duration<double>(config_.retraining.store_check_seconds);
  std::unique_lock lock(mutex_);
  while (!store_watch_wakeup_.wait_for(lock, period, [this] { return store_watch_stop_; })) {
    lock.unlock();
    try {
      refresh_serving_if_store_changed();
    } catch (const std::exception& e) {
      spdlog::warn("store check: {}", e.what());
    }
    lock.lock();
  }
}

std::string RetrainingService::rollback(const std::string& version, const std::string& trigger) {
  const auto previous = registry_.champion().value_or("");
  const auto target = registry_.rollback(
      version, version.empty() ? "rollback to the previous champion" : "rollback to version " + version, trigger);
  publish_champion();
  alert("warning", "rollback", {{"from", previous}, {"to", target}, {"trigger", trigger}});
  return target;
}

nlohmann::json RetrainingService::status() const {
  nlohmann::json scheduled = nlohmann::json::array();
  nlohmann::json next_retraining = nullptr;  // the original's field: the earliest scheduled run
  const auto jobs = scheduler_->jobs();
  const auto earliest =
      std::min_element(jobs.begin(), jobs.end(), [](const auto& a, const auto& b) { return a.next_run < b.next_run; });
  for (const auto& job : jobs) {
    scheduled.push_back({{"name", job.name},
                         {"cron", job.cron},
                         {"next_run", format_in_zone(job.next_run, scheduler_->zone())},
                         {"timezone", scheduler_->zone()->name()}});
  }
  if (config_.retraining.schedule && earliest != jobs.end()) {
    next_retraining = format_in_zone(earliest->next_run, scheduler_->zone());
  }
  const auto serving = serving_.current();
  nlohmann::json current = nullptr, last = nullptr;
  bool running = false;
  {
    std::lock_guard lock(mutex_);
    if (running_ && !running_->finished()) {
      current = to_json(running_->snapshot(), false);
      running = true;
    }
    if (last_run_) last = to_json(*last_run_, false);
  }
  nlohmann::json status = {
      {"running", running},
      {"current_job", current},
      {"last_run", last},
      {"scheduler", {{"enabled", config_.retraining.schedule}, {"running", scheduler_->running()}}},
      {"scheduled_jobs", scheduled},
      {"next_retraining", next_retraining},
      {"champion", serving ? nlohmann::json(serving->version) : nlohmann::json(nullptr)},
      {"provisional", serving ? serving->provisional : false},
      {"current_metrics", serving ? current_metrics(serving->predictor->bundle()) : nlohmann::json()},
      {"model_path", nullptr},
      {"backup_path", nullptr},
      {"gates", to_json(config_.gates)}};
  if (serving) status.update(model_paths(registry_, serving->version));
  return status;
}

nlohmann::json RetrainingService::model_info() const {
  const auto serving = serving_.current();
  if (!serving) throw NotFoundError("no champion model yet");
  const auto& bundle = serving->predictor->bundle();
  auto spec = ml::spec_to_json(bundle);
  nlohmann::json history = nlohmann::json::array();
  for (const auto& event : registry_.history(10)) {
    history.push_back({{"time", event.time},
                       {"action", event.action},
                       {"version", event.version},
                       {"previous", event.previous},
                       {"reason", event.reason},
                       {"trigger", event.trigger}});
  }
  const auto& pooled = bundle.metrics.contains("pooled") ? bundle.metrics["pooled"] : nlohmann::json::object();
  nlohmann::json info = {{"version", serving->version},
                         {"provisional", serving->provisional},
                         {"created", bundle.created},
                         {"training_window", spec["training"]},
                         {"parameters", spec["model"]},
                         {"features", bundle.feature_names},
                         {"feature_count", bundle.feature_names.size()},
                         {"feature_set", bundle.feature_set},
                         {"selection", spec["features"]["selection"]},
                         {"candidate_features", bundle.candidate_features},
                         {"column_settings", bundle.column_settings},
                         {"label", spec["label"]},
                         {"metrics", pooled.value("model", nlohmann::json(nullptr))},
                         {"baselines", pooled.value("baselines", nlohmann::json(nullptr))},
                         {"evaluation", bundle.metrics},
                         {"history", history}};
  info.update(model_paths(registry_, serving->version));
  return info;
}

}  // namespace mp::retrain
