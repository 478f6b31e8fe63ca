#pragma once
// Route groups, one file per resource.
#include "retrain/retraining_service.hpp"
#include "server/api_server.hpp"

#include <httplib.h>

namespace mp::server {

struct RouteContext {
  retrain::RetrainingService& service;
  const ServerOptions& options;
  std::chrono::steady_clock::time_point started;
};

void add_retraining_routes(httplib::Server& http, RouteContext& context);
void add_model_routes(httplib::Server& http, RouteContext& context);
void add_prediction_routes(httplib::Server& http, RouteContext& context);
void add_system_routes(httplib::Server& http, RouteContext& context);

// True when the request may change state; otherwise answers 401 and returns false.
bool authorized(const httplib::Request& req, httplib::Response& res, const RouteContext& context);

nlohmann::json openapi_document();

}  // namespace mp::server
