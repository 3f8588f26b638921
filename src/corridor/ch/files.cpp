#include "corridor/ch/files.h"

#include <algorithm>

#include "corridor/core/files.h"

namespace corridor::ch {

uint64_t hash_bytes(const void* data, size_t size, uint64_t seed) {
  constexpr uint64_t kMul = 0x9E3779B97F4A7C15ull;
  const auto* p = static_cast<const unsigned char*>(data);
  uint64_t h = seed ^ (size * kMul);
  size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    h = (h ^ (w * kMul)) * 0xBF58476D1CE4E5B9ull;
    h ^= h >> 31;
  }
  uint64_t tail = 0;
  for (size_t k = 0; i + k < size; ++k) tail |= uint64_t{p[i + k]} << (8 * k);
  h = (h ^ (tail * kMul)) * 0x94D049BB133111EBull;
  h ^= h >> 29;
  h *= kMul;
  h ^= h >> 32;
  return h;
}

void BinaryWriter::add_raw(uint32_t tag, uint32_t elem_size, uint64_t count, const void* data) {
  SectionHeader s{tag, elem_size, count};
  payload_.append(reinterpret_cast<const char*>(&s), sizeof s);
  if (count) payload_.append(static_cast<const char*>(data), elem_size * count);
  payload_.append((8 - payload_.size() % 8) % 8, '\0');
  ++sections_;
}

std::string BinaryWriter::finish(const char (&magic)[9], uint32_t version,
                                 uint64_t input_hash) const {
  FileHeader h{};
  std::memcpy(h.magic, magic, 8);
  h.format_version = version;
  h.header_size = sizeof(FileHeader);
  h.input_hash = input_hash;
  h.payload_hash = hash_bytes(payload_.data(), payload_.size());
  h.payload_size = payload_.size();
  h.num_sections = sections_;
  std::strncpy(h.build_id, "corridor 0.1.0", sizeof h.build_id - 1);
  std::string image(reinterpret_cast<const char*>(&h), sizeof h);
  image += payload_;
  return image;
}

void BinaryWriter::write(const std::string& path, const char (&magic)[9], uint32_t version,
                         uint64_t input_hash) const {
  files::write_atomic(path, finish(magic, version, input_hash));
}

BinaryReader::BinaryReader(const std::string& path, const char (&magic)[9], uint32_t version,
                           std::string_view what)
    : image_(files::read_all(path)), path_(path), what_(what) {
  validate(magic, version);
}

BinaryReader::BinaryReader(std::string image, const std::string& path, const char (&magic)[9],
                           uint32_t version, std::string_view what)
    : image_(std::move(image)), path_(path), what_(what) {
  validate(magic, version);
}

void BinaryReader::fail(const std::string& message) const {
  throw Error(Errc::invalid_input, "'" + path_ + "': " + message);
}

void BinaryReader::validate(const char (&magic)[9], uint32_t version) {
  if (image_.size() < sizeof(FileHeader)) {
    if (image_.size() >= 8 && std::memcmp(image_.data(), magic, 8) == 0)
      fail("truncated " + what_ + " file (" + std::to_string(image_.size()) + " bytes)");
    fail("not a " + what_ + " file (too short)");
  }
  std::memcpy(&header_, image_.data(), sizeof header_);
  if (std::memcmp(header_.magic, magic, 8) != 0) fail("not a " + what_ + " file (bad magic)");
  if (header_.format_version != version)
    fail(what_ + " format version " + std::to_string(header_.format_version) +
         ", but this build reads version " + std::to_string(version) + "; re-create the file");
  if (header_.header_size != sizeof(FileHeader)) fail("bad header size");
  if (header_.payload_size != image_.size() - sizeof(FileHeader))
    fail(std::string(header_.payload_size > image_.size() - sizeof(FileHeader) ? "truncated "
                                                                               : "oversized ") +
         what_ + " file: header says " + std::to_string(header_.payload_size) +
         " payload bytes, file has " + std::to_string(image_.size() - sizeof(FileHeader)));
  if (hash_bytes(image_.data() + sizeof(FileHeader), header_.payload_size) != header_.payload_hash)
    fail("corrupt " + what_ + " file (checksum mismatch)");
  pos_ = sizeof(FileHeader);
}

std::pair<const void*, uint64_t> BinaryReader::next_raw(uint32_t tag, uint32_t elem_size) {
  if (image_.size() - pos_ < sizeof(SectionHeader)) fail("missing section");
  SectionHeader s;
  std::memcpy(&s, image_.data() + pos_, sizeof s);
  pos_ += sizeof s;
  if (s.tag != tag || s.elem_size != elem_size) fail("unexpected section layout");
  const uint64_t avail = image_.size() - pos_;
  if (s.count > avail / elem_size) fail("section larger than the file");
  const void* p = image_.data() + pos_;
  uint64_t bytes = s.count * elem_size;
  pos_ += bytes + (8 - bytes % 8) % 8;
  if (pos_ > image_.size()) fail("section padding past the end");
  return {p, s.count};
}

namespace {
constexpr char kCchMagic[9] = "CORRCCH";
}

void write_cch(const std::string& path, const ContractionHierarchy& ch, uint64_t input_hash,
               const std::string& profile) {
  BinaryWriter w;
  w.add_string(tag("prof"), profile);
  w.add(tag("narc"), std::vector<uint32_t>{ch.num_input_arcs});
  w.add(tag("rank"), ch.rank);
  w.add(tag("upfo"), ch.up.first_out);
  w.add(tag("upar"), ch.up.arcs);
  w.add(tag("upvi"), ch.up.via);
  w.add(tag("dnfo"), ch.down.first_out);
  w.add(tag("dnar"), ch.down.arcs);
  w.add(tag("dnvi"), ch.down.via);
  w.write(path, kCchMagic, kCchVersion, input_hash);
}

LoadedCh read_cch(const std::string& path, uint64_t expected_input_hash) {
  BinaryReader r(path, kCchMagic, kCchVersion, ".cch");
  LoadedCh out;
  out.input_hash = r.header().input_hash;
  if (expected_input_hash != 0 && expected_input_hash != out.input_hash)
    r.fail("was built for a different network (fingerprint mismatch); re-run 'corridor build'");
  out.profile = r.next_string(tag("prof"));
  auto narc = r.next<uint32_t>(tag("narc"));
  if (narc.size() != 1) r.fail("bad arc count section");
  ContractionHierarchy& ch = out.ch;
  ch.num_input_arcs = narc[0];
  ch.rank = r.next<uint32_t>(tag("rank"));
  ch.up.first_out = r.next<uint32_t>(tag("upfo"));
  ch.up.arcs = r.next<ChArc>(tag("upar"));
  ch.up.via = r.next<uint32_t>(tag("upvi"));
  ch.down.first_out = r.next<uint32_t>(tag("dnfo"));
  ch.down.arcs = r.next<ChArc>(tag("dnar"));
  ch.down.via = r.next<uint32_t>(tag("dnvi"));
  const uint32_t n = static_cast<uint32_t>(ch.rank.size());
  ch.order.assign(n, kInvalid);
  for (uint32_t v = 0; v < n; ++v) {
    if (ch.rank[v] >= n || ch.order[ch.rank[v]] != kInvalid) r.fail("rank is not a permutation");
    ch.order[ch.rank[v]] = v;
  }
  // The checksum is not cryptographic (anyone can recompute it), so the CSR structure is checked
  // here before check() walks it: every offset array must start at 0, never decrease and end at
  // its arc count, so that every arc range check() reads is inside the arrays.
  for (const auto* g : {&ch.up, &ch.down}) {
    if (g->first_out.size() != size_t{n} + 1 || g->first_out.front() != 0 ||
        !std::is_sorted(g->first_out.begin(), g->first_out.end()) ||
        g->first_out.back() != g->arcs.size() || g->via.size() != g->arcs.size())
      r.fail("inconsistent hierarchy: arc offsets do not fit the arc arrays");
  }
  auto errors = check(ch);
  if (!errors.empty()) r.fail("inconsistent hierarchy: " + errors.front());
  return out;
}

}  // namespace corridor::ch
