// mpredict symbols: what the market store holds.
#include "cli/commands.hpp"
#include "data/market_store.hpp"

#include <fmt/format.h>

namespace mp::cli {

void add_symbols_command(CLI::App& app, const GlobalOptions& global) {
  auto* cmd = app.add_subcommand("symbols", "List the symbols in the market store with their date ranges");
  cmd->callback([&global] {
    const auto config = effective_config(global);
    data::MarketStore store(config.data.store);
    const auto ranges = store.list();
    if (ranges.empty()) {
      fmt::print("{} holds no bars (import some with `mpredict import`)\n", store.path());
      return;
    }
    fmt::print("{:<10} {:<10} {:<10} {:>7}\n", "symbol", "first", "last", "bars");
    for (const auto& r : ranges) {
      fmt::print("{:<10} {:<10} {:<10} {:>7}\n", r.symbol, format_date(r.first), format_date(r.last), r.bars);
    }
  });
}

}  // namespace mp::cli
