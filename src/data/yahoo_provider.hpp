#pragma once
// Yahoo Finance v8 chart API (unofficial, keyless): daily bars with adjusted close, dividends and
// splits. GET {base}/v8/finance/chart/{SYMBOL}?period1=..&period2=..&interval=1d
// &events=div%2Csplit&includeAdjustedClose=true, base https://query1.finance.yahoo.com by default.
#include "data/http_client.hpp"
#include "data/price_provider.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mp::data {

struct Dividend {
  mp::Date date;  // ex-dividend trading date
  double amount;  // per share, on the price scale of the response
};

struct Split {
  mp::Date date;
  double numerator;  // 7:1 -> numerator 7, denominator 1
  double denominator;
};

// Everything a chart response says about one symbol.
struct YahooChart {
  std::string symbol;               // meta.symbol as Yahoo spells it
  std::string currency;             // meta.currency, e.g. "USD"
  std::string exchange_timezone;    // meta.exchangeTimezoneName, e.g. "America/New_York"
  std::int64_t gmtoffset = 0;       // meta.gmtoffset in seconds
  mp::SymbolSeries series;          // named as requested; every day Yahoo reported with a close
  std::vector<Dividend> dividends;  // in date order
  std::vector<Split> splits;        // in date order
};

// Exchange-local trading date of a Yahoo timestamp (unix seconds of the session start) given
// meta.gmtoffset: 1368451800 with -14400 -> 2013-05-13. Floors, so pre-1970 timestamps work.
mp::Date yahoo_trading_date(std::int64_t timestamp, std::int64_t gmtoffset);

// Parses a chart response body for `symbol`. Rows with a null close are skipped (Yahoo sends them
// for days without trades); other nulls are NaN; a null or absent adjusted close is the close.
// Throws ProviderError "yahoo: SYMBOL: reason" for an error body ("Not Found: No data found, ..."),
// malformed JSON (with its byte position), an unexpected layout, a non-positive price, a negative
// volume, high below low, or trading dates not strictly increasing.
YahooChart parse_yahoo_chart(std::string_view body, const std::string& symbol);

// The request URL. period1/period2 are widened by a day before and two after [first, last], so
// exchanges east or west of UTC lose no session; the bars are then filtered by local date.
std::string yahoo_chart_url(const std::string& base_url, const std::string& symbol, mp::Date first, mp::Date last);

class YahooProvider : public PriceProvider {
 public:
  static constexpr const char* kDefaultBaseUrl = "https://query1.finance.yahoo.com";

  explicit YahooProvider(const ProviderOptions& options);
  [[nodiscard]] std::string name() const override { return "yahoo"; }
  mp::SymbolSeries fetch(const std::string& symbol, mp::Date first, mp::Date last) override;
  // The whole chart (bars, dividends, splits, meta), bars and events filtered to [first, last].
  YahooChart fetch_chart(const std::string& symbol, mp::Date first, mp::Date last);

 private:
  std::string base_url_;
  HttpClient http_;
};

}  // namespace mp::data
