#pragma once
// Market-data price providers: daily bars of one symbol from a remote service, registered by name
// ("yahoo", "stooq"; see provider_catalog()), and fetch_universe() to refresh many symbols at once
// where one symbol's failure does not stop the others. docs/providers.md describes each service.
#include "core/dates.hpp"
#include "core/error.hpp"
#include "core/panel.hpp"
#include "data/http_client.hpp"

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace mp::data {

// A provider could not deliver a symbol's bars. The message is one line,
// "provider: SYMBOL: reason"; either prefix is left out when empty (the HTTP layer throws with
// neither, and the provider rethrows with both).
class ProviderError : public mp::Error {
 public:
  ProviderError(std::string provider, std::string symbol, std::string reason, bool affects_all_symbols = false);
  explicit ProviderError(std::string reason) : ProviderError({}, {}, std::move(reason)) {}
  [[nodiscard]] const char* code() const noexcept override { return "provider_error"; }
  [[nodiscard]] const std::string& provider() const noexcept { return provider_; }
  [[nodiscard]] const std::string& symbol() const noexcept { return symbol_; }
  [[nodiscard]] const std::string& reason() const noexcept { return reason_; }
  // True when the service refuses every further request for now (a used-up daily quota):
  // fetch_universe then stops asking instead of burning the remaining symbols.
  [[nodiscard]] bool affects_all_symbols() const noexcept { return affects_all_symbols_; }

 private:
  std::string provider_;
  std::string symbol_;
  std::string reason_;
  bool affects_all_symbols_;
};

struct ProviderOptions {
  std::string base_url;  // empty = the provider's real public host; a trailing '/' is ignored
  HttpOptions http;
};

class PriceProvider {
 public:
  virtual ~PriceProvider() = default;
  [[nodiscard]] virtual std::string name() const = 0;
  // Daily bars of one symbol between two dates inclusive (exchange-local trading dates), in
  // increasing date order; empty when the service has no bar in the range. Throws ProviderError
  // with a clear one-line reason on failure. The series is named `symbol` as given.
  virtual mp::SymbolSeries fetch(const std::string& symbol, mp::Date first, mp::Date last) = 0;
};

struct ProviderInfo {
  std::string name;
  std::string description;
};

// "yahoo", "stooq"; an unknown name throws mp::NotFoundError listing the known names.
std::unique_ptr<PriceProvider> make_provider(const std::string& name, const ProviderOptions& options);
// Every registered provider, sorted by name.
const std::vector<ProviderInfo>& provider_catalog();

struct RefreshResult {
  mp::Panel panel;                                          // every symbol that returned bars
  std::vector<std::pair<std::string, std::string>> errors;  // symbol, message (in request order)
  std::vector<std::string> empty;  // symbols the service answered for, with no bar in the range
};

// Fetches every symbol in order, one request after the other (the provider's HTTP client spaces
// them). One symbol's failure (any mp::Error) is recorded in errors and does not stop the others;
// after an error that affects all symbols (a used-up daily quota) the remaining symbols are not
// requested and are recorded as errors naming that cause. progress(done, total) is called after
// each symbol.
RefreshResult fetch_universe(PriceProvider& provider, const std::vector<std::string>& symbols, mp::Date first,
                             mp::Date last,
                             const std::function<void(std::size_t done, std::size_t total)>& progress = {});

// The part of `series` dated within [first, last] (both inclusive).
mp::SymbolSeries filter_dates(const mp::SymbolSeries& series, mp::Date first, mp::Date last);

}  // namespace mp::data
