// text_reader.h: TextReader turns a byte stream of unknown encoding into UTF-8 text, streaming, in constant
// memory: UTF-8 with or without a BOM, UTF-16LE/BE with a BOM (and BOM-less UTF-16LE, recognised by its NUL
// bytes), transcoded to UTF-8 on the fly. Importers read it byte by byte (Get) or line by line (ReadLine).
//
// A malformed UTF-16 unit (a lone surrogate) is passed on as the invalid UTF-8 byte 0xFF, so the row that
// holds it fails its UTF-8 check and is reported as "invalid encoding" while the rest of the file goes on.
//
// Not thread-safe: one reader per stream, used by one thread. The istream must outlive the reader.
#pragma once

#include <cstdint>
#include <istream>
#include <string>
#include <string_view>

namespace touchpoint::collector::importers {

enum class Encoding { kUtf8, kUtf8Bom, kUtf16Le, kUtf16Be };
const char* EncodingName(Encoding e);

class TextReader {
 public:
  explicit TextReader(std::istream& in);
  TextReader(const TextReader&) = delete;
  TextReader& operator=(const TextReader&) = delete;

  // The next byte of UTF-8 text, or -1 at the end.
  int Get() {
    if (pos_ == buf_.size() && !Fill()) return -1;
    return static_cast<unsigned char>(buf_[pos_++]);
  }
  // The next byte without consuming it, or -1.
  int Peek() {
    if (pos_ == buf_.size() && !Fill()) return -1;
    return static_cast<unsigned char>(buf_[pos_]);
  }

  // Reads one line (LF, CRLF or a lone CR ends it; the terminator is not stored). Returns false at the end of
  // the text. A line longer than `max_bytes` is cut there, the rest of it is skipped and *truncated is set.
  bool ReadLine(std::string* line, size_t max_bytes, bool* truncated);

  // Up to `n` bytes of decoded text from the current position, without consuming them (for format sniffing).
  std::string_view Lookahead(size_t n);

  // Makes the reader end here: every later Get/ReadLine reports the end (used to stop a parse early).
  void Abort() {
    buf_.clear();
    pos_ = 0;
    pending_.clear();
    eof_ = true;
    detected_ = true;
  }

  Encoding encoding() const { return encoding_; }
  // Raw (undecoded) bytes consumed from the stream so far: progress against the file size.
  uint64_t raw_bytes() const { return raw_bytes_; }

 private:
  bool Fill();  // appends decoded text to buf_ (dropping what was consumed); false at the end
  void DetectEncoding();
  void Decode(const char* data, size_t n);

  std::istream& in_;
  std::string buf_;
  size_t pos_ = 0;
  Encoding encoding_ = Encoding::kUtf8;
  bool detected_ = false;
  bool eof_ = false;
  uint64_t raw_bytes_ = 0;
  std::string pending_;  // raw bytes not yet decodable (half a UTF-16 unit / pair)
};

// True if `s` is valid UTF-8 (no overlongs, surrogates or code points above U+10FFFF).
bool IsValidUtf8(std::string_view s);

}  // namespace touchpoint::collector::importers
