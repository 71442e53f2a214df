// client_address.h: which address a request is counted against for rate limiting. The peer address, unless
// the peer is a trusted proxy (config limits.trusted_proxies): then the right-most X-Forwarded-For hop that
// is not itself a trusted proxy (hops left of it could be forged by the client).
// Thread-safety: pure function.
#pragma once

#include <set>
#include <string>
#include <string_view>

namespace touchpoint::collector {

std::string ClientAddress(const std::string& peer, std::string_view x_forwarded_for,
                          const std::set<std::string>& trusted_proxies);

// Parses a comma- or space-separated list of addresses (config value).
std::set<std::string> ParseAddressList(std::string_view list);

}  // namespace touchpoint::collector
