#include "client_address.h"

#include <vector>

namespace touchpoint::collector {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

constexpr size_t kMaxHops = 32;        // bounded work on a hostile header
constexpr size_t kMaxAddressLen = 64;  // longer "addresses" are not addresses

}  // namespace

std::string ClientAddress(const std::string& peer, std::string_view xff,
                          const std::set<std::string>& trusted_proxies) {
  if (xff.empty() || !trusted_proxies.count(peer)) return peer;
  std::vector<std::string_view> hops;
  while (!xff.empty() && hops.size() < kMaxHops) {
    const size_t comma = xff.rfind(',');
    std::string_view hop = Trim(comma == std::string_view::npos ? xff : xff.substr(comma + 1));
    xff = comma == std::string_view::npos ? std::string_view() : xff.substr(0, comma);
    if (hop.empty() || hop.size() > kMaxAddressLen) break;
    if (!trusted_proxies.count(std::string(hop))) return std::string(hop);
    hops.push_back(hop);
  }
  // Every hop we could read is a trusted proxy (or the header was unusable): count the request against the
  // proxy itself.
  return peer;
}

std::set<std::string> ParseAddressList(std::string_view list) {
  std::set<std::string> out;
  size_t i = 0;
  while (i < list.size()) {
    size_t j = list.find_first_of(", \t", i);
    if (j == std::string_view::npos) j = list.size();
    if (j > i) out.emplace(list.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

}  // namespace touchpoint::collector
