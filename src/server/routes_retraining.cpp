// The original system's MLOps endpoints: status, trigger, job, rollback. Trigger and rollback
// need the bearer token when one is configured (checked by the router before the body is read);
// their answers keep the original's fields (status/message, success/message) beside ours.
#include "core/error.hpp"
#include "server/http_errors.hpp"
#include "server/routes.hpp"

#include <fmt/format.h>

namespace mp::server {

namespace {

// Who asked: the CLI client says so; anything else is the API.
std::string trigger_source(const httplib::Request& req) {
  const auto source = req.get_param_value("source");
  if (source.empty() || source == "api") return "api";
  if (source == "cli") return "cli";
  throw ConfigError("query parameter 'source' must be api or cli, got '" + source + "'");
}

void trigger(const httplib::Request& req, httplib::Response& res, RouteContext& context) {
  retrain::TriggerRequest request{query_flag(req, "force", false), query_flag(req, "full", false), trigger_source(req)};
  try {
    auto job = context.service.trigger(request);
    res.set_header("Location", "/api/ml/retraining/jobs/" + job.id);
    send_json(res, 202,
              {{"status", "started"},
               {"message", fmt::format("{} retraining started in the background (job {})", job.kind, job.id)},
               {"job_id", job.id},
               {"job", retrain::to_json(job, false)}});
  } catch (const retrain::JobConflictError& e) {
    send_json(res, 409,
              {{"error", {{"code", e.code()}, {"message", e.what()}}}, {"job", retrain::to_json(e.running(), false)}});
  }
}

void rollback(const httplib::Request& req, httplib::Response& res, RouteContext& context) {
  const auto previous = context.service.serving().current();
  const auto champion = context.service.rollback(req.get_param_value("version"), trigger_source(req));
  const auto from = previous ? previous->version : std::string("none");
  send_json(res, 200,
            {{"success", true},
             {"message", fmt::format("rolled back from {} to {}", from, champion)},
             {"champion", champion},
             {"previous", previous ? nlohmann::json(previous->version) : nlohmann::json(nullptr)},
             {"provisional", context.service.serving().current()->provisional}});
}

}  // namespace

void add_retraining_routes(Router& router, RouteContext& context) {
  using Access = Router::Access;
  router.get("/api/ml/retraining/status", [&context](const httplib::Request&, httplib::Response& res) {
    send_json(res, 200, context.service.status());
  });
  router.post(
      "/api/ml/retraining/trigger",
      [&context](const httplib::Request& req, httplib::Response& res) { trigger(req, res, context); }, Access::Token);
  router.get(R"(/api/ml/retraining/jobs/([A-Za-z0-9:\-T]+))",
             [&context](const httplib::Request& req, httplib::Response& res) {
               const auto id = req.matches[1].str();
               const auto job = context.service.job(id);
               if (!job) return send_error(res, 404, "not_found", "no job '" + id + "'");
               send_json(res, 200, retrain::to_json(*job, true));
             });
  router.post(
      "/api/ml/retraining/rollback",
      [&context](const httplib::Request& req, httplib::Response& res) { rollback(req, res, context); }, Access::Token);
}

}  // namespace mp::server
