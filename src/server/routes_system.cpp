// /health, /openapi.json and the Swagger UI at /docs (served from web/, no network needed).
#include "server/http_errors.hpp"
#include "server/routes.hpp"

#include <fstream>
#include <iterator>

namespace mp::server {

void add_system_routes(httplib::Server& http, RouteContext& context) {
  http.Get("/health", [&context](const httplib::Request&, httplib::Response& res) {
    const auto state = context.service.serving().current();
    const auto uptime =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - context.started);
    send_json(res, 200,
              {{"status", state ? "ok" : "starting"},
               {"champion", state ? nlohmann::json(state->version) : nlohmann::json(nullptr)},
               {"provisional", state ? state->provisional : false},
               {"uptime_seconds", uptime.count()}});
  });
  http.Get("/openapi.json",
           [](const httplib::Request&, httplib::Response& res) { send_json(res, 200, openapi_document()); });
  const auto web = context.options.web_root;
  http.Get("/docs", [web](const httplib::Request&, httplib::Response& res) {
    const auto page = web / "docs.html";
    std::ifstream in(page, std::ios::binary);
    if (!in) return send_error(res, 404, "not_found", "Swagger UI page missing: " + page.string());
    res.set_content(std::string(std::istreambuf_iterator<char>(in), {}), "text/html; charset=utf-8");
  });
  http.set_mount_point("/docs", (web / "swagger-ui").string());
  http.Get("/", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/docs"); });
}

}  // namespace mp::server
