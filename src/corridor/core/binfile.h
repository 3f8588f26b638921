// Binary artifacts (E10): a versioned, fingerprinted, checksummed container of flat arrays of
// trivially copyable elements, used by every Corridor binary file (.cnet in osm/, .cch in ch/).
// Loading is a bounds-checked copy of each array, no parsing. Every load failure (wrong magic,
// other format version, truncated or corrupt payload) throws corridor::Error(invalid_input)
// naming the file. Knows nothing about what the arrays mean.
#pragma once
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "corridor/core/error.h"

namespace corridor::binfile {

// 64-bit non-cryptographic hash (fingerprints and payload checksums).
uint64_t hash_bytes(const void* data, size_t size, uint64_t seed = 0);

// On-disk header of every Corridor binary file; written raw.
struct FileHeader {
  char magic[8];            // e.g. "CORRCNET", "CORRCCH\0"
  uint32_t format_version;  // bumped on every layout change
  uint32_t header_size;     // sizeof(FileHeader)
  uint64_t input_hash;      // fingerprint of the input the file was made from
  uint64_t payload_hash;    // hash_bytes of everything after the header
  uint64_t payload_size;    // bytes after the header
  uint32_t num_sections;
  uint32_t reserved;
  char build_id[16];  // producer, e.g. "corridor 0.1.0"
};
static_assert(sizeof(FileHeader) == 64);
static_assert(std::is_trivially_copyable_v<FileHeader>);

struct SectionHeader {
  uint32_t tag;        // four characters, e.g. 'node'
  uint32_t elem_size;  // sizeof one element
  uint64_t count;      // number of elements; data follows, padded to 8 bytes
};
static_assert(sizeof(SectionHeader) == 16);
static_assert(std::is_trivially_copyable_v<SectionHeader>);

constexpr uint32_t tag(const char (&s)[5]) {
  return uint32_t(uint8_t(s[0])) | uint32_t(uint8_t(s[1])) << 8 | uint32_t(uint8_t(s[2])) << 16 |
         uint32_t(uint8_t(s[3])) << 24;
}

class Writer {
 public:
  template <typename T>
  void add(uint32_t tag, const std::vector<T>& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    add_raw(tag, sizeof(T), v.size(), v.data());
  }
  void add_string(uint32_t tag, std::string_view s) { add_raw(tag, 1, s.size(), s.data()); }
  // The complete file image.
  std::string finish(const char (&magic)[9], uint32_t version, uint64_t input_hash) const;
  // finish() then files::write_atomic().
  void write(const std::string& path, const char (&magic)[9], uint32_t version,
             uint64_t input_hash) const;

 private:
  void add_raw(uint32_t tag, uint32_t elem_size, uint64_t count, const void* data);
  std::string payload_;
  uint32_t sections_ = 0;
};

class Reader {
 public:
  // Reads and validates the whole file. `what` names the kind of file in messages (".cnet").
  Reader(const std::string& path, const char (&magic)[9], uint32_t version, std::string_view what);
  // From an in-memory image (tests).
  Reader(std::string image, const std::string& path, const char (&magic)[9], uint32_t version,
         std::string_view what);
  const FileHeader& header() const { return header_; }
  // The next section, which must have this tag and element type.
  template <typename T>
  std::vector<T> next(uint32_t tag) {
    static_assert(std::is_trivially_copyable_v<T>);
    auto [p, count] = next_raw(tag, sizeof(T));
    std::vector<T> v(count);
    if (count) std::memcpy(v.data(), p, count * sizeof(T));
    return v;
  }
  std::string next_string(uint32_t tag) {
    auto [p, count] = next_raw(tag, 1);
    return std::string(static_cast<const char*>(p), count);
  }
  [[noreturn]] void fail(const std::string& message) const;

 private:
  void validate(const char (&magic)[9], uint32_t version);
  std::pair<const void*, uint64_t> next_raw(uint32_t tag, uint32_t elem_size);
  std::string image_, path_, what_;
  FileHeader header_{};
  size_t pos_ = 0;
};

}  // namespace corridor::binfile
