// GET /api/ml/model/info: the serving champion, its evaluation, baselines and history.
#include "server/http_errors.hpp"
#include "server/routes.hpp"

namespace mp::server {

void add_model_routes(Router& router, RouteContext& context) {
  router.get("/api/ml/model/info", [&context](const httplib::Request&, httplib::Response& res) {
    send_json(res, 200, context.service.model_info());
  });
}

}  // namespace mp::server
