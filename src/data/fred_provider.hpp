#pragma once
// FRED series download (keyless): GET {base}/graph/fredgraph.csv?id={SERIES}, base
// https://fred.stlouisfed.org by default, through the shared HttpClient (timeout, retries with
// backoff on network errors/429/5xx, rate limit). The body is the FRED graph CSV parsed by
// data/fred_csv.hpp; the whole history of the series comes back, its frequency inferred from the
// dates (conservatively, see infer_fred_frequency). Failures are ProviderError
// "fred: SERIES: reason".
#include "data/fred_csv.hpp"
#include "data/http_client.hpp"
#include "data/price_provider.hpp"

#include <string>
#include <string_view>

namespace mp::data {

std::string fred_graph_url(const std::string& base_url, const std::string& series_id);

// Parses a 200 response body for `series_id`. Throws ProviderError "fred: SERIES: reason" for an
// empty body, an HTML page instead of CSV, a CSV the parser rejects (its file:line:column message,
// the file being "fredgraph.csv?id=SERIES") or a CSV that does not hold the series asked for.
FredSeries parse_fred_response(std::string_view body, const std::string& series_id);

class FredProvider {
 public:
  static constexpr const char* kDefaultBaseUrl = "https://fred.stlouisfed.org";

  explicit FredProvider(const ProviderOptions& options = {});
  [[nodiscard]] std::string name() const { return "fred"; }
  // The whole history of one series ("DGS10", "VIXCLS", "GS10"), missing days as NaN.
  FredSeries fetch(const std::string& series_id);

 private:
  std::string base_url_;
  HttpClient http_;
};

}  // namespace mp::data
