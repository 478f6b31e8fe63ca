// /health, /openapi.json and the Swagger UI at /docs (served from the web directory, no network
// needed: MP_WEB_DIR of the build, where CMake copies docs.html and npm's swagger-ui-dist).
#include "server/http_errors.hpp"
#include "server/routes.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>

namespace mp::server {

void add_system_routes(Router& router, RouteContext& context) {
  router.get("/health", [&context](const httplib::Request&, httplib::Response& res) {
    const auto state = context.service.serving().current();
    const auto uptime =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - context.started);
    send_json(res, 200,
              {{"status", state ? "ok" : "starting"},
               {"champion", state ? nlohmann::json(state->version) : nlohmann::json(nullptr)},
               {"provisional", state ? state->provisional : false},
               {"uptime_seconds", uptime.count()}});
  });
  router.get("/openapi.json",
             [](const httplib::Request&, httplib::Response& res) { send_json(res, 200, openapi_document()); });
  const auto web = context.options.web_root;
  router.get("/docs/?", [web](const httplib::Request&, httplib::Response& res) {
    // A page without its script would be blank: say what is missing instead.
    for (const auto& file : {web / "docs.html", web / "swagger-ui" / "swagger-ui-bundle.js"}) {
      if (!std::filesystem::is_regular_file(file)) {
        return send_error(res, 503, "docs_unavailable",
                          "Swagger UI is not installed: " + file.string() + " is missing (build the mpredict target)");
      }
    }
    std::ifstream in(web / "docs.html", std::ios::binary);
    res.set_content(std::string(std::istreambuf_iterator<char>(in), {}), "text/html; charset=utf-8");
  });
  router.static_files("/docs", web / "swagger-ui");
  router.get("/", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/docs"); });
}

}  // namespace mp::server
