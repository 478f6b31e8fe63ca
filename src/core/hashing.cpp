#include "core/hashing.hpp"

#include <fmt/format.h>

namespace mp {

void Fingerprint::add_bytes(const void* data, std::size_t size) noexcept {
  const auto* bytes = static_cast<const unsigned char*>(data);
  for (std::size_t i = 0; i < size; ++i) {
    state_ ^= bytes[i];
    state_ *= 0x100000001b3ULL;
  }
}

std::string Fingerprint::hex() const { return fmt::format("{:016x}", state_); }

}  // namespace mp
