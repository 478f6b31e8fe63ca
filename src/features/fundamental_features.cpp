// Registers the point-in-time fundamental ratios. They read the fund.* auxiliary columns that
// add_fundamental_columns() (features/fundamentals_join.hpp) builds from filed statements; a symbol
// without those columns (the Dow sample has no fundamentals) gets NaN, never 0. Valuation ratios use
// the market capitalisation of the row (close x shares outstanding) rather than close / EPS, see
// docs/fundamentals.md.
#include "features/feature_registry.hpp"
#include "features/fundamentals_join.hpp"

#include <cmath>
#include <limits>

namespace mp::features {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::span<const double> column(const PriceInputs& p, const char* name) { return *p.aux->find(name); }

// out = numerator / denominator where the denominator is > 0 (and, if asked, the numerator too).
void positive_ratio(std::span<const double> numerator, std::span<const double> denominator, bool positive_numerator,
                    std::span<double> out) {
  for (std::size_t i = 0; i < out.size(); ++i) {
    const bool valid = denominator[i] > 0.0 && (!positive_numerator || numerator[i] > 0.0);
    out[i] = valid ? numerator[i] / denominator[i] : kNaN;  // NaN compares false: stays NaN
  }
}

FeatureDef def(std::string name, std::string description, std::vector<std::string> aux_inputs,
               std::function<void(const PriceInputs&, std::span<double>, Workspace&)> compute) {
  FeatureDef d{std::move(name),
               FeatureKind::Model,
               "fundamental",
               "ttm=4 quarters",
               std::move(description),
               {PriceField::Close},
               0,
               std::move(compute)};
  d.aux_inputs = std::move(aux_inputs);
  return d;
}

// A feature that is numerator / denominator of two fund.* columns.
FeatureDef ratio_def(std::string name, std::string description, const char* numerator, const char* denominator,
                     bool positive_numerator) {
  return def(std::move(name), std::move(description), {numerator, denominator},
             [=](const PriceInputs& p, std::span<double> out, Workspace&) {
               positive_ratio(column(p, numerator), column(p, denominator), positive_numerator, out);
             });
}

// A feature that is a fund.* column as it is.
FeatureDef copy_def(std::string name, std::string description, const char* source) {
  return def(std::move(name), std::move(description), {source},
             [=](const PriceInputs& p, std::span<double> out, Workspace&) {
               const auto values = column(p, source);
               std::copy(values.begin(), values.end(), out.begin());
             });
}

}  // namespace

void register_fundamental_features(FeatureRegistry& registry) {
  using namespace fund;
  // P/E as market cap / TTM net income: independent of the EPS split scale (NaN at a loss).
  registry.add(ratio_def("pe", "price/earnings: market cap / TTM net income (NaN when earnings <= 0)", kMarketCap,
                         kNetIncomeTtm, false));
  registry.add(def("peg", "PEG: P/E / (100 x YoY growth of TTM diluted EPS) (NaN unless earnings and growth > 0)",
                   {kMarketCap, kNetIncomeTtm, kEpsGrowthYoy},
                   [](const PriceInputs& p, std::span<double> out, Workspace&) {
                     positive_ratio(column(p, kMarketCap), column(p, kNetIncomeTtm), false, out);
                     const auto growth = column(p, kEpsGrowthYoy);
                     for (std::size_t i = 0; i < out.size(); ++i) {
                       out[i] = growth[i] > 0.0 ? out[i] / (100.0 * growth[i]) : kNaN;
                     }
                   }));
  registry.add(ratio_def("roe", "return on equity: TTM net income / latest stockholders' equity (NaN if equity <= 0)",
                         kNetIncomeTtm, kEquity, false));
  registry.add(ratio_def("debt_to_equity",
                         "total liabilities / stockholders' equity, latest balance sheet (NaN if equity <= 0)",
                         kLiabilities, kEquity, false));
  registry.add(ratio_def("profit_margin", "TTM net income / TTM revenue", kNetIncomeTtm, kRevenueTtm, false));
  registry.add(
      ratio_def("operating_margin", "TTM operating income / TTM revenue", kOperatingIncomeTtm, kRevenueTtm, false));
  registry.add(copy_def("eps_growth",
                        "YoY growth of TTM diluted EPS: ttm / ttm a year earlier - 1 (NaN unless that > 0)",
                        kEpsGrowthYoy));
  registry.add(
      copy_def("revenue_growth", "YoY growth of TTM revenue: ttm / ttm a year earlier - 1", kRevenueGrowthYoy));
  registry.add(ratio_def("fcf_yield", "TTM free cash flow (operating cash flow - capex) / market cap", kFcfTtm,
                         kMarketCap, false));
  registry.add(ratio_def("dividend_yield", "TTM cash dividends paid / market cap", kDividendsTtm, kMarketCap, false));
  registry.add_set("fundamental", {"pe", "peg", "roe", "debt_to_equity", "profit_margin", "operating_margin",
                                   "eps_growth", "revenue_growth", "fcf_yield", "dividend_yield"});
}

}  // namespace mp::features
