#include "data/stooq_provider.hpp"

#include "data/csv_import.hpp"
#include "data/symbol_name.hpp"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <chrono>

namespace mp::data {

namespace {

constexpr const char* kName = "stooq";
// Stooq answers these in plain text with HTTP 200 instead of a CSV.
constexpr std::string_view kHitsLimit = "Exceeded the daily hits limit";
constexpr std::string_view kNoData = "No data";

[[noreturn]] void fail(const std::string& symbol, const std::string& reason, bool affects_all = false) {
  throw ProviderError(kName, symbol, reason, affects_all);
}

std::string_view trim(std::string_view s) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// YYYYMMDD, Stooq's d1/d2 form.
std::string compact_date(Date date) {
  const std::chrono::year_month_day ymd{date};
  return fmt::format("{:04}{:02}{:02}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                     static_cast<unsigned>(ymd.day()));
}

std::string base_or_default(const std::string& base_url) {
  std::string base = base_url.empty() ? StooqProvider::kDefaultBaseUrl : base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base;
}

}  // namespace

std::string stooq_symbol(const std::string& symbol) {
  static constexpr std::array<std::string_view, 6> kMarkets = {"us", "uk", "de", "jp", "hk", "hu"};
  std::string s = lower(symbol);
  if (s.empty() || s.front() == '^') return s;
  const auto dot = s.rfind('.');
  if (dot != std::string::npos) {
    const std::string_view market = std::string_view(s).substr(dot + 1);
    if (market == "pl") return s.substr(0, dot);  // Warsaw listings carry no suffix on Stooq
    for (const auto known : kMarkets) {
      if (market == known) return s;
    }
  }
  return s + ".us";
}

std::string stooq_url(const std::string& base_url, const std::string& symbol, Date first, Date last) {
  return fmt::format("{}/q/d/l/?s={}&d1={}&d2={}&i=d", base_or_default(base_url), url_encode(stooq_symbol(symbol)),
                     compact_date(first), compact_date(last));
}

SymbolSeries parse_stooq_csv(std::string_view body, const std::string& symbol) {
  const std::string_view text = trim(body);
  if (text == kHitsLimit) fail(symbol, std::string(kHitsLimit), true);
  if (text == kNoData) fail(symbol, "no data");
  if (text.empty()) fail(symbol, "empty response");
  if (text.front() == '<') fail(symbol, "an HTML page instead of CSV (Stooq may be asking for a browser check)");
  ImportOptions options;
  options.layout = CsvLayout::Yahoo;
  options.symbol = symbol;
  options.allow_no_rows = true;  // a header without rows: a range without sessions
  try {
    ImportResult result = import_csv_text(body, stooq_symbol(symbol), options);
    const SymbolSeries* series = result.panel.find(canonical_symbol(symbol));
    return series != nullptr ? *series : SymbolSeries(symbol);
  } catch (const InputError& e) {
    fail(symbol, e.what());
  }
}

StooqProvider::StooqProvider(const ProviderOptions& options)
    : base_url_(base_or_default(options.base_url)), http_(options.http) {}

SymbolSeries StooqProvider::fetch(const std::string& symbol, Date first, Date last) {
  if (symbol.empty()) fail(symbol, "empty symbol");
  if (last < first) fail(symbol, fmt::format("empty date range {} .. {}", format_date(first), format_date(last)));
  HttpResponse response;
  try {
    response = http_.get(stooq_url(base_url_, symbol, first, last));
  } catch (const ProviderError& e) {
    fail(symbol, e.reason());
  }
  if (response.status != 200) fail(symbol, describe_http_failure(response));
  // d1/d2 already limit the rows; the filter guards against a service that ignores them.
  return filter_dates(parse_stooq_csv(response.body, symbol), first, last);
}

}  // namespace mp::data
