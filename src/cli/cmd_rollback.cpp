// mpredict rollback: back to the previous champion (or a given version) on a running server.
#include "cli/api_client.hpp"
#include "cli/commands.hpp"

#include <fmt/format.h>

#include <memory>

namespace mp::cli {

namespace {
struct RollbackOptions {
  ClientOptions client;
  std::string version;
};
}  // namespace

void add_rollback_command(CLI::App& app, const GlobalOptions& global) {
  auto o = std::make_shared<RollbackOptions>();
  auto* cmd = app.add_subcommand("rollback", "Roll the serving model back (hot swap, no restart)");
  add_client_options(*cmd, o->client);
  cmd->add_option("--version", o->version, "version to serve (default: the previous champion)");
  cmd->callback([o, &global] {
    ApiClient client(o->client, effective_config(global));
    std::string path = "/api/ml/retraining/rollback?source=cli";
    if (!o->version.empty()) path += "&version=" + o->version;
    const auto body = client.expect_ok(client.post(path));
    if (o->client.json) return fmt::print("{}\n", body.dump(2));
    fmt::print("champion is now {} (was {})\n", text_or(body["champion"]), text_or(body["previous"]));
  });
}

}  // namespace mp::cli
