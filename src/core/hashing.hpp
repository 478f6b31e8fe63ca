#pragma once
// FNV-1a 64-bit content fingerprints (data lineage of a model): small, stable, dependency-free.
// Not cryptographic: it identifies data, it does not protect it.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace mp {

class Fingerprint {
 public:
  void add_bytes(const void* data, std::size_t size) noexcept;
  void add(std::string_view text) noexcept { add_bytes(text.data(), text.size()); }
  void add(std::span<const double> values) noexcept { add_bytes(values.data(), values.size_bytes()); }
  void add(std::int64_t value) noexcept { add_bytes(&value, sizeof value); }
  [[nodiscard]] std::uint64_t value() const noexcept { return state_; }
  [[nodiscard]] std::string hex() const;

 private:
  std::uint64_t state_ = 0xcbf29ce484222325ULL;
};

}  // namespace mp
