#include "retrain/job_store.hpp"
#include "core/json_text.hpp"

#include "core/atomic_file.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <tuple>

namespace mp::retrain {

namespace fs = std::filesystem;

namespace {

// "job-2026-11-24T03:15:00Z-12" -> ("2026-11-24T03:15:00Z", 12).
std::pair<std::string, std::size_t> id_parts(const std::string& id) {
  const auto dash = id.rfind('-');
  if (id.rfind("job-", 0) != 0 || dash == std::string::npos || dash < 4) return {id, 0};
  std::size_t counter = 0;
  const auto* end = id.data() + id.size();
  if (std::from_chars(id.data() + dash + 1, end, counter).ptr != end) return {id, 0};
  return {id.substr(4, dash - 4), counter};
}

}  // namespace

bool created_before(const std::string& a, const std::string& b) { return id_parts(a) < id_parts(b); }

std::size_t job_counter_of(const std::string& id) { return id_parts(id).second; }

JobStore::JobStore(fs::path dir, std::size_t keep) : dir_(std::move(dir)), keep_(std::max<std::size_t>(keep, 1)) {}

std::vector<fs::path> JobStore::files_oldest_first() const {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir_, ec)) {
    const auto name = entry.path().filename().string();
    if (name.rfind("job-", 0) == 0 && entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end(),
            [](const fs::path& a, const fs::path& b) { return created_before(a.stem().string(), b.stem().string()); });
  return files;
}

void JobStore::save(const JobSnapshot& job) {
  write_file_atomic(dir_ / (job.id + ".json"), dump_json(to_json(job, true), 2) + "\n");
  auto files = files_oldest_first();
  std::error_code ec;
  for (std::size_t i = 0; i + keep_ < files.size(); ++i) fs::remove(files[i], ec);
}

std::vector<JobSnapshot> JobStore::load_all() const {
  std::vector<JobSnapshot> jobs;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir_, ec)) {  // a crash mid-write leaves a temp file
    if (entry.path().filename().string().find(".tmp-") != std::string::npos) fs::remove(entry.path(), ec);
  }
  for (const auto& file : files_oldest_first()) {
    try {
      jobs.push_back(job_from_json(nlohmann::json::parse(read_file(file))));
    } catch (const std::exception& e) {
      spdlog::warn("ignoring unreadable job record {}: {}", file.string(), e.what());
    }
  }
  return jobs;
}

}  // namespace mp::retrain
