#include "text_reader.h"

#include <cstdint>
#include <cstring>

#include "touchpoint/utf8.h"

namespace touchpoint::collector::importers {

namespace {

constexpr size_t kChunk = 64 * 1024;

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
        touchpoint::AppendUtf8(0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00), &buf_);
        i += 4;
      } else {
        buf_.push_back('\xFF');
        i += 2;
      }
    } else if (u >= 0xDC00 && u <= 0xDFFF) {
      buf_.push_back('\xFF');
      i += 2;
    } else {
      touchpoint::AppendUtf8(u, &buf_);
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

bool IsValidUtf8(std::string_view s) { return touchpoint::FindInvalidUtf8(s) == std::string_view::npos; }

}  // namespace touchpoint::collector::importers
