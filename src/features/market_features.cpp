// Registers the macro (FRED) and market (breadth, sector) features. They read auxiliary columns
// built by features/macro_join.hpp (add_macro_columns) and features/market_breadth.hpp
// (build_market_columns); a feature whose column is missing is NaN (the pipeline's rule).
// Chosen series (the bundled sample's names; docs/features_macro_market.md):
//   VIX            macro.vixcls    daily, CBOE VIX close (FRED VIXCLS; no history is bundled)
//   10-year yield  macro.gs10      monthly average (FRED GS10), not the daily DGS10
//   3-month yield  macro.gs3m      monthly average (FRED GS3M), for the slope gs10 - gs3m
//   US dollar      macro.twexbmth  monthly nominal broad dollar index, goods (FRED TWEXBMTH, Jan 1997
//                                  = 100, discontinued after 2019-12: NaN once its value expires)
#include "features/feature_registry.hpp"
#include "features/market_breadth.hpp"

#include <limits>

namespace mp::features {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Column names as literals (no static std::string: the registry may be built during static init).
constexpr const char* kVix = "macro.vixcls";
constexpr const char* kGs10 = "macro.gs10";
constexpr const char* kGs10Lag = "macro.gs10.lag_3m";
constexpr const char* kGs3m = "macro.gs3m";
constexpr const char* kDollar = "macro.twexbmth";
constexpr const char* kDollarLag = "macro.twexbmth.lag_3m";

using Compute = std::function<void(const PriceInputs&, std::span<double>, Workspace&)>;

// The auxiliary column `name` of the inputs (the pipeline checked that it exists; null otherwise).
const std::vector<double>* column(const PriceInputs& p, const std::string& name) {
  return p.aux == nullptr ? nullptr : p.aux->find(name);
}

// out = f(a[t], b[t]) for two aligned columns.
template <class F>
void combine(const PriceInputs& p, const std::string& a, const std::string& b, std::span<double> out, F f) {
  const auto* x = column(p, a);
  const auto* y = column(p, b);
  for (std::size_t t = 0; t < out.size(); ++t) out[t] = x && y ? f((*x)[t], (*y)[t]) : kNaN;
}

// out = the column as it is.
Compute copy_of(std::string name) {
  return [name = std::move(name)](const PriceInputs& p, std::span<double> out, Workspace&) {
    const auto* x = column(p, name);
    for (std::size_t t = 0; t < out.size(); ++t) out[t] = x ? (*x)[t] : kNaN;
  };
}

FeatureDef def(std::string name, std::string category, std::string params, std::string description, int warmup,
               std::vector<std::string> aux_inputs, Compute compute) {
  FeatureDef d{std::move(name), FeatureKind::Model, std::move(category), std::move(params), std::move(description), {},
               warmup,          std::move(compute)};
  d.aux_inputs = std::move(aux_inputs);
  return d;
}

void register_macro(FeatureRegistry& r) {
  r.add(def("macro_vix", "macro", "series=VIXCLS", "VIX close known at the row's date (published after the close)", 0,
            {kVix}, copy_of(kVix)));
  r.add(def("macro_vix_change_20", "macro", "series=VIXCLS period=20",
            "VIX change in points over 20 trading rows: vix[t] - vix[t-20]", 20, {kVix},
            [](const PriceInputs& p, std::span<double> out, Workspace&) {
              const auto* v = column(p, kVix);
              for (std::size_t t = 0; t < out.size(); ++t) out[t] = v && t >= 20 ? (*v)[t] - (*v)[t - 20] : kNaN;
            }));
  r.add(def("macro_treasury_10y", "macro", "series=GS10",
            "10-year Treasury constant-maturity yield, monthly average, % (usable after its month ends)", 0, {kGs10},
            copy_of(kGs10)));
  r.add(def("macro_treasury_10y_change_3m", "macro", "series=GS10 months=3",
            "10-year yield now minus the value known 3 calendar months earlier, percentage points", 0,
            {kGs10, kGs10Lag}, [](const PriceInputs& p, std::span<double> out, Workspace&) {
              combine(p, kGs10, kGs10Lag, out, [](double now, double then) { return now - then; });
            }));
  r.add(def("macro_yield_curve_slope", "macro", "series=GS10,GS3M",
            "yield-curve slope: 10-year minus 3-month constant-maturity yield (monthly), percentage points", 0,
            {kGs10, kGs3m}, [](const PriceInputs& p, std::span<double> out, Workspace&) {
              combine(p, kGs10, kGs3m, out, [](double ten, double three) { return ten - three; });
            }));
  r.add(def("macro_dollar_index", "macro", "series=TWEXBMTH",
            "nominal broad trade-weighted US dollar index, goods, monthly (Jan 1997 = 100)", 0, {kDollar},
            copy_of(kDollar)));
  r.add(def("macro_dollar_index_change_3m", "macro", "series=TWEXBMTH months=3",
            "dollar index / its value known 3 calendar months earlier - 1", 0, {kDollar, kDollarLag},
            [](const PriceInputs& p, std::span<double> out, Workspace&) {
              combine(p, kDollar, kDollarLag, out, [](double now, double then) { return now / then - 1.0; });
            }));
}

void register_market(FeatureRegistry& r) {
  r.add(def("market_advance_decline", "market", "universe",
            "advancers / decliners of the universe on the row's date (no decliner: advancers; all unchanged: 1)", 1,
            {kAdvanceDeclineColumn}, copy_of(kAdvanceDeclineColumn)));
  r.add(def("market_share_above_sma_50", "market", "universe period=50",
            "share of the universe's symbols whose close is above their 50-day SMA", 49, {kShareAboveSma50Column},
            copy_of(kShareAboveSma50Column)));
  r.add(def("market_sector_relative_return_20", "market", "universe period=20",
            "mean 20-day return of the symbol's sector minus the universe's mean 20-day return", 20,
            {kSectorRelativeReturn20Column}, copy_of(kSectorRelativeReturn20Column)));
}

}  // namespace

void register_market_features(FeatureRegistry& registry) {
  register_macro(registry);
  register_market(registry);
}

}  // namespace mp::features
