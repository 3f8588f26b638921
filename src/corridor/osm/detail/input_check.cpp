// OSM input checks before libosmium parses (input_check.h).
#include "corridor/osm/detail/input_check.h"

#include <expat.h>
#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <limits>
#include <memory>
#include <osmium/io/any_compression.hpp>
#include <osmium/io/detail/read_write.hpp>
#include <osmium/io/file.hpp>
#include <vector>

#include "corridor/core/error.h"

namespace corridor::osm::detail {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

Coordinate bad(std::string why) {
  return {Coordinate::Status::bad_syntax, 0, false, std::move(why)};
}

// ---------------------------------------------------------------------------------------------
// Where the bytes come from: memory, a file (seekable: PBF skips its blobs) or libosmium's
// decompressor (gzip, bzip2).
class Source {
 public:
  virtual ~Source() = default;
  // Fills buf with up to n bytes; fewer only at the end of the input. Returns the count.
  virtual size_t read(char* buf, size_t n) = 0;
  // Skips up to n bytes; fewer only at the end of the input. Returns the count.
  virtual uint64_t skip(uint64_t n) {
    std::array<char, 1 << 16> scratch;
    uint64_t done = 0;
    while (done < n) {
      const size_t want = static_cast<size_t>(std::min<uint64_t>(scratch.size(), n - done));
      const size_t got = read(scratch.data(), want);
      done += got;
      if (got < want) break;
    }
    return done;
  }
};

class MemorySource final : public Source {
 public:
  explicit MemorySource(std::string_view b) : b_(b) {}
  size_t read(char* buf, size_t n) override {
    n = std::min(n, b_.size() - at_);
    std::memcpy(buf, b_.data() + at_, n);
    at_ += n;
    return n;
  }
  uint64_t skip(uint64_t n) override {
    n = std::min<uint64_t>(n, b_.size() - at_);
    at_ += static_cast<size_t>(n);
    return n;
  }

 private:
  std::string_view b_;
  size_t at_ = 0;
};

class FileSource final : public Source {
 public:
  FileSource(const std::string& path, const std::string& name) : name_(name) {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) throw Error(Errc::io_error, "cannot read '" + path + "': " + std::strerror(errno));
    const off_t end = ::lseek(fd_, 0, SEEK_END);
    if (end < 0 || ::lseek(fd_, 0, SEEK_SET) < 0)
      throw Error(Errc::io_error, "cannot seek in '" + path + "': " + std::strerror(errno));
    size_ = static_cast<uint64_t>(end);
  }
  ~FileSource() override { ::close(fd_); }
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;

  size_t read(char* buf, size_t n) override {
    size_t done = 0;
    while (done < n) {
      const ssize_t got = ::read(fd_, buf + done, n - done);
      if (got < 0 && errno == EINTR) continue;
      if (got < 0)
        throw Error(Errc::io_error, "cannot read '" + name_ + "': " + std::strerror(errno));
      if (got == 0) break;
      done += static_cast<size_t>(got);
    }
    at_ += done;
    return done;
  }
  uint64_t skip(uint64_t n) override {
    n = std::min(n, size_ - std::min(size_, at_));
    if (::lseek(fd_, static_cast<off_t>(at_ + n), SEEK_SET) < 0)
      throw Error(Errc::io_error, "cannot seek in '" + name_ + "': " + std::strerror(errno));
    at_ += n;
    return n;
  }

 private:
  std::string name_;
  int fd_ = -1;
  uint64_t size_ = 0, at_ = 0;
};

class DecompressorSource final : public Source {
 public:
  explicit DecompressorSource(std::unique_ptr<osmium::io::Decompressor> d) : d_(std::move(d)) {}
  ~DecompressorSource() override {
    try {
      d_->close();
    } catch (...) {  // reading is over; an error closing changes nothing checked
    }
  }
  DecompressorSource(const DecompressorSource&) = delete;
  DecompressorSource& operator=(const DecompressorSource&) = delete;

  size_t read(char* buf, size_t n) override {
    size_t done = 0;
    while (done < n) {
      if (at_ == chunk_.size()) {
        if (end_) break;
        chunk_ = d_->read();
        at_ = 0;
        if (chunk_.empty()) {
          end_ = true;
          break;
        }
      }
      const size_t k = std::min(n - done, chunk_.size() - at_);
      std::memcpy(buf + done, chunk_.data() + at_, k);
      at_ += k;
      done += k;
    }
    return done;
  }

 private:
  std::unique_ptr<osmium::io::Decompressor> d_;
  std::string chunk_;
  size_t at_ = 0;
  bool end_ = false;
};

std::unique_ptr<Source> open_source(const OsmInput& in, const osmium::io::File& file, bool seek) {
  const auto compression = file.compression();
  auto& factory = osmium::io::CompressionFactory::instance();
  if (!in.path.empty()) {
    if (compression == osmium::io::file_compression::none && seek)
      return std::make_unique<FileSource>(in.path, in.name);
    const int fd = osmium::io::detail::open_for_reading(in.path);
    return std::make_unique<DecompressorSource>(factory.create_decompressor(compression, fd));
  }
  if (compression == osmium::io::file_compression::none)
    return std::make_unique<MemorySource>(in.bytes);
  return std::make_unique<DecompressorSource>(
      factory.create_decompressor(compression, in.bytes.data(), in.bytes.size()));
}

// ---------------------------------------------------------------------------------------------
// XML: every coordinate attribute, in the order of the file; the first bad one is the error.

enum class Axis { lat, lon };

// Attributes libosmium 2.19's XML parser reads with Location::set_lat/set_lon: lat/lon of
// <node>, <way>, <relation> and <nd>, the header's <bounds>, a <changeset>'s box. They are
// checked on every element (a superset: an attribute libosmium ignores must be sane too).
std::optional<Axis> coordinate_attribute(const char* name) {
  static constexpr std::pair<const char*, Axis> kNames[] = {
      {"lat", Axis::lat},     {"lon", Axis::lon},    {"minlat", Axis::lat},  {"minlon", Axis::lon},
      {"maxlat", Axis::lat},  {"maxlon", Axis::lon}, {"min_lat", Axis::lat}, {"min_lon", Axis::lon},
      {"max_lat", Axis::lat}, {"max_lon", Axis::lon}};
  for (const auto& [n, axis] : kNames)
    if (std::strcmp(name, n) == 0) return axis;
  return std::nullopt;
}

class XmlCoordinateCheck {
 public:
  explicit XmlCoordinateCheck(const std::string& name) : name_(name) {
    parser_ = XML_ParserCreate(nullptr);  // as libosmium's parser: the document's encoding
    if (!parser_) throw Error(Errc::internal, "cannot create an XML parser");
    XML_SetUserData(parser_, this);
    XML_SetStartElementHandler(parser_, &XmlCoordinateCheck::start);
    XML_SetEntityDeclHandler(parser_, &XmlCoordinateCheck::entity);
  }
  ~XmlCoordinateCheck() { XML_ParserFree(parser_); }
  XmlCoordinateCheck(const XmlCoordinateCheck&) = delete;
  XmlCoordinateCheck& operator=(const XmlCoordinateCheck&) = delete;

  void feed(const char* data, size_t n, bool last) {
    while (true) {
      const int len = static_cast<int>(std::min<size_t>(n, 1 << 20));
      const bool final_part = last && static_cast<size_t>(len) == n;
      if (XML_Parse(parser_, data, len, final_part) == XML_STATUS_ERROR) {
        if (found_) throw Error(Errc::invalid_input, "'" + name_ + "': " + what_, {*found_});
        throw Error(Errc::invalid_input, "'" + name_ + "': not well-formed OSM XML",
                    {{{name_, static_cast<int>(XML_GetCurrentLineNumber(parser_)),
                       static_cast<int>(XML_GetCurrentColumnNumber(parser_)) + 1},
                      XML_ErrorString(XML_GetErrorCode(parser_))}});
      }
      data += len;
      n -= static_cast<size_t>(len);
      if (n == 0) return;
    }
  }

 private:
  static void XMLCALL start(void* self, const XML_Char* element, const XML_Char** attrs) {
    auto& c = *static_cast<XmlCoordinateCheck*>(self);
    bool has_lat = false, has_lon = false;
    for (const XML_Char** a = attrs; *a; a += 2) {
      const std::optional<Axis> axis = coordinate_attribute(a[0]);
      if (!axis) continue;
      has_lat |= std::strcmp(a[0], "lat") == 0;
      has_lon |= std::strcmp(a[0], "lon") == 0;
      const Coordinate v = parse_osm_coordinate(a[1]);
      const int32_t limit = *axis == Axis::lat ? 900000000 : 1800000000;
      std::string problem;
      if (v.status != Coordinate::Status::ok)
        problem = v.why;
      else if (v.value < -limit || v.value > limit)
        problem =
            *axis == Axis::lat ? "a latitude beyond 90 degrees" : "a longitude beyond 180 degrees";
      if (problem.empty()) continue;
      std::string value(a[1]);
      if (value.size() > 40) value = value.substr(0, 40) + "...";
      c.stop(
          {c.where_attribute(a[0]),
           "<" + std::string(element) + "> attribute " + a[0] + "=\"" + value + "\": " + problem +
               "; expected " +
               (*axis == Axis::lat ? "a latitude from -90 to 90" : "a longitude from -180 to 180") +
               " degrees, written as a decimal number (an exponent such as 4.5e1 is accepted "
               "where the value stays in range)"},
          "invalid coordinate in OSM XML");
      return;
    }
    // libosmium sets a location only when both are given: a node with one would silently
    // become a node without a location (taken for one outside the extract).
    if (has_lat != has_lon)
      c.stop({c.where_event(), "<" + std::string(element) + "> has " +
                                   (has_lat ? "lat but no lon" : "lon but no lat") +
                                   "; expected both or neither"},
             "invalid coordinate in OSM XML");
  }

  static void XMLCALL entity(void* self, const XML_Char* name, int, const XML_Char*, int,
                             const XML_Char*, const XML_Char*, const XML_Char*, const XML_Char*) {
    auto& c = *static_cast<XmlCoordinateCheck*>(self);
    c.stop({c.where_event(), "entity declaration '" + std::string(name ? name : "") +
                                 "': OSM XML has no entity declarations (libosmium refuses them)"},
           "not OSM XML");
  }

  void stop(Diagnostic d, std::string what) {
    found_ = std::move(d);
    what_ = std::move(what);
    XML_StopParser(parser_, XML_FALSE);
  }

  SourceLocation where_event() const {
    return {name_, static_cast<int>(XML_GetCurrentLineNumber(parser_)),
            static_cast<int>(XML_GetCurrentColumnNumber(parser_)) + 1};
  }

  // The line:column of attribute `attr`'s value in the start tag being handled: the tag's text
  // is in expat's buffer (XML_GetInputContext); without it, the tag's own position.
  SourceLocation where_attribute(const char* attr) const {
    SourceLocation at = where_event();
    int offset = 0, size = 0;
    const char* buf = XML_GetInputContext(parser_, &offset, &size);
    if (!buf || offset < 0 || offset >= size) return at;
    const std::string_view tag(buf + offset, static_cast<size_t>(size - offset));
    // <name (space attr space? = space? quote value quote)* ...
    size_t i = 1;
    auto space = [&] {
      while (i < tag.size() &&
             (tag[i] == ' ' || tag[i] == '\t' || tag[i] == '\n' || tag[i] == '\r'))
        ++i;
    };
    auto name_end = [&] {
      while (i < tag.size() && tag[i] != '=' && tag[i] != '>' && tag[i] != '/' && tag[i] != ' ' &&
             tag[i] != '\t' && tag[i] != '\n' && tag[i] != '\r')
        ++i;
    };
    name_end();  // element name
    size_t value_at = std::string_view::npos;
    while (i < tag.size()) {
      space();
      const size_t n0 = i;
      name_end();
      const std::string_view n = tag.substr(n0, i - n0);
      if (n.empty()) break;
      space();
      if (i >= tag.size() || tag[i] != '=') break;
      ++i;
      space();
      if (i >= tag.size() || (tag[i] != '"' && tag[i] != '\'')) break;
      const char q = tag[i++];
      if (n == attr) {
        value_at = i;
        break;
      }
      while (i < tag.size() && tag[i] != q) ++i;
      ++i;
    }
    if (value_at == std::string_view::npos) return at;
    // Advance the tag's position to the value: lines by '\n', columns by character (expat counts
    // a UTF-8 sequence as one column).
    for (size_t k = 0; k < value_at; ++k) {
      const auto ch = static_cast<unsigned char>(tag[k]);
      if (ch == '\n') {
        ++at.line;
        at.column = 1;
      } else if ((ch & 0xC0) != 0x80) {
        ++at.column;
      }
    }
    return at;
  }

  XML_Parser parser_ = nullptr;
  std::string name_;
  std::optional<Diagnostic> found_;
  std::string what_;
};

void check_xml(Source& src, const std::string& name) {
  XmlCoordinateCheck check(name);
  std::vector<char> buf(size_t{1} << 20);
  while (true) {
    const size_t got = src.read(buf.data(), buf.size());
    const bool last = got < buf.size();
    check.feed(buf.data(), got, last);
    if (last) return;
  }
}

// ---------------------------------------------------------------------------------------------
// PBF: the sequence of (4-byte big-endian length, BlobHeader, blob) to the end of the file.

constexpr uint32_t kMaxBlobHeaderBytes = 64 * 1024;  // libosmium max_blob_header_size
constexpr int32_t kMaxBlobBytes = 32 * 1024 * 1024;  // max_uncompressed_blob_size

[[noreturn]] void pbf_fail(const std::string& name, uint64_t offset, const std::string& msg) {
  throw Error(Errc::invalid_input, "'" + name + "': invalid OSM PBF at byte offset " +
                                       std::to_string(offset) + ": " + msg);
}

struct BlobHeader {
  std::optional<std::string> type;
  std::optional<int32_t> datasize;
};

// Decodes a BlobHeader message (protobuf: 1 = type, string; 2 = indexdata, bytes; 3 = datasize,
// int32; other fields skipped, as libosmium does; the last of a repeated field wins, as there).
// Returns an empty string when well formed, else what is wrong.
std::string decode_blob_header(std::string_view m, BlobHeader& h) {
  size_t i = 0;
  auto varint = [&](uint64_t& v) {
    v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (i >= m.size()) return false;
      const auto b = static_cast<uint8_t>(m[i++]);
      v |= uint64_t{b & 0x7Fu} << shift;
      if (!(b & 0x80)) return true;
    }
    return false;
  };
  while (i < m.size()) {
    uint64_t key = 0;
    if (!varint(key)) return "a field key runs past the end of the BlobHeader";
    const uint64_t field = key >> 3, wire = key & 7;
    if (field == 0 || field > 0x1FFFFFFF) return "invalid field number " + std::to_string(field);
    static constexpr const char* kKnown[] = {"", "1 (type)", "2 (indexdata)", "3 (datasize)"};
    static constexpr uint64_t kWire[] = {0, 2, 2, 0};
    if (field <= 3 && wire != kWire[field])
      return std::string("field ") + kKnown[field] + " has wire type " + std::to_string(wire) +
             ", expected " + (kWire[field] == 0 ? "0 (varint)" : "2 (length-delimited)");
    switch (wire) {
      case 0: {
        uint64_t v = 0;
        if (!varint(v)) return "a varint runs past the end of the BlobHeader or past 10 bytes";
        if (field == 3) h.datasize = static_cast<int32_t>(static_cast<uint32_t>(v));
        break;
      }
      case 1:
      case 5: {
        const size_t n = wire == 1 ? 8 : 4;
        if (m.size() - i < n) return "a fixed-size field runs past the end of the BlobHeader";
        i += n;
        break;
      }
      case 2: {
        uint64_t n = 0;
        if (!varint(n)) return "a length runs past the end of the BlobHeader";
        if (n > m.size() - i)
          return "field " + std::to_string(field) + " of " + std::to_string(n) +
                 " bytes runs past the end of the BlobHeader";
        if (field == 1) h.type = std::string(m.substr(i, static_cast<size_t>(n)));
        i += static_cast<size_t>(n);
        break;
      }
      default:
        return "field " + std::to_string(field) + " has wire type " + std::to_string(wire) +
               " (not 0, 1, 2 or 5)";
    }
  }
  return {};
}

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s.substr(0, 40)) {
    if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
      out += static_cast<char>(c);
    } else {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out + (s.size() > 40 ? "...\"" : "\"");
}

// A protobuf message read field by field; `ok` false once it is malformed.
struct PbfMsg {
  explicit PbfMsg(std::string_view message) : m(message) {}
  std::string_view m;
  size_t i = 0;
  uint64_t field = 0, wire = 0, value = 0;
  std::string_view view;
  bool ok = true;

  static bool varint_at(std::string_view m, size_t& i, uint64_t& v) {
    v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (i >= m.size()) return false;
      const auto b = static_cast<uint8_t>(m[i++]);
      v |= uint64_t{b & 0x7Fu} << shift;
      if (!(b & 0x80)) return true;
    }
    return false;
  }
  bool next() {
    if (!ok || i >= m.size()) return false;
    uint64_t key = 0;
    if (!varint_at(m, i, key)) return ok = false;
    field = key >> 3;
    wire = key & 7;
    switch (wire) {
      case 0:
        return ok = varint_at(m, i, value);
      case 1:
      case 5: {
        const size_t n = wire == 1 ? 8 : 4;
        if (m.size() - i < n) return ok = false;
        i += n;
        return true;
      }
      case 2: {
        uint64_t n = 0;
        if (!varint_at(m, i, n) || n > m.size() - i) return ok = false;
        view = m.substr(i, static_cast<size_t>(n));
        i += static_cast<size_t>(n);
        return true;
      }
      default:
        return ok = false;
    }
  }
};

int64_t zigzag(uint64_t v) { return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1); }

// The integer arithmetic libosmium 2.19's PBF decoder does without overflow checks (signed
// overflow is undefined behaviour) or range checks (a coordinate is cast to int32: 474.5 degrees
// wraps to 45): delta sums of ids, references and coordinates, and `c * granularity + offset`
// of every coordinate. Malformed data is left to libosmium, which refuses it.
class PrimitiveBlockCheck {
 public:
  explicit PrimitiveBlockCheck(std::string_view block) {
    PbfMsg b{block};
    while (b.next()) {
      if (b.wire == 0 && b.field == 17) granularity_ = static_cast<int32_t>(b.value);
      if (b.wire == 0 && b.field == 19) lat_offset_ = static_cast<int64_t>(b.value);
      if (b.wire == 0 && b.field == 20) lon_offset_ = static_cast<int64_t>(b.value);
      if (b.wire == 2 && b.field == 2) groups_.push_back(b.view);
      if (b.wire == 2 && b.field == 1) strings_.push_back(b.view);
    }
  }

  // Empty when sound, else what is wrong.
  std::string problem() const {
    if (granularity_ <= 0)
      return "granularity " + std::to_string(granularity_) + " (expected a positive number)";
    // libosmium copies a string with its length but walks tags with strlen: a NUL byte inside
    // one makes it read past its buffer (ASan heap-buffer-overflow, found by fuzz_osm).
    size_t k = 0;
    for (std::string_view table : strings_) {
      PbfMsg st(table);
      for (; st.next(); ++k)
        if (st.wire == 2 && st.field == 1 && st.view.find('\0') != std::string_view::npos)
          return "string " + std::to_string(k) + " of the string table contains a NUL byte";
    }
    for (std::string_view g : groups_) {
      PbfMsg m{g};
      while (m.next()) {
        if (m.wire != 2) continue;
        std::string p;
        if (m.field == 1) p = node(m.view);
        if (m.field == 2) p = dense(m.view);
        if (m.field == 3) p = way(m.view);
        if (m.field == 4) p = relation(m.view);
        if (!p.empty()) return p;
      }
    }
    return {};
  }

 private:
  // Empty when libosmium's coordinate (1e-7 degrees) of `c` is computed without overflow and
  // in range, else what is wrong.
  std::string coordinate(int64_t c, bool lat) const {
    int64_t v = 0;
    const int64_t limit = lat ? 900000000 : 1800000000;
    const std::string what = lat ? "latitude" : "longitude";
    if (__builtin_mul_overflow(c, int64_t{granularity_}, &v) ||
        __builtin_add_overflow(v, lat ? lat_offset_ : lon_offset_, &v))
      return "a " + what + " (" + std::to_string(c) + " x granularity " +
             std::to_string(granularity_) + " + offset) overflows a 64-bit integer";
    v /= 100;
    if (v < -limit || v > limit)
      return "a " + what + " of " + std::to_string(static_cast<double>(v) / 1e7) +
             " degrees (expected " + (lat ? "-90 to 90" : "-180 to 180") + ")";
    return {};
  }
  // Sums the packed delta-coded sint64 values of `packed`, calling f(sum) on each.
  template <typename F>
  static std::string deltas(std::string_view packed, const char* what, F&& f) {
    size_t i = 0;
    int64_t sum = 0;
    while (i < packed.size()) {
      uint64_t v = 0;
      if (!PbfMsg::varint_at(packed, i, v)) return {};  // malformed: libosmium refuses it
      if (__builtin_add_overflow(sum, zigzag(v), &sum))
        return std::string("the delta-coded ") + what + " overflow a 64-bit integer";
      if (std::string p = f(sum); !p.empty()) return p;
    }
    return {};
  }
  static std::string none(int64_t) { return {}; }

  std::string node(std::string_view n) const {
    PbfMsg m{n};
    while (m.next()) {
      if (m.wire != 0 || (m.field != 8 && m.field != 9)) continue;
      if (std::string p = coordinate(zigzag(m.value), m.field == 8); !p.empty())
        return "node: " + p;
    }
    return {};
  }
  // DenseNodes (ids 1, lat 8, lon 9) and Way (refs 8, lat 9, lon 10): packed delta-coded ids,
  // then latitudes and longitudes in consecutive fields.
  std::string packed(std::string_view msg, uint64_t ids_field, const char* ids, uint64_t lat_field,
                     const char* label) const {
    PbfMsg m{msg};
    while (m.next()) {
      if (m.wire != 2) continue;
      std::string p;
      if (m.field == ids_field) p = deltas(m.view, ids, none);
      if (m.field == lat_field || m.field == lat_field + 1) {
        const bool lat = m.field == lat_field;
        p = deltas(m.view, lat ? "latitudes" : "longitudes",
                   [&](int64_t c) { return coordinate(c, lat); });
      }
      if (!p.empty()) return std::string(label) + ": " + p;
    }
    return {};
  }
  std::string dense(std::string_view d) const { return packed(d, 1, "node ids", 8, "dense nodes"); }
  std::string way(std::string_view w) const { return packed(w, 8, "node references", 9, "way"); }
  std::string relation(std::string_view r) const {
    PbfMsg m{r};
    while (m.next())
      if (m.wire == 2 && m.field == 9)
        if (std::string p = deltas(m.view, "member ids", none); !p.empty()) return "relation: " + p;
    return {};
  }

  int32_t granularity_ = 100;
  int64_t lat_offset_ = 0, lon_offset_ = 0;
  std::vector<std::string_view> strings_;  // the StringTable messages (normally one)
  std::vector<std::string_view> groups_;
};

// An OSMData blob (raw or zlib, as libosmium reads it): empty when sound or when libosmium
// refuses it itself (another compression, bad sizes, a stream that does not inflate), else
// what is wrong.
std::string data_blob_problem(std::string_view blob) {
  PbfMsg b{blob};
  std::string_view raw, zlib_data;
  int32_t raw_size = 0;
  bool has_raw = false, has_zlib = false;
  while (b.next()) {
    if (b.wire == 2 && b.field == 1) {
      raw = b.view;
      has_raw = true;
    }
    if (b.wire == 0 && b.field == 2) raw_size = static_cast<int32_t>(b.value);
    if (b.wire == 2 && b.field == 3) {
      zlib_data = b.view;
      has_zlib = true;
    }
  }
  // A malformed tail does not stop libosmium from decoding the fields before it (found by
  // fuzz_osm: raw data, then a wire type 4 key), so what was read is checked all the same.
  if (has_raw) return PrimitiveBlockCheck(raw).problem();
  if (!has_zlib || raw_size <= 0 || raw_size > kMaxBlobBytes) return {};
  std::string out(static_cast<size_t>(raw_size), '\0');
  uLongf out_size = static_cast<uLongf>(out.size());
  if (::uncompress(reinterpret_cast<Bytef*>(out.data()), &out_size,
                   reinterpret_cast<const Bytef*>(zlib_data.data()),
                   static_cast<uLong>(zlib_data.size())) != Z_OK)
    return {};
  out.resize(out_size);
  return PrimitiveBlockCheck(out).problem();
}

void check_pbf(Source& src, const std::string& name) {
  uint64_t at = 0;
  std::string header, data;
  for (uint64_t blob = 0;; ++blob) {
    const char* expected = blob == 0 ? "OSMHeader" : "OSMData";
    std::array<unsigned char, 4> len{};
    const size_t got = src.read(reinterpret_cast<char*>(len.data()), len.size());
    if (got == 0) {
      if (blob == 0) pbf_fail(name, at, "the file is empty (a PBF starts with an OSMHeader blob)");
      return;
    }
    if (got < len.size())
      pbf_fail(name, at,
               "the file ends inside the length of BlobHeader " + std::to_string(blob) + " (" +
                   std::to_string(got) + " of 4 bytes)");
    const uint32_t hlen =
        uint32_t{len[0]} << 24 | uint32_t{len[1]} << 16 | uint32_t{len[2]} << 8 | uint32_t{len[3]};
    if (hlen == 0 || hlen > kMaxBlobHeaderBytes)
      pbf_fail(name, at,
               "BlobHeader " + std::to_string(blob) + " has a length of " + std::to_string(hlen) +
                   " bytes; expected 1 to " + std::to_string(kMaxBlobHeaderBytes));
    at += 4;
    header.resize(hlen);
    const size_t hgot = src.read(header.data(), hlen);
    if (hgot < hlen)
      pbf_fail(name, at,
               "the file ends inside BlobHeader " + std::to_string(blob) + " (" +
                   std::to_string(hgot) + " of " + std::to_string(hlen) + " bytes)");
    BlobHeader h;
    if (const std::string bad = decode_blob_header(header, h); !bad.empty())
      pbf_fail(name, at, "BlobHeader " + std::to_string(blob) + " is not a valid message: " + bad);
    const std::string what = "BlobHeader " + std::to_string(blob) + " ";
    if (!h.type) pbf_fail(name, at, what + "has no type field; expected \"" + expected + "\"");
    if (*h.type != expected)
      pbf_fail(name, at,
               what + "has type " + quoted(*h.type) + "; expected \"" + expected + "\"" +
                   (blob == 0 ? " (the first blob of a PBF)" : ""));
    if (!h.datasize)
      pbf_fail(name, at, what + "has no datasize field (the size of the blob that follows)");
    if (*h.datasize <= 0 || *h.datasize > kMaxBlobBytes)
      pbf_fail(name, at,
               what + "has a datasize of " + std::to_string(*h.datasize) +
                   " bytes; expected 1 to " + std::to_string(kMaxBlobBytes));
    at += hlen;
    const auto size = static_cast<uint64_t>(*h.datasize);
    if (blob == 0) {  // the OSMHeader: libosmium's checks suffice
      const uint64_t skipped = src.skip(size);
      if (skipped < size)
        pbf_fail(name, at,
                 "the file ends inside blob 0 (" + std::to_string(skipped) + " of " +
                     std::to_string(size) + " bytes)");
    } else {
      data.resize(static_cast<size_t>(size));
      const size_t got_data = src.read(data.data(), data.size());
      if (got_data < size)
        pbf_fail(name, at,
                 "the file ends inside blob " + std::to_string(blob) + " (" +
                     std::to_string(got_data) + " of " + std::to_string(size) + " bytes)");
      if (const std::string bad = data_blob_problem(data); !bad.empty())
        pbf_fail(name, at, "blob " + std::to_string(blob) + ": " + bad);
    }
    at += size;
  }
}

}  // namespace

Coordinate parse_osm_coordinate(std::string_view s) {
  // The steps of libosmium 2.19 string_to_location_coordinate, with its limits; the changes
  // are the overflow check before each multiplication by 10 and the `imprecise` outcome.
  size_t i = 0;
  auto at = [&](size_t k) { return k < s.size() ? s[k] : '\0'; };
  int64_t result = 0;
  int sign = 1;
  int64_t scale = 8;  // one more than the 7 decimals kept, for rounding
  int max_digits = 10;
  bool dropped_nonzero = false;  // a nonzero decimal after the 8th (libosmium ignores them)
  int64_t exponent = 0;
  if (at(i) == '-') {
    sign = -1;
    ++i;
  }
  if (at(i) != '.') {
    if (!is_digit(at(i))) return bad("not a number (expected a digit)");
    result = at(i++) - '0';
    while (is_digit(at(i)) && max_digits > 0) {
      result = result * 10 + (at(i++) - '0');
      --max_digits;
    }
    if (max_digits == 0) return bad("more than 10 digits before the decimal point");
  } else if (!is_digit(at(i + 1))) {
    return bad("not a number (expected a digit after '.')");
  }
  if (at(i) == '.') {
    ++i;
    for (; scale > 0 && is_digit(at(i)); --scale, ++i) result = result * 10 + (at(i) - '0');
    max_digits = 20;
    while (is_digit(at(i)) && max_digits > 0) {
      dropped_nonzero |= at(i) != '0';
      ++i;
      --max_digits;
    }
    if (max_digits == 0) return bad("more than 27 decimals");
  }
  if (at(i) == 'e' || at(i) == 'E') {
    ++i;
    int esign = 1;
    if (at(i) == '-') {
      esign = -1;
      ++i;
    }
    if (!is_digit(at(i))) return bad("no digit after the exponent's 'e'");
    int64_t eresult = at(i++) - '0';
    max_digits = 5;
    while (is_digit(at(i)) && max_digits > 0) {
      eresult = eresult * 10 + (at(i++) - '0');
      --max_digits;
    }
    if (max_digits == 0) return bad("an exponent of more than 5 digits");
    exponent = eresult * esign;
    scale += exponent;
  }
  Coordinate out;
  if (scale < 0) {
    for (; scale < 0 && result > 0; ++scale) result /= 10;
  } else if (result > 0) {
    for (; scale > 0; --scale) {
      if (result > std::numeric_limits<int64_t>::max() / 10)  // libosmium would overflow here
        return {Coordinate::Status::out_of_range, 0, true, "far beyond any coordinate (overflows)"};
      result *= 10;
    }
  }
  result = (result + 5) / 10 * sign;
  if (result > std::numeric_limits<int32_t>::max() || result < std::numeric_limits<int32_t>::min())
    return {Coordinate::Status::out_of_range, 0, false, "beyond 214.7483647 degrees"};
  // libosmium's set_lat/set_lon look for characters after the number once it is computed.
  if (i != s.size()) return bad("not a number (unexpected characters after it)");
  if (dropped_nonzero && exponent > 0)
    return {Coordinate::Status::imprecise, 0, false,
            "nonzero decimals after the 8th with a positive exponent (libosmium drops them "
            "before it applies the exponent, so the value would be wrong)"};
  out.value = static_cast<int32_t>(result);
  return out;
}

void check_osm_input(const OsmInput& in) {
  const osmium::io::File file = in.path.empty()
                                    ? osmium::io::File(in.bytes.data(), in.bytes.size(), in.format)
                                    : osmium::io::File(in.path);
  const std::string shown = in.path.empty() ? in.name : in.path;
  switch (file.format()) {
    case osmium::io::file_format::xml: {
      const auto src = open_source(in, file, false);
      check_xml(*src, shown);
      return;
    }
    case osmium::io::file_format::pbf: {
      const auto src = open_source(in, file, true);
      check_pbf(*src, shown);
      return;
    }
    default:
      throw Error(Errc::invalid_input,
                  "'" + shown + "': " +
                      (file.format() == osmium::io::file_format::unknown
                           ? std::string("unknown format")
                           : std::string(osmium::io::as_string(file.format())) + " is not read") +
                      "; expected OSM PBF (.osm.pbf) or OSM XML (.osm, .osm.gz, .osm.bz2)");
  }
}

}  // namespace corridor::osm::detail
