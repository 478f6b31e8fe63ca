#pragma once
// Stooq daily CSV download (keyless): GET {base}/q/d/l/?s={symbol}&d1=YYYYMMDD&d2=YYYYMMDD&i=d,
// base https://stooq.com by default. Body "Date,Open,High,Low,Close,Volume" with split-adjusted
// prices and no adjusted-close column (adj = close). Parsed by the CSV importer, so the
// validation is the same as for imported files.
#include "data/http_client.hpp"
#include "data/price_provider.hpp"

#include <string>
#include <string_view>

namespace mp::data {

// Stooq's name of a symbol (the rule pandas-datareader uses): lower-cased; an index ("^spx") or a
// symbol with a market suffix .us .uk .de .jp .hk .hu is kept; ".pl" is dropped (Warsaw listings
// have none); anything else gets ".us":
// "AAPL" -> "aapl.us", "BRK-B" -> "brk-b.us", "^SPX" -> "^spx", "VOD.UK" -> "vod.uk", "CDR.PL" -> "cdr".
std::string stooq_symbol(const std::string& symbol);

std::string stooq_url(const std::string& base_url, const std::string& symbol, mp::Date first, mp::Date last);

// Parses a 200 response body for `symbol`. Throws ProviderError "stooq: SYMBOL: reason" for
// Stooq's plain-text answers ("Exceeded the daily hits limit" (affects all symbols), "No data"
// -> "no data"), an HTML page instead of CSV, or a CSV the importer rejects (its file:line:column
// message, the file being the Stooq symbol).
mp::SymbolSeries parse_stooq_csv(std::string_view body, const std::string& symbol);

class StooqProvider : public PriceProvider {
 public:
  static constexpr const char* kDefaultBaseUrl = "https://stooq.com";

  explicit StooqProvider(const ProviderOptions& options);
  [[nodiscard]] std::string name() const override { return "stooq"; }
  mp::SymbolSeries fetch(const std::string& symbol, mp::Date first, mp::Date last) override;

 private:
  std::string base_url_;
  HttpClient http_;
};

}  // namespace mp::data
