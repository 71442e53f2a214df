#include "text_reader.h"

#include <cstdint>
#include <cstring>

namespace touchpoint::collector::importers {

namespace {

constexpr size_t kChunk = 64 * 1024;

void AppendUtf8(std::string* out, uint32_t cp) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace

const char* EncodingName(Encoding e) {
  switch (e) {
    case Encoding::kUtf8:
      return "UTF-8";
    case Encoding::kUtf8Bom:
      return "UTF-8 (BOM)";
    case Encoding::kUtf16Le:
      return "UTF-16LE";
    case Encoding::kUtf16Be:
      return "UTF-16BE";
  }
  return "?";
}

TextReader::TextReader(std::istream& in) : in_(in) {}

void TextReader::DetectEncoding() {
  // Called with the first raw chunk in pending_.
  const std::string& b = pending_;
  auto at = [&](size_t i) { return i < b.size() ? static_cast<unsigned char>(b[i]) : 0x100u; };
  if (at(0) == 0xEF && at(1) == 0xBB && at(2) == 0xBF) {
    encoding_ = Encoding::kUtf8Bom;
    pending_.erase(0, 3);
  } else if (at(0) == 0xFF && at(1) == 0xFE) {
    encoding_ = Encoding::kUtf16Le;
    pending_.erase(0, 2);
  } else if (at(0) == 0xFE && at(1) == 0xFF) {
    encoding_ = Encoding::kUtf16Be;
    pending_.erase(0, 2);
  } else if (b.size() >= 4 && at(0) != 0 && at(1) == 0 && at(2) != 0 && at(3) == 0) {
    encoding_ = Encoding::kUtf16Le;  // no BOM, but ASCII in UTF-16LE
  } else if (b.size() >= 4 && at(0) == 0 && at(1) != 0 && at(2) == 0 && at(3) != 0) {
    encoding_ = Encoding::kUtf16Be;
  }
  detected_ = true;
}

void TextReader::Decode(const char* data, size_t n) {
  if (encoding_ == Encoding::kUtf8 || encoding_ == Encoding::kUtf8Bom) {
    buf_.append(data, n);
    return;
  }
  const bool le = encoding_ == Encoding::kUtf16Le;
  auto unit = [&](size_t i) -> uint32_t {
    const auto a = static_cast<unsigned char>(data[i]), b = static_cast<unsigned char>(data[i + 1]);
    return le ? (a | (b << 8)) : ((a << 8) | b);
  };
  size_t i = 0;
  while (i + 1 < n) {
    const uint32_t u = unit(i);
    if (u >= 0xD800 && u <= 0xDBFF) {
      if (i + 3 >= n) {
        if (!eof_) break;  // the low half is in the next chunk
        buf_.push_back('\xFF');
        i += 2;
        continue;
      }
      const uint32_t lo = unit(i + 2);
      if (lo >= 0xDC00 && lo <= 0xDFFF) {
        AppendUtf8(&buf_, 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00));
        i += 4;
      } else {
        buf_.push_back('\xFF');
        i += 2;
      }
    } else if (u >= 0xDC00 && u <= 0xDFFF) {
      buf_.push_back('\xFF');
      i += 2;
    } else {
      AppendUtf8(&buf_, u);
      i += 2;
    }
  }
  if (i < n && eof_ && n - i == 1) {  // odd trailing byte
    buf_.push_back('\xFF');
    i = n;
  }
  pending_.assign(data + i, n - i);
}

bool TextReader::Fill() {
  buf_.erase(0, pos_);
  pos_ = 0;
  const size_t before = buf_.size();
  while (buf_.size() == before) {
    if (eof_ && pending_.empty()) return false;
    std::string chunk = std::move(pending_);
    pending_.clear();
    if (!eof_) {
      const size_t old = chunk.size();
      chunk.resize(old + kChunk);
      in_.read(chunk.data() + old, static_cast<std::streamsize>(kChunk));
      const auto got = static_cast<size_t>(in_.gcount());
      chunk.resize(old + got);
      raw_bytes_ += got;
      if (got == 0 || !in_) eof_ = true;
    }
    if (!detected_) {
      if (chunk.size() < 4 && !eof_) {
        pending_ = std::move(chunk);
        continue;
      }
      pending_ = std::move(chunk);
      DetectEncoding();
      chunk = std::move(pending_);
      pending_.clear();
    }
    if (eof_ && chunk.empty()) return buf_.size() > before;
    Decode(chunk.data(), chunk.size());
    if (eof_ && !pending_.empty() && buf_.size() == before) {
      // Only an undecodable remainder is left.
      buf_.push_back('\xFF');
      pending_.clear();
    }
  }
  return true;
}

bool TextReader::ReadLine(std::string* line, size_t max_bytes, bool* truncated) {
  line->clear();
  *truncated = false;
  int c = Get();
  if (c < 0) return false;
  while (c >= 0) {
    if (c == '\n') break;
    if (c == '\r') {
      if (Peek() == '\n') Get();
      break;
    }
    // Copy the run up to the next line break in one go.
    const size_t start = pos_ - 1;
    size_t end = start + 1;
    while (end < buf_.size() && buf_[end] != '\n' && buf_[end] != '\r') ++end;
    const size_t take = end - start;
    const size_t room = max_bytes - line->size();
    if (take > room) *truncated = true;
    line->append(buf_, start, std::min(take, room));
    pos_ = end;
    c = Get();
  }
  return true;
}

std::string_view TextReader::Lookahead(size_t n) {
  while (buf_.size() - pos_ < n) {
    if (!Fill()) break;
  }
  return std::string_view(buf_).substr(pos_, n);
}

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    uint64_t word;  // ASCII runs eight bytes at a time
    if (i + 8 <= n && (std::memcpy(&word, s.data() + i, 8), (word & 0x8080808080808080ULL) == 0)) {
      i += 8;
      continue;
    }
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    int len;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > n) return false;
    for (int k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += len;
  }
  return true;
}

}  // namespace touchpoint::collector::importers
