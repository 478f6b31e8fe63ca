// The OpenAPI 3 description of every route. Kept beside the routes; the e2e tests check that
// every route the server answers is described here.
#include "server/routes.hpp"

namespace mp::server {

namespace {

using nlohmann::json;

json error_response(const std::string& description) {
  return {{"description", description},
          {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
}

json json_response(const std::string& description, const std::string& schema = "") {
  json content = json::object();
  content["schema"] = schema.empty() ? json{{"type", "object"}} : json{{"$ref", "#/components/schemas/" + schema}};
  return {{"description", description}, {"content", {{"application/json", content}}}};
}

json query(const std::string& name, const std::string& type, const std::string& description) {
  return {
      {"name", name}, {"in", "query"}, {"required", false}, {"description", description}, {"schema", {{"type", type}}}};
}

json path_param(const std::string& name, const std::string& description) {
  return {{"name", name},
          {"in", "path"},
          {"required", true},
          {"description", description},
          {"schema", {{"type", "string"}}}};
}

json operation(const std::string& summary, const std::string& tag, json responses, json parameters = json::array(),
               bool secured = false) {
  json op = {{"summary", summary}, {"tags", {tag}}, {"responses", std::move(responses)}};
  if (!parameters.empty()) op["parameters"] = std::move(parameters);
  if (secured) op["security"] = json::array({{{"bearer", json::array()}}});
  return op;
}

json schemas() {
  return {
      {"Error",
       {{"type", "object"},
        {"properties",
         {{"error",
           {{"type", "object"},
            {"properties", {{"code", {{"type", "string"}}}, {"message", {{"type", "string"}}}}}}}}}}},
      {"Prediction",
       {{"type", "object"},
        {"properties",
         {{"symbol", {{"type", "string"}}},
          {"probability", {{"type", "number"}}},
          {"signal", {{"type", "string"}, {"enum", {"STRONG BUY", "BUY", "HOLD", "CONSIDER SELLING", "SELL"}}}},
          {"as_of", {{"type", "string"}, {"format", "date"}}},
          {"model_version", {{"type", "string"}}},
          {"provisional", {{"type", "boolean"}}}}}}},
      {"Job",
       {{"type", "object"},
        {"properties",
         {{"id", {{"type", "string"}}},
          {"kind", {{"type", "string"}, {"enum", {"daily", "full", "bootstrap"}}}},
          {"state", {{"type", "string"}, {"enum", {"queued", "running", "completed", "failed"}}}},
          {"stage", {{"type", "string"}}},
          {"progress", {{"type", "number"}}},
          {"outcome", {{"type", "string"}, {"nullable", true}}},
          {"log", {{"type", "array"}, {"items", {{"type", "string"}}}}}}}}},
  };
}

}  // namespace

json openapi_document() {
  json paths = {
      {"/health", {{"get", operation("Liveness and the serving champion", "system", {{"200", json_response("OK")}})}}},
      {"/openapi.json",
       {{"get", operation("This document", "system", {{"200", json_response("OpenAPI 3 document")}})}}},
      {"/docs", {{"get", operation("Swagger UI", "system", {{"200", {{"description", "HTML page"}}}})}}},
      {"/api/ml/retraining/status",
       {{"get", operation("Retraining status: running job, last run, schedule, champion, gates", "retraining",
                          {{"200", json_response("Status")}})}}},
      {"/api/ml/retraining/trigger",
       {{"post", operation("Start a retraining (one at a time)", "retraining",
                           {{"202", json_response("Accepted: job id and job")},
                            {"400", error_response("Bad parameter")},
                            {"401", error_response("Missing or wrong bearer token")},
                            {"409", error_response("A retraining is already running (its job is included)")}},
                           {query("force", "boolean", "skip the gates (recorded as forced)"),
                            query("full", "boolean", "train on the full history (the weekly job)"),
                            query("source", "string", "api (default) or cli, recorded in the history")},
                           true)}}},
      {"/api/ml/retraining/jobs/{id}",
       {{"get", operation("A retraining job: state, stage, progress, outcome, log lines", "retraining",
                          {{"200", json_response("Job", "Job")}, {"404", error_response("Unknown job")}},
                          {path_param("id", "job id from trigger")})}}},
      {"/api/ml/retraining/rollback",
       {{"post", operation("Roll back to the previous champion or a given version (hot swap)", "retraining",
                           {{"200", json_response("New champion")},
                            {"401", error_response("Missing or wrong bearer token")},
                            {"404", error_response("No previous champion or unknown version")}},
                           {query("version", "string", "target version (default: the previous champion)"),
                            query("source", "string", "api (default) or cli")},
                           true)}}},
      {"/api/ml/model/info",
       {{"get", operation("The serving model: version, window, parameters, features, metrics, baselines, history",
                          "model", {{"200", json_response("Model info")}, {"404", error_response("No champion")}})}}},
      {"/api/predict/{symbol}",
       {{"get", operation("Latest probability and signal band of a symbol", "predictions",
                          {{"200", json_response("Prediction", "Prediction")},
                           {"404", error_response("Unknown symbol")},
                           {"422", error_response("Too little history for the model's features")}},
                          {path_param("symbol", "ticker, e.g. MSFT")})}}},
      {"/api/ranking",
       {{"get", operation("Symbols sorted by probability (the universe by default)", "predictions",
                          {{"200", json_response("Ranking")},
                           {"400", error_response("Bad parameter")},
                           {"404", error_response("Unknown symbol")}},
                          {query("symbols", "string", "comma-separated symbols")})}}},
  };
  return {{"openapi", "3.0.3"},
          {"info",
           {{"title", "MarketPredictor API"},
            {"version", "0.1.0"},
            {"description",
             "Predictions and MLOps endpoints of a self-hosted market-prediction engine. "
             "Errors are {\"error\":{\"code\",\"message\"}}."}}},
          {"servers", json::array({{{"url", "/"}}})},
          {"paths", paths},
          {"components",
           {{"schemas", schemas()}, {"securitySchemes", {{"bearer", {{"type", "http"}, {"scheme", "bearer"}}}}}}}};
}

}  // namespace mp::server
