// Predictions from the serving snapshot: computed once per champion and data version, so a
// request is a lookup (and a ranking a sort of at most a few hundred entries).
#include "core/error.hpp"
#include "server/http_errors.hpp"
#include "server/routes.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <sstream>

namespace mp::server {

namespace {

std::shared_ptr<const retrain::ServingState> serving_or_throw(const RouteContext& context) {
  auto state = context.service.serving().current();
  if (!state) throw NotFoundError("no champion model is serving yet");
  return state;
}

nlohmann::json prediction_json(const ml::Prediction& p) {
  nlohmann::json missing = nlohmann::json::array();
  for (const auto& m : p.missing) missing.push_back({{"feature", m.feature}, {"source", m.source}});
  return {{"symbol", p.symbol},       {"probability", p.probability},
          {"signal", p.signal},       {"as_of", format_date(p.as_of)},
          {"degraded", p.degraded()}, {"missing_features", missing}};
}

// Symbols are case-insensitive: "msft" names MSFT. The stored spelling wins when it exists
// as asked; otherwise the upper-case form (how tickers are stored) is looked up.
std::string stored_symbol(const retrain::ServingState& state, const std::string& asked) {
  if (state.predictions.count(asked) != 0 || state.unavailable.count(asked) != 0) return asked;
  std::string upper = asked;
  std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
  return upper;
}

const ml::Prediction& find_prediction(const retrain::ServingState& state, const std::string& asked) {
  const auto symbol = stored_symbol(state, asked);
  if (auto it = state.predictions.find(symbol); it != state.predictions.end()) return it->second;
  if (auto it = state.unavailable.find(symbol); it != state.unavailable.end()) throw DataError(it->second);
  throw NotFoundError(fmt::format("unknown symbol '{}'", asked));
}

std::vector<std::string> requested_symbols(const httplib::Request& req, const RouteContext& context,
                                           const retrain::ServingState& state) {
  std::vector<std::string> symbols;
  if (req.has_param("symbols")) {
    std::stringstream list(req.get_param_value("symbols"));
    for (std::string symbol; std::getline(list, symbol, ',');) {
      if (!symbol.empty()) symbols.push_back(symbol);
    }
    if (symbols.empty()) throw ConfigError("query parameter 'symbols' is empty");
  } else if (!context.options.universe.empty()) {
    symbols = context.options.universe;
  } else {
    for (const auto& [symbol, prediction] : state.predictions) symbols.push_back(symbol);
  }
  return symbols;
}

}  // namespace

void add_prediction_routes(Router& router, RouteContext& context) {
  router.get(R"(/api/predict/([^/]+))", [&context](const httplib::Request& req, httplib::Response& res) {
    const auto state = serving_or_throw(context);
    auto body = prediction_json(find_prediction(*state, req.matches[1].str()));
    body["model_version"] = state->version;
    body["provisional"] = state->provisional;
    send_json(res, 200, body);
  });

  router.get("/api/ranking", [&context](const httplib::Request& req, httplib::Response& res) {
    const auto state = serving_or_throw(context);
    std::vector<const ml::Prediction*> ranked;
    nlohmann::json unavailable = nlohmann::json::object();
    std::set<std::string> seen;  // "msft,MSFT" ranks MSFT once
    for (const auto& asked : requested_symbols(req, context, *state)) {
      const auto symbol = stored_symbol(*state, asked);
      if (!seen.insert(symbol).second) continue;
      if (auto it = state->unavailable.find(symbol); it != state->unavailable.end()) {
        unavailable[symbol] = it->second;
        continue;
      }
      ranked.push_back(&find_prediction(*state, asked));
    }
    std::sort(ranked.begin(), ranked.end(), [](const auto* a, const auto* b) {
      return a->probability != b->probability ? a->probability > b->probability : a->symbol < b->symbol;
    });
    nlohmann::json rows = nlohmann::json::array();
    for (std::size_t i = 0; i < ranked.size(); ++i) {
      auto row = prediction_json(*ranked[i]);
      row["rank"] = i + 1;
      rows.push_back(std::move(row));
    }
    send_json(res, 200,
              {{"model_version", state->version},
               {"provisional", state->provisional},
               {"count", rows.size()},
               {"ranking", rows},
               {"unavailable", unavailable}});
  });
}

}  // namespace mp::server
