// The original system's MLOps endpoints: status, trigger, job, rollback.
#include "core/error.hpp"
#include "server/http_errors.hpp"
#include "server/routes.hpp"

namespace mp::server {

namespace {

// Who asked: the CLI client says so; anything else is the API.
std::string trigger_source(const httplib::Request& req) {
  const auto source = req.get_param_value("source");
  if (source.empty() || source == "api") return "api";
  if (source == "cli") return "cli";
  throw ConfigError("query parameter 'source' must be api or cli, got '" + source + "'");
}

// Compares in time independent of where the strings differ, so timing does not reveal the token.
bool constant_time_equal(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

}  // namespace

bool authorized(const httplib::Request& req, httplib::Response& res, const RouteContext& context) {
  const auto& token = context.options.token;
  if (token.empty()) return true;
  const auto header = req.get_header_value("Authorization");
  const std::string expected = "Bearer " + token;
  const bool ok = constant_time_equal(header, expected);
  if (!ok) {
    res.set_header("WWW-Authenticate", "Bearer");
    send_error(res, 401, "unauthorized", "this endpoint requires 'Authorization: Bearer <token>'");
  }
  return ok;
}

void add_retraining_routes(httplib::Server& http, RouteContext& context) {
  http.Get("/api/ml/retraining/status", [&context](const httplib::Request&, httplib::Response& res) {
    send_json(res, 200, context.service.status());
  });

  http.Post("/api/ml/retraining/trigger", [&context](const httplib::Request& req, httplib::Response& res) {
    if (!authorized(req, res, context)) return;
    retrain::TriggerRequest request{query_flag(req, "force", false), query_flag(req, "full", false),
                                    trigger_source(req)};
    try {
      auto job = context.service.trigger(request);
      res.set_header("Location", "/api/ml/retraining/jobs/" + job.id);
      send_json(res, 202, {{"job_id", job.id}, {"job", retrain::to_json(job, false)}});
    } catch (const retrain::JobConflictError& e) {
      send_json(
          res, 409,
          {{"error", {{"code", e.code()}, {"message", e.what()}}}, {"job", retrain::to_json(e.running(), false)}});
    }
  });

  http.Get(R"(/api/ml/retraining/jobs/([A-Za-z0-9:\-T]+))",
           [&context](const httplib::Request& req, httplib::Response& res) {
             const auto id = req.matches[1].str();
             const auto job = context.service.job(id);
             if (!job) return send_error(res, 404, "not_found", "no job '" + id + "'");
             send_json(res, 200, retrain::to_json(*job, true));
           });

  http.Post("/api/ml/retraining/rollback", [&context](const httplib::Request& req, httplib::Response& res) {
    if (!authorized(req, res, context)) return;
    const auto previous = context.service.serving().current();
    const auto champion = context.service.rollback(req.get_param_value("version"), trigger_source(req));
    send_json(res, 200,
              {{"champion", champion},
               {"previous", previous ? nlohmann::json(previous->version) : nlohmann::json(nullptr)},
               {"provisional", context.service.serving().current()->provisional}});
  });
}

}  // namespace mp::server
