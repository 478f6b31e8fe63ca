// Registers the news, Reddit, analyst, ownership and insider features. They read the auxiliary
// columns built by add_sentiment_columns / add_alt_data_columns (features/sentiment_join.hpp);
// a symbol without those columns (no news source configured, as in the bundled sample) gets NaN,
// never 0.
#include "features/feature_registry.hpp"
#include "features/sentiment_join.hpp"

#include <cmath>
#include <limits>

namespace mp::features {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

const std::vector<double>& column(const PriceInputs& p, const std::string& name) { return *p.aux->find(name); }

// sign(x) * log(1 + |x|): compresses counts and Reddit scores that span orders of magnitude.
double signed_log1p(double x) { return std::copysign(std::log1p(std::fabs(x)), x); }

template <typename Transform>
void map_column(const PriceInputs& p, const std::string& name, std::span<double> out, Transform transform) {
  const auto& values = column(p, name);
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = i < values.size() ? transform(values[i]) : kNaN;
}

FeatureDef def(std::string name, std::string params, std::string description, std::vector<std::string> aux,
               std::function<void(const PriceInputs&, std::span<double>, Workspace&)> compute) {
  FeatureDef d;
  d.name = std::move(name);
  d.kind = FeatureKind::Model;
  d.category = "sentiment";
  d.parameters = std::move(params);
  d.description = std::move(description);
  d.warmup = 0;
  d.compute = std::move(compute);
  d.aux_inputs = std::move(aux);
  return d;
}

void register_news(FeatureRegistry& r) {
  r.add(def("news_sentiment", "half_life_days (config, default 3)",
            "decayed mean headline score in [-1,1]: decayed sum of scores / decayed count; NaN before the "
            "symbol's first headline",
            {kNewsScoreColumn, kNewsCountColumn}, [](const PriceInputs& p, std::span<double> out, Workspace&) {
              const auto& score = column(p, kNewsScoreColumn);
              const auto& count = column(p, kNewsCountColumn);
              for (std::size_t i = 0; i < out.size(); ++i) {
                const bool known = i < score.size() && i < count.size() && count[i] > 0.0;
                out[i] = known ? score[i] / count[i] : kNaN;
              }
            }));
  r.add(def("news_volume", "half_life_days (config, default 3)", "log1p of the decayed count of headlines",
            {kNewsCountColumn}, [](const PriceInputs& p, std::span<double> out, Workspace&) {
              map_column(p, kNewsCountColumn, out, [](double v) { return std::log1p(v); });
            }));
}

void register_reddit(FeatureRegistry& r) {
  r.add(def("reddit_mentions", "half_life_days (config, default 3)",
            "log1p of the decayed count of Reddit posts mentioning the symbol", {kRedditMentionsColumn},
            [](const PriceInputs& p, std::span<double> out, Workspace&) {
              map_column(p, kRedditMentionsColumn, out, [](double v) { return std::log1p(v); });
            }));
  r.add(def("reddit_score", "half_life_days (config, default 3)",
            "sign(s)*log1p(|s|) of the decayed sum s of those posts' Reddit scores, counted from when observed",
            {kRedditScoreColumn}, [](const PriceInputs& p, std::span<double> out, Workspace&) {
              map_column(p, kRedditScoreColumn, out, signed_log1p);
            }));
}

void register_alt_data(FeatureRegistry& r) {
  r.add(def("analyst_rating", "",
            "latest consensus analyst rating, 1 = strong sell .. 5 = strong buy (as of "
            "the day after publication)",
            {kAnalystRatingColumn}, [](const PriceInputs& p, std::span<double> out, Workspace&) {
              map_column(p, kAnalystRatingColumn, out, [](double v) { return v; });
            }));
  r.add(def("institutional_ownership", "", "latest institutional ownership as a fraction (percent / 100)",
            {kInstitutionalOwnershipColumn}, [](const PriceInputs& p, std::span<double> out, Workspace&) {
              map_column(p, kInstitutionalOwnershipColumn, out, [](double v) { return v / 100.0; });
            }));
  r.add(def("insider_net_buying", "", "sign(x)*log1p(|x|) of the latest published insider net buying x",
            {kInsiderNetBuyingColumn}, [](const PriceInputs& p, std::span<double> out, Workspace&) {
              map_column(p, kInsiderNetBuyingColumn, out, signed_log1p);
            }));
}

}  // namespace

void register_sentiment_features(FeatureRegistry& registry) {
  register_news(registry);
  register_reddit(registry);
  register_alt_data(registry);
  registry.add_set("sentiment", {"news_sentiment", "news_volume", "reddit_mentions", "reddit_score"});
  registry.add_set("alt_data", {"analyst_rating", "institutional_ownership", "insider_net_buying"});
}

}  // namespace mp::features
