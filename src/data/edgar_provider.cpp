#include "data/edgar_provider.hpp"

#include "core/error.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <tuple>

namespace mp::data {

namespace {

using nlohmann::json;

constexpr const char* kName = "edgar";

[[noreturn]] void fail(const std::string& symbol, const std::string& reason) {
  throw ProviderError(kName, symbol, reason);
}

std::string upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

std::string without_trailing_slash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// "[json.exception.parse_error.101] parse error at line 1, column 9: <detail>" -> "<detail>".
std::string parse_error_detail(const json::parse_error& e) {
  const std::string what = e.what();
  const auto colon = what.find(": ", what.find("parse error"));
  return colon == std::string::npos ? what : what.substr(colon + 2);
}

const json* member(const json& object, const std::string& key) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(key);
  return it == object.end() || it->is_null() ? nullptr : &*it;
}

// Reads one companyfacts entry; `where` names it in errors.
class EntryReader {
 public:
  EntryReader(const json& entry, std::string where, const std::string& symbol, const std::string& prefix)
      : entry_(entry), where_(std::move(where)), symbol_(symbol), prefix_(prefix) {
    if (!entry.is_object()) layout(fmt::format("'{}' is not an object", where_));
  }

  Date date(const char* key) const {
    const json* value = member(entry_, key);
    if (value == nullptr) layout(fmt::format("'{}' has no \"{}\"", where_, key));
    return date_of(*value, key);
  }
  std::optional<Date> optional_date(const char* key) const {
    const json* value = member(entry_, key);
    if (value == nullptr) return std::nullopt;
    return date_of(*value, key);
  }
  double number(const char* key) const {
    const json* value = member(entry_, key);
    if (value == nullptr) layout(fmt::format("'{}' has no \"{}\"", where_, key));
    if (!value->is_number()) layout(fmt::format("'{}.{}' is {}", where_, key, value->dump()));
    return value->get<double>();
  }
  std::string text(const char* key) const {
    const json* value = member(entry_, key);
    return value != nullptr && value->is_string() ? value->get<std::string>() : std::string{};
  }
  int integer(const char* key) const {
    const json* value = member(entry_, key);
    return value != nullptr && value->is_number_integer() ? value->get<int>() : 0;
  }

  [[noreturn]] void layout(const std::string& what) const { fail(symbol_, prefix_ + "unexpected layout: " + what); }

 private:
  Date date_of(const json& value, const char* key) const {
    const auto date = value.is_string() ? parse_date(value.get<std::string>()) : std::nullopt;
    if (!date) layout(fmt::format("'{}.{}' is not a date: {}", where_, key, value.dump()));
    return *date;
  }

  const json& entry_;
  std::string where_;
  const std::string& symbol_;
  const std::string& prefix_;
};

// A fact with its place in the concept's tag chain (lower = preferred) and in the document.
struct RankedFact {
  FundamentalFact fact;
  std::size_t priority;
  std::size_t order;
};

void read_source(const json& facts, const EdgarConceptSource& source, std::size_t priority, const std::string& symbol,
                 const std::string& prefix, std::vector<RankedFact>& out) {
  const json* taxonomy = member(facts, std::string(source.taxonomy));
  const json* tag = taxonomy != nullptr ? member(*taxonomy, std::string(source.tag)) : nullptr;
  if (tag == nullptr) return;
  const std::string path = fmt::format("facts.{}.{}", source.taxonomy, source.tag);
  const json* units = member(*tag, "units");
  if (units == nullptr || !units->is_object()) {
    fail(symbol, prefix + fmt::format("unexpected layout: '{}' has no \"units\" object", path));
  }
  const json* entries = member(*units, std::string(source.unit));
  if (entries == nullptr) return;  // reported in another unit only (e.g. a foreign currency)
  if (!entries->is_array()) {
    fail(symbol, prefix + fmt::format("unexpected layout: '{}.units.{}' is not an array", path, source.unit));
  }
  const auto* canonical = find_fundamental_concept(source.concept_name);
  for (std::size_t i = 0; i < entries->size(); ++i) {
    const std::string where = fmt::format("{}.units.{}[{}]", path, source.unit, i);
    const EntryReader entry((*entries)[i], where, symbol, prefix);
    FundamentalFact fact;
    fact.concept_name = std::string(source.concept_name);
    fact.period_end = entry.date("end");
    fact.filed = entry.date("filed");
    fact.value = entry.number("val");
    fact.form = entry.text("form");
    fact.fiscal_period = entry.text("fp");
    fact.fiscal_year = entry.integer("fy");
    if (canonical->kind == ConceptKind::Flow) {
      fact.period_start = entry.optional_date("start");
      if (!fact.period_start) entry.layout(fmt::format("'{}' is a duration without \"start\"", where));
      if (*fact.period_start > fact.period_end) {
        entry.layout(fmt::format("'{}' starts after it ends", where));
      }
    }
    out.push_back({std::move(fact), priority, out.size()});
  }
}

// One fact per (concept, period, filing date): the most preferred tag of the chain, and of its
// duplicates the last one listed.
std::vector<FundamentalFact> collapse(std::vector<RankedFact> ranked) {
  const auto key = [](const RankedFact& r) {
    return std::tie(r.fact.concept_name, r.fact.period_end, r.fact.period_start, r.fact.filed);
  };
  std::sort(ranked.begin(), ranked.end(), [&](const RankedFact& a, const RankedFact& b) {
    if (key(a) != key(b)) return key(a) < key(b);
    if (a.priority != b.priority) return a.priority < b.priority;
    return a.order > b.order;  // the last one listed first
  });
  std::vector<FundamentalFact> out;
  for (std::size_t i = 0; i < ranked.size(); ++i) {
    if (i == 0 || key(ranked[i]) != key(ranked[i - 1])) out.push_back(ranked[i].fact);
  }
  return out;
}

json parse_json(std::string_view body, const std::string& symbol, const std::string& prefix) {
  try {
    return json::parse(body);
  } catch (const json::parse_error& e) {
    fail(symbol, prefix + fmt::format("malformed JSON at byte {}: {}", e.byte, parse_error_detail(e)));
  }
}

// Why SEC answered with an error status, in one line.
std::string sec_failure(const HttpResponse& response) {
  std::string text = describe_http_failure(response);
  if (response.status == 403) {
    text +=
        " (SEC refuses requests without a User-Agent naming the requester and a contact e-mail, and "
        "clients above 10 requests/s)";
  }
  return text;
}

}  // namespace

const std::vector<EdgarConceptSource>& edgar_concept_sources() {
  static const std::vector<EdgarConceptSource> kSources = {
      {"revenue", "us-gaap", "Revenues", "USD"},
      {"revenue", "us-gaap", "RevenueFromContractWithCustomerExcludingAssessedTax", "USD"},
      {"revenue", "us-gaap", "RevenueFromContractWithCustomerIncludingAssessedTax", "USD"},
      {"revenue", "us-gaap", "SalesRevenueNet", "USD"},
      {"net_income", "us-gaap", "NetIncomeLoss", "USD"},
      {"operating_income", "us-gaap", "OperatingIncomeLoss", "USD"},
      {"eps_diluted", "us-gaap", "EarningsPerShareDiluted", "USD/shares"},
      {"eps_diluted", "us-gaap", "EarningsPerShareBasicAndDiluted", "USD/shares"},
      {"operating_cash_flow", "us-gaap", "NetCashProvidedByUsedInOperatingActivities", "USD"},
      {"operating_cash_flow", "us-gaap", "NetCashProvidedByUsedInOperatingActivitiesContinuingOperations", "USD"},
      {"capex", "us-gaap", "PaymentsToAcquirePropertyPlantAndEquipment", "USD"},
      {"capex", "us-gaap", "PaymentsToAcquireProductiveAssets", "USD"},
      {"dividends_paid", "us-gaap", "PaymentsOfDividendsCommonStock", "USD"},
      {"dividends_paid", "us-gaap", "PaymentsOfDividends", "USD"},
      {"equity", "us-gaap", "StockholdersEquity", "USD"},
      {"equity", "us-gaap", "StockholdersEquityIncludingPortionAttributableToNoncontrollingInterest", "USD"},
      {"liabilities", "us-gaap", "Liabilities", "USD"},
      {"shares_outstanding", "dei", "EntityCommonStockSharesOutstanding", "shares"},
      {"shares_outstanding", "us-gaap", "CommonStockSharesOutstanding", "shares"},
      {"diluted_shares", "us-gaap", "WeightedAverageNumberOfDilutedSharesOutstanding", "shares"},
  };
  return kSources;
}

std::string edgar_cik_name(std::uint64_t cik) { return fmt::format("CIK{:010d}", cik); }

std::string companyfacts_url(const std::string& base_url, std::uint64_t cik) {
  const std::string base = without_trailing_slash(base_url.empty() ? EdgarProvider::kDefaultBaseUrl : base_url);
  return fmt::format("{}/api/xbrl/companyfacts/{}.json", base, edgar_cik_name(cik));
}

std::map<std::string, std::uint64_t> parse_company_tickers(std::string_view body) {
  const std::string prefix = "company_tickers.json: ";
  const json root = parse_json(body, "", prefix);
  if (!root.is_object()) fail("", prefix + "unexpected layout: not an object");
  std::map<std::string, std::uint64_t> out;
  for (const auto& [key, entry] : root.items()) {
    const json* cik = member(entry, "cik_str");
    const json* ticker = member(entry, "ticker");
    if (cik == nullptr || !cik->is_number_unsigned() || ticker == nullptr || !ticker->is_string()) {
      fail("", prefix + fmt::format("unexpected layout: entry \"{}\" is {}", key, entry.dump()));
    }
    // A ticker listed twice keeps its first CIK (the file is ordered by market value).
    out.emplace(upper(ticker->get<std::string>()), cik->get<std::uint64_t>());
  }
  return out;
}

std::vector<FundamentalFact> parse_companyfacts(std::string_view body, const std::string& symbol, std::uint64_t cik) {
  const std::string prefix = edgar_cik_name(cik) + ": ";
  const json root = parse_json(body, symbol, prefix);
  const json* facts = member(root, "facts");
  if (facts == nullptr || !facts->is_object()) fail(symbol, prefix + "unexpected layout: no \"facts\" object");
  if (const json* gaap = member(*facts, "us-gaap"); gaap == nullptr || !gaap->is_object() || gaap->empty()) {
    fail(symbol, prefix + "no us-gaap facts (the company files no US-GAAP XBRL financial statements)");
  }
  std::vector<RankedFact> ranked;
  std::map<std::string_view, std::size_t> next_priority;
  for (const auto& source : edgar_concept_sources()) {
    read_source(*facts, source, next_priority[source.concept_name]++, symbol, prefix, ranked);
  }
  return collapse(std::move(ranked));
}

EdgarProvider::EdgarProvider(EdgarOptions options)
    : base_url_(without_trailing_slash(options.base_url.empty() ? kDefaultBaseUrl : options.base_url)),
      tickers_url_(options.tickers_url.empty() ? kDefaultTickersUrl : options.tickers_url),
      http_([&] {
        const auto agent = trim(options.user_agent);
        if (agent.empty() || agent.find('@') == std::string_view::npos) {
          throw ConfigError(
              "edgar: a User-Agent naming you and a contact e-mail is required, e.g. \"Jane Doe "
              "jane@example.com\": SEC's fair-access policy rejects requests without one "
              "(https://www.sec.gov/os/accessing-edgar-data)" +
              std::string(agent.empty() ? "" : fmt::format("; got \"{}\"", agent)));
        }
        HttpOptions http = options.http;
        http.user_agent = std::string(agent);
        http.min_interval_seconds = std::max(http.min_interval_seconds, kMinIntervalSeconds);
        return http;
      }()) {
  for (const auto& [ticker, cik] : options.ciks) overrides_[upper(ticker)] = cik;
}

std::uint64_t EdgarProvider::cik(const std::string& symbol) {
  const std::string ticker = upper(symbol);
  if (const auto it = overrides_.find(ticker); it != overrides_.end()) return it->second;
  if (!tickers_) {
    HttpResponse response;
    try {
      response = http_.get(tickers_url_);
    } catch (const ProviderError& e) {
      fail(symbol, "company_tickers.json: " + e.reason());
    }
    if (response.status != 200) fail(symbol, "company_tickers.json: " + sec_failure(response));
    try {
      tickers_ = parse_company_tickers(response.body);
    } catch (const ProviderError& e) {
      fail(symbol, e.reason());
    }
  }
  if (const auto it = tickers_->find(ticker); it != tickers_->end()) return it->second;
  fail(symbol,
       "no CIK for this ticker in company_tickers.json (it lists current listings only; give the CIK of a "
       "delisted or renamed company explicitly)");
}

std::vector<FundamentalFact> EdgarProvider::fetch(const std::string& symbol) {
  if (symbol.empty()) fail(symbol, "empty symbol");
  const std::uint64_t id = cik(symbol);
  const std::string prefix = edgar_cik_name(id) + ": ";
  HttpResponse response;
  try {
    response = http_.get(companyfacts_url(base_url_, id));
  } catch (const ProviderError& e) {
    fail(symbol, prefix + e.reason());
  }
  if (response.status == 404) {
    fail(symbol, prefix + "no companyfacts (HTTP 404: SEC holds no XBRL financial data for this CIK)");
  }
  if (response.status != 200) fail(symbol, prefix + sec_failure(response));
  return parse_companyfacts(response.body, symbol, id);
}

FundamentalsRefresh fetch_fundamentals(EdgarProvider& provider, const std::vector<std::string>& symbols) {
  FundamentalsRefresh result;
  for (const auto& symbol : symbols) {
    try {
      result.facts[symbol] = provider.fetch(symbol);
    } catch (const mp::Error& e) {
      result.errors.emplace_back(symbol, e.what());
    }
  }
  return result;
}

}  // namespace mp::data
