#pragma once
// Who may change state: the bearer token check of trigger and rollback, and the loopback test
// that decides whether the server may listen without a token.
#include <string>

namespace mp::server {

// True when `authorization_header` is exactly "Bearer <token>". Both sides are hashed with
// SHA-256 and the digests compared with CRYPTO_memcmp, so the time taken depends neither on
// where they differ nor on their lengths.
bool bearer_token_matches(const std::string& authorization_header, const std::string& token);

// True for "localhost" and for an address in 127.0.0.0/8, ::1 or ::ffff:127.0.0.0/104, parsed
// as an address (so "127.0.0.1.example", a host name, is not loopback).
bool is_loopback_host(const std::string& host);

}  // namespace mp::server
