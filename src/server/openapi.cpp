// The OpenAPI 3.0.3 description of every route, kept beside the routes. Every response names its
// schema (objects list their properties, or say what their values are), every operation has an
// operationId. tests/openapi/check_api.js validates this document with swagger-parser and checks
// each route's answers against it; the e2e tests check that every route is described.
#include "server/routes.hpp"

namespace mp::server {

namespace {

using nlohmann::json;

// OpenAPI 3.0 has no "null" type: `nullable` adds null to the type of the same schema only, so a
// nullable object is written out in place, not as a $ref (whose siblings are ignored).
json nullable(json schema) {
  schema["nullable"] = true;
  if (schema.contains("enum")) schema["enum"].push_back(nullptr);  // an enum must list null too
  return schema;
}

json string_schema(const std::string& format = "") {
  json s = {{"type", "string"}};
  if (!format.empty()) s["format"] = format;
  return s;
}

json enum_schema(const std::vector<std::string>& values) { return {{"type", "string"}, {"enum", values}}; }
json number_schema() { return {{"type", "number"}}; }
json integer_schema() { return {{"type", "integer"}}; }
json boolean_schema() { return {{"type", "boolean"}}; }
json array_of(json items) { return {{"type", "array"}, {"items", std::move(items)}}; }
json ref(const std::string& name) { return {{"$ref", "#/components/schemas/" + name}}; }

json object_schema(json properties, const std::vector<std::string>& required = {}) {
  json s = {{"type", "object"}, {"properties", std::move(properties)}};
  if (!required.empty()) s["required"] = required;
  return s;
}

// An object whose keys are data (symbols, parameter names): what its values are.
json map_of(json values, const std::string& description) {
  return {{"type", "object"}, {"additionalProperties", std::move(values)}, {"description", description}};
}

json binary_metrics_schema() {
  json properties = {{"count", integer_schema()}, {"positives", integer_schema()}};
  for (const auto* name : {"accuracy", "precision", "recall", "f1", "roc_auc", "log_loss", "brier"}) {
    properties[name] = nullable(number_schema());
  }
  return object_schema(properties, {"count", "accuracy", "precision", "recall", "f1", "roc_auc"});
}

json baselines_schema() {
  return object_schema({{"majority", ref("BinaryMetrics")}, {"always_up", ref("BinaryMetrics")}},
                       {"majority", "always_up"});
}

json split_schema() {
  return object_schema({{"method", string_schema()}, {"folds", integer_schema()}, {"embargo", integer_schema()}},
                       {"method", "folds"});
}

json scored_schema() {
  return object_schema({{"model", ref("BinaryMetrics")}, {"baselines", baselines_schema()}}, {"model", "baselines"});
}

json fold_schema() {
  const json period = object_schema({{"start", string_schema("date")},
                                     {"end", string_schema("date")},
                                     {"rows", integer_schema()},
                                     {"positive_rate", nullable(number_schema())},
                                     {"purged", integer_schema()},
                                     {"embargoed", integer_schema()}},
                                    {"start", "end", "rows"});
  return object_schema({{"fold", integer_schema()},
                        {"model", ref("BinaryMetrics")},
                        {"baselines", baselines_schema()},
                        {"selected_features", array_of(string_schema())},
                        {"train", period},
                        {"test", period}},
                       {"fold", "model"});
}

json evaluation_summary_schema() {
  return object_schema({{"split", split_schema()}, {"rows", integer_schema()}, {"pooled", scored_schema()}},
                       {"split", "rows", "pooled"});
}

json gate_verdict_schema() {
  const json check = object_schema({{"gate", string_schema()},
                                    {"passed", boolean_schema()},
                                    {"value", nullable(number_schema())},
                                    {"limit", number_schema()},
                                    {"message", string_schema()}},
                                   {"gate", "passed", "value", "limit"});
  return object_schema(
      {{"passed", boolean_schema()}, {"beats_champion", boolean_schema()}, {"checks", array_of(check)}},
      {"passed", "checks"});
}

json job_schema() {
  return object_schema(
      {{"id", string_schema()},
       {"kind", enum_schema({"daily", "full", "bootstrap"})},
       {"trigger", string_schema()},
       {"force", boolean_schema()},
       {"state", enum_schema({"queued", "running", "completed", "failed"})},
       {"created", string_schema()},
       {"started", nullable(string_schema())},
       {"finished", nullable(string_schema())},
       {"stage", string_schema()},
       {"progress", number_schema()},
       {"outcome", nullable(enum_schema({"promoted", "provisional", "forced", "rejected"}))},
       {"candidate_version", nullable(string_schema())},
       {"error", nullable(string_schema())},
       {"metrics", nullable(evaluation_summary_schema())},
       {"gates", nullable(gate_verdict_schema())},
       {"log",
        {{"type", "array"}, {"items", string_schema()}, {"description", "time-stamped lines (job route only)"}}}},
      {"id", "kind", "trigger", "state", "stage", "progress", "outcome"});
}

json current_metrics_schema() {
  json properties = json::object();
  for (const auto* name : {"f1_score", "accuracy", "precision", "recall"}) properties[name] = nullable(number_schema());
  auto s = object_schema(properties, {"f1_score", "accuracy", "precision", "recall"});
  s["description"] = "the champion's pooled walk-forward metrics (the original system's field)";
  return s;
}

json status_schema() {
  const json scheduler =
      object_schema({{"enabled", boolean_schema()}, {"running", boolean_schema()}}, {"enabled", "running"});
  const json gates = object_schema(
      {{"min_f1", number_schema()}, {"min_accuracy", number_schema()}, {"max_relative_f1_drop", number_schema()}},
      {"min_f1", "min_accuracy", "max_relative_f1_drop"});
  json properties = {{"running", boolean_schema()},
                     {"current_job", nullable(job_schema())},
                     {"last_run", nullable(job_schema())},
                     {"scheduler", scheduler},
                     {"scheduled_jobs", array_of(ref("ScheduledJob"))},
                     {"next_retraining", nullable(string_schema("date-time"))},
                     {"champion", nullable(string_schema())},
                     {"provisional", boolean_schema()},
                     {"current_metrics", nullable(current_metrics_schema())},
                     {"model_path", nullable(string_schema())},
                     {"backup_path", nullable(string_schema())},
                     {"gates", gates}};
  std::vector<std::string> required;
  for (const auto& [name, schema] : properties.items()) required.push_back(name);
  return object_schema(properties, required);
}

json model_info_schema() {
  const json window = object_schema({{"first_date", string_schema("date")},
                                     {"last_date", string_schema("date")},
                                     {"rows", integer_schema()},
                                     {"symbols", integer_schema()},
                                     {"positive_rate", nullable(number_schema())},
                                     {"data_fingerprint", string_schema()},
                                     {"dataset_hash", string_schema()}},
                                    {"first_date", "last_date", "rows", "symbols"});
  const json parameters = object_schema(
      {{"type", string_schema()}, {"params", map_of(json::object(), "model parameters by name")}}, {"type", "params"});
  const json label = object_schema({{"type", string_schema()},
                                    {"horizon", integer_schema()},
                                    {"threshold", number_schema()},
                                    {"description", string_schema()}},
                                   {"type", "horizon", "threshold", "description"});
  const json evaluation = object_schema({{"split", split_schema()},
                                         {"rows", integer_schema()},
                                         {"skipped_folds", array_of(integer_schema())},
                                         {"folds", array_of(fold_schema())},
                                         {"pooled", scored_schema()}},
                                        {"split", "folds", "pooled"});
  return object_schema({{"version", string_schema()},
                        {"provisional", boolean_schema()},
                        {"created", string_schema()},
                        {"training_window", window},
                        {"parameters", parameters},
                        {"features", array_of(string_schema())},
                        {"feature_count", integer_schema()},
                        {"feature_set", string_schema()},
                        {"selection", map_of(json::object(), "the feature selection fitted on the training rows")},
                        {"candidate_features", array_of(string_schema())},
                        {"column_settings", map_of(json::object(), "settings the auxiliary columns were built with")},
                        {"label", label},
                        {"metrics", nullable(binary_metrics_schema())},
                        {"baselines", nullable(baselines_schema())},
                        {"evaluation", evaluation},
                        {"history", array_of(ref("HistoryEvent"))},
                        {"model_path", string_schema()},
                        {"backup_path", nullable(string_schema())}},
                       {"version", "provisional", "training_window", "parameters", "features", "feature_count", "label",
                        "metrics", "baselines", "evaluation", "history", "model_path", "backup_path"});
}

json prediction_properties() {
  return {{"symbol", string_schema()},
          {"probability", number_schema()},
          {"signal", enum_schema({"STRONG BUY", "BUY", "HOLD", "CONSIDER SELLING", "SELL"})},
          {"as_of", string_schema("date")},
          // Features without data at the scored date that had data in training: the probability is
          // not what the model gives with its data.
          {"degraded", boolean_schema()},
          {"missing_features", array_of(object_schema({{"feature", string_schema()}, {"source", string_schema()}},
                                                      {"feature", "source"}))}};
}

json schemas() {
  auto prediction = prediction_properties();
  prediction["model_version"] = string_schema();
  prediction["provisional"] = boolean_schema();
  auto ranked = prediction_properties();
  ranked["rank"] = integer_schema();
  const json error_body = object_schema({{"code", string_schema()}, {"message", string_schema()}}, {"code", "message"});
  return {
      {"Error", object_schema({{"error", error_body}}, {"error"})},
      {"Health", object_schema({{"status", enum_schema({"ok", "starting"})},
                                {"champion", nullable(string_schema())},
                                {"provisional", boolean_schema()},
                                {"uptime_seconds", integer_schema()}},
                               {"status", "champion", "provisional", "uptime_seconds"})},
      {"OpenApiDocument",
       object_schema({{"openapi", string_schema()},
                      {"info", object_schema({{"title", string_schema()}, {"version", string_schema()}}, {"title"})},
                      {"paths", map_of({{"type", "object"}, {"additionalProperties", true}}, "Path Item Objects")},
                      {"components", map_of(json::object(), "schemas and security schemes")}},
                     {"openapi", "info", "paths"})},
      {"BinaryMetrics", binary_metrics_schema()},
      {"Job", job_schema()},
      {"JobConflict", object_schema({{"error", error_body}, {"job", ref("Job")}}, {"error", "job"})},
      {"TriggerAccepted", object_schema({{"status", enum_schema({"started"})},
                                         {"message", string_schema()},
                                         {"job_id", string_schema()},
                                         {"job", ref("Job")}},
                                        {"status", "message", "job_id", "job"})},
      {"RollbackResult", object_schema({{"success", boolean_schema()},
                                        {"message", string_schema()},
                                        {"champion", string_schema()},
                                        {"previous", nullable(string_schema())},
                                        {"provisional", boolean_schema()}},
                                       {"success", "message", "champion", "previous", "provisional"})},
      {"ScheduledJob", object_schema({{"name", string_schema()},
                                      {"cron", string_schema()},
                                      {"next_run", string_schema("date-time")},
                                      {"timezone", string_schema()}},
                                     {"name", "cron", "next_run", "timezone"})},
      {"Status", status_schema()},
      {"HistoryEvent", object_schema({{"time", string_schema()},
                                      {"action", string_schema()},
                                      {"version", string_schema()},
                                      {"previous", string_schema()},
                                      {"reason", string_schema()},
                                      {"trigger", string_schema()}},
                                     {"time", "action", "version", "previous", "reason", "trigger"})},
      {"ModelInfo", model_info_schema()},
      {"Prediction", object_schema(prediction, {"symbol", "probability", "signal", "as_of", "degraded",
                                                "missing_features", "model_version", "provisional"})},
      {"RankedPrediction",
       object_schema(ranked, {"symbol", "probability", "signal", "as_of", "degraded", "missing_features", "rank"})},
      {"Ranking", object_schema({{"model_version", string_schema()},
                                 {"provisional", boolean_schema()},
                                 {"count", integer_schema()},
                                 {"ranking", array_of(ref("RankedPrediction"))},
                                 {"unavailable", map_of(string_schema(), "symbol -> why it has no prediction")}},
                                {"model_version", "provisional", "count", "ranking", "unavailable"})},
  };
}

json response(const std::string& description, const std::string& schema, json headers = json::object()) {
  json r = {{"description", description}, {"content", {{"application/json", {{"schema", ref(schema)}}}}}};
  if (!headers.empty()) r["headers"] = std::move(headers);
  return r;
}

json error_response(const std::string& description) { return response(description, "Error"); }

json header(const std::string& description) { return {{"description", description}, {"schema", string_schema()}}; }

json query(const std::string& name, json schema, const std::string& description) {
  return {{"name", name}, {"in", "query"}, {"required", false}, {"description", description}, {"schema", schema}};
}

json path_param(const std::string& name, const std::string& description) {
  return {
      {"name", name}, {"in", "path"}, {"required", true}, {"description", description}, {"schema", string_schema()}};
}

json operation(const std::string& id, const std::string& summary, const std::string& tag, json responses,
               json parameters = json::array(), bool secured = false) {
  responses["400"] = error_response("Undecodable request (e.g. a path or query that is not UTF-8) or bad parameter");
  responses["413"] = error_response("Body above max_body_bytes (refused before it is read; no route uses a body)");
  json op = {{"operationId", id}, {"summary", summary}, {"tags", {tag}}, {"responses", std::move(responses)}};
  if (!parameters.empty()) op["parameters"] = std::move(parameters);
  if (secured) {
    op["security"] = json::array({{{"bearer", json::array()}}});
    op["responses"]["401"] = response("Missing or wrong bearer token (when a token is configured)", "Error",
                                      {{"WWW-Authenticate", header("Bearer")}});
  }
  return op;
}

json paths() {
  const json html = {{"description", "HTML page"}, {"content", {{"text/html", {{"schema", string_schema()}}}}}};
  return {
      {"/health",
       {{"get",
         operation("getHealth", "Liveness and the serving champion", "system", {{"200", response("OK", "Health")}})}}},
      {"/openapi.json",
       {{"get", operation("getOpenApi", "This document", "system",
                          {{"200", response("OpenAPI 3 document", "OpenApiDocument")}})}}},
      {"/docs",
       {{"get",
         operation("getDocs", "Swagger UI (also at /docs/)", "system",
                   {{"200", html}, {"503", error_response("Swagger UI files missing from the web directory")}})}}},
      {"/api/ml/retraining/status",
       {{"get", operation("getRetrainingStatus",
                          "Retraining status: running job, last run, schedule, champion, its metrics and paths, gates",
                          "retraining", {{"200", response("Status", "Status")}})}}},
      {"/api/ml/retraining/trigger",
       {{"post",
         operation(
             "triggerRetraining", "Start a retraining (one at a time); a POST without a body is fine", "retraining",
             {{"202", response("Accepted: job id and job", "TriggerAccepted", {{"Location", header("the job's URL")}})},
              {"409", response("A retraining is already running (its job is included)", "JobConflict")}},
             {query("force", boolean_schema(), "skip the gates (recorded as forced)"),
              query("full", boolean_schema(), "train on the full history (the weekly job)"),
              query("source", enum_schema({"api", "cli"}), "who asked, recorded in the history")},
             true)}}},
      {"/api/ml/retraining/jobs/{id}",
       {{"get", operation("getRetrainingJob", "A retraining job: state, stage, progress, outcome, log lines",
                          "retraining", {{"200", response("Job", "Job")}, {"404", error_response("Unknown job")}},
                          {path_param("id", "job id from trigger")})}}},
      {"/api/ml/retraining/rollback",
       {{"post",
         operation("rollbackModel", "Roll back to the previous champion or a given version (hot swap)", "retraining",
                   {{"200", response("New champion", "RollbackResult")},
                    {"404", error_response("No previous champion or unknown version")},
                    {"409", error_response("The version is already the champion")}},
                   {query("version", string_schema(), "target version (default: the previous champion)"),
                    query("source", enum_schema({"api", "cli"}), "who asked, recorded in the history")},
                   true)}}},
      {"/api/ml/model/info",
       {{"get",
         operation("getModelInfo",
                   "The serving model: version, paths, window, parameters, features, metrics, baselines, history",
                   "model", {{"200", response("Model info", "ModelInfo")}, {"404", error_response("No champion")}})}}},
      {"/api/predict/{symbol}",
       {{"get",
         operation("predictSymbol", "Latest probability and signal band of a symbol (case-insensitive)", "predictions",
                   {{"200", response("Prediction", "Prediction")},
                    {"404", error_response("Unknown symbol")},
                    {"422", error_response("Too little history for the model's features")}},
                   {path_param("symbol", "ticker, e.g. MSFT (or msft)")})}}},
      {"/api/ranking",
       {{"get", operation("getRanking", "Symbols sorted by probability (the universe by default)", "predictions",
                          {{"200", response("Ranking", "Ranking")}, {"404", error_response("Unknown symbol")}},
                          {query("symbols", string_schema(), "comma-separated symbols, case-insensitive")})}}},
  };
}

}  // namespace

json openapi_document() {
  return {{"openapi", "3.0.3"},
          {"info",
           {{"title", "MarketPredictor API"},
            {"version", "0.1.0"},
            {"description",
             "Predictions and MLOps endpoints of a self-hosted market-prediction engine. Errors are "
             "{\"error\":{\"code\",\"message\"}}. A method a path does not list gets 405 with an Allow header; an "
             "unknown path 404. Requests are refused on their headers, before any body is read, when the path or "
             "query is not UTF-8 (400), the route or method is wrong, the token is missing (401) or the declared "
             "body is above max_body_bytes (413)."}}},
          {"servers", json::array({{{"url", "/"}}})},
          {"paths", paths()},
          {"components",
           {{"schemas", schemas()}, {"securitySchemes", {{"bearer", {{"type", "http"}, {"scheme", "bearer"}}}}}}}};
}

}  // namespace mp::server
