// Writes a synthetic daily-price CSV for the features benchmark (bench/features_csv.sh): SYMBOLS
// random walks of DAYS trading days (Monday to Friday from 2000-01-03), Yahoo layout with a Symbol
// column, rows grouped by symbol. OHLC are consistent (open and close within [low, high]) and
// prices stay within [1, 100000], so every row passes the importer's checks. Deterministic.
// Usage: generate_prices_csv SYMBOLS DAYS > prices.csv
#include "core/csv_writer.hpp"
#include "core/dates.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

namespace {

// The next weekday after `date`.
mp::Date next_trading_day(mp::Date date) {
  do {
    date += std::chrono::days{1};
  } while (std::chrono::weekday{date}.c_encoding() == 0 || std::chrono::weekday{date}.c_encoding() == 6);
  return date;
}

// Four decimals, as price files have them (and as parsing them costs).
double cents(double value) { return std::round(value * 1e4) / 1e4; }

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s SYMBOLS DAYS > prices.csv\n", argv[0]);
    return 2;
  }
  const long symbols = std::strtol(argv[1], nullptr, 10);
  const long days = std::strtol(argv[2], nullptr, 10);
  std::mt19937_64 random(7);
  std::normal_distribution<double> step(0.0003, 0.02);
  std::uniform_real_distribution<double> spread(0.0, 0.01);
  std::uniform_int_distribution<long> volume(100'000, 9'000'000);
  mp::CsvTextBuffer out;
  out.text("Symbol"), out.text("Date"), out.text("Open"), out.text("High"), out.text("Low"), out.text("Close");
  out.text("Adj Close"), out.text("Volume"), out.end_row();
  for (long s = 0; s < symbols; ++s) {
    const std::string name = fmt::format("S{:03}", s);
    mp::Date date{std::chrono::year{2000} / 1 / 3};
    double price = 50.0;
    for (long d = 0; d < days; ++d, date = next_trading_day(date)) {
      const double open = cents(price);
      price = std::clamp(price * std::exp(step(random)), 1.0, 100'000.0);
      const double close = cents(price);
      const double high = cents(std::max(open, close) * (1 + spread(random)));
      const double low = cents(std::min(open, close) * (1 - spread(random)));
      out.text(name), out.date(date), out.number(open), out.number(high), out.number(low), out.number(close);
      out.number(close), out.number(static_cast<double>(volume(random))), out.end_row();
      if (out.size() > (1U << 20)) {
        std::fwrite(out.view().data(), 1, out.size(), stdout);
        out.clear();
      }
    }
  }
  std::fwrite(out.view().data(), 1, out.size(), stdout);
  return 0;
}
