#include "data/fred_provider.hpp"

#include "core/error.hpp"

#include <fmt/format.h>

namespace mp::data {

namespace {

constexpr const char* kName = "fred";

[[noreturn]] void fail(const std::string& series_id, const std::string& reason) {
  throw ProviderError(kName, series_id, reason);
}

std::string_view trim(std::string_view s) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::string base_or_default(const std::string& base_url) {
  std::string base = base_url.empty() ? FredProvider::kDefaultBaseUrl : base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base;
}

}  // namespace

std::string fred_graph_url(const std::string& base_url, const std::string& series_id) {
  return fmt::format("{}/graph/fredgraph.csv?id={}", base_or_default(base_url), url_encode(series_id));
}

FredSeries parse_fred_response(std::string_view body, const std::string& series_id) {
  const std::string_view text = trim(body);
  if (text.empty()) fail(series_id, "empty response");
  if (text.front() == '<') fail(series_id, "an HTML page instead of CSV (unknown series id?)");
  std::vector<FredSeries> all;
  try {
    all = parse_fred_graph_csv(body, "fredgraph.csv?id=" + series_id);
  } catch (const InputError& e) {
    fail(series_id, e.what());
  }
  const FredSeries* series = find_fred_series(all, series_id);
  if (series == nullptr) {
    std::string found;
    for (const auto& one : all) found += (found.empty() ? "" : ", ") + one.id;
    fail(series_id, fmt::format("the CSV holds {}, not the series asked for", found));
  }
  return *series;
}

FredProvider::FredProvider(const ProviderOptions& options)
    : base_url_(base_or_default(options.base_url)), http_(options.http) {}

FredSeries FredProvider::fetch(const std::string& series_id) {
  if (series_id.empty()) fail(series_id, "empty series id");
  HttpResponse response;
  try {
    response = http_.get(fred_graph_url(base_url_, series_id));
  } catch (const ProviderError& e) {
    fail(series_id, e.reason());
  }
  if (response.status != 200) fail(series_id, describe_http_failure(response));
  return parse_fred_response(response.body, series_id);
}

}  // namespace mp::data
