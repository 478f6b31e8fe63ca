#pragma once
// SEC EDGAR XBRL "companyfacts": every number a company tagged in its filings, with the date each
// filing was made, so fundamentals can be used point in time (docs/fundamentals.md).
//
//   GET {base}/api/xbrl/companyfacts/CIK##########.json   (10-digit zero-padded CIK;
//       base https://data.sec.gov) -> {"cik":320193,"entityName":"Apple Inc.","facts":{"dei":{...},
//       "us-gaap":{"<Concept>":{"label":..,"units":{"<unit>":[{"start":..,"end":..,"val":..,
//       "accn":..,"fy":..,"fp":..,"form":..,"filed":..,"frame":..}, ...]}}}}}
//   GET https://www.sec.gov/files/company_tickers.json
//       -> {"0":{"cik_str":320193,"ticker":"AAPL","title":"Apple Inc."}, ...}
//
// SEC's fair-access policy: every request must declare a User-Agent naming the requester with a
// contact e-mail ("Sample Company Name AdminContact@samplecompany.com"), and a client may make at
// most 10 requests per second. EdgarProvider refuses to start without such a User-Agent and spaces
// its requests (ticker map and companyfacts alike, one client) at least 0.1 s apart.
#include "core/fundamental_fact.hpp"
#include "data/http_client.hpp"
#include "data/price_provider.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mp::data {

struct EdgarOptions {
  std::string base_url;     // empty = https://data.sec.gov; a trailing '/' is ignored
  std::string tickers_url;  // empty = https://www.sec.gov/files/company_tickers.json
  // Required: "Name contact@example.com" (SEC rejects anonymous clients). Overrides http.user_agent.
  std::string user_agent;
  // min_interval_seconds is raised to at least kMinIntervalSeconds (SEC's 10 requests/s).
  HttpOptions http;
  // Ticker -> CIK for symbols company_tickers.json does not list (it holds current listings only:
  // delisted or renamed companies need an entry here). Looked up before the ticker map.
  std::map<std::string, std::uint64_t> ciks;
};

// The us-gaap (or dei) tags read for each canonical concept, in order of preference: for one
// period in one filing, the first tag of the chain that reports it is taken.
struct EdgarConceptSource {
  std::string_view concept_name;  // canonical name (core/fundamental_fact.hpp)
  std::string_view taxonomy;      // "us-gaap" or "dei"
  std::string_view tag;
  std::string_view unit;  // the units key read ("USD", "USD/shares", "shares")
};
const std::vector<EdgarConceptSource>& edgar_concept_sources();

// "CIK0000320193".
std::string edgar_cik_name(std::uint64_t cik);
std::string companyfacts_url(const std::string& base_url, std::uint64_t cik);

// company_tickers.json -> upper-cased ticker -> CIK. Throws ProviderError("edgar", "", reason) on
// malformed JSON or layout.
std::map<std::string, std::uint64_t> parse_company_tickers(std::string_view body);

// A companyfacts body -> the canonical facts, sorted by (concept, period_end, period_start, filed).
// `symbol` and `cik` name the company in errors: ProviderError "edgar: SYMBOL: CIK##########: reason"
// for malformed JSON (with its byte position), an unexpected layout (a value that is not a number,
// a date that is not YYYY-MM-DD, a flow fact without "start"), or a company without us-gaap facts.
// A (concept, period) reported by several filings stays several facts, one per filing date (the
// restatements); within one filing date only the first tag of the chain counts, and duplicates of
// one (concept, period, filing date) are collapsed to the last one listed.
std::vector<FundamentalFact> parse_companyfacts(std::string_view body, const std::string& symbol, std::uint64_t cik);

// Not thread-safe (the ticker map is loaded lazily): use one provider from one thread.
class EdgarProvider {
 public:
  static constexpr const char* kDefaultBaseUrl = "https://data.sec.gov";
  static constexpr const char* kDefaultTickersUrl = "https://www.sec.gov/files/company_tickers.json";
  static constexpr double kMinIntervalSeconds = 0.1;

  // Throws mp::ConfigError when user_agent is empty or has no contact e-mail.
  explicit EdgarProvider(EdgarOptions options);

  // The CIK of a ticker: options.ciks, else company_tickers.json (downloaded once per provider).
  // Throws ProviderError "edgar: SYMBOL: no CIK for this ticker ..." when neither knows it.
  std::uint64_t cik(const std::string& symbol);

  // Every canonical fact of the company. Throws ProviderError naming the symbol and CIK.
  std::vector<FundamentalFact> fetch(const std::string& symbol);

  [[nodiscard]] const HttpOptions& http_options() const noexcept { return http_.options(); }

 private:
  std::string base_url_;
  std::string tickers_url_;
  std::map<std::string, std::uint64_t> overrides_;
  std::optional<std::map<std::string, std::uint64_t>> tickers_;
  HttpClient http_;
};

struct FundamentalsRefresh {
  std::map<std::string, std::vector<FundamentalFact>> facts;  // by symbol, every symbol that answered
  std::vector<std::pair<std::string, std::string>> errors;    // symbol, message (in request order)
};

// Fetches every symbol in order; one symbol's failure (any mp::Error) is recorded and does not stop
// the others.
FundamentalsRefresh fetch_fundamentals(EdgarProvider& provider, const std::vector<std::string>& symbols);

}  // namespace mp::data
