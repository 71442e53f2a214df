// parse_json.h: the integration tests' one way to read a JSON object from a response body or a command's
// output (Poco's parser; throws on malformed JSON, which fails the test). Thread-safe (no shared state).
#pragma once

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <string>

namespace touchpoint::testutil {

inline Poco::JSON::Object::Ptr ParseObject(const std::string& json) {
  Poco::JSON::Parser parser;
  return parser.parse(json).extract<Poco::JSON::Object::Ptr>();
}

}  // namespace touchpoint::testutil
