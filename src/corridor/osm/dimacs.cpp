#include "corridor/osm/dimacs.h"

#include <zlib.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <limits>

#include "corridor/core/error.h"
#include "corridor/core/files.h"

namespace corridor::osm {

GzipLimits GzipLimits::defaults() {
  GzipLimits l;
  if (const char* env = std::getenv("CORRIDOR_GZIP_MAX_BYTES"); env != nullptr && *env != '\0') {
    const std::string_view v(env);
    uint64_t n = 0;
    const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec != std::errc() || end != v.data() + v.size() || n == 0) {
      throw Error(Errc::usage, "CORRIDOR_GZIP_MAX_BYTES must be a positive byte count, found '" +
                                   std::string(v.substr(0, 40)) + "'");
    }
    l.max_bytes = n;
    l.ratio_floor = n;
  }
  return l;
}

std::string read_maybe_gzip(const std::string& path, const GzipLimits& limits) {
  if (!files::exists(path)) throw Error(Errc::io_error, "cannot read '" + path + "': no such file");
  std::error_code size_ec;
  const uint64_t compressed = std::filesystem::file_size(path, size_ec);
  gzFile f = gzopen(path.c_str(), "rb");
  if (!f) throw Error(Errc::io_error, "cannot read '" + path + "'");
  gzbuffer(f, 1 << 17);
  // gzdirect: a plain file is copied as it is (transparent mode), with no bound beyond its size.
  const bool inflating = gzdirect(f) == 0;
  uint64_t bound = std::numeric_limits<uint64_t>::max();
  if (inflating) {
    const uint64_t by_ratio =
        size_ec || compressed > bound / std::max<uint64_t>(limits.max_ratio, 1)
            ? bound
            : compressed * limits.max_ratio;
    bound = std::min(limits.max_bytes, std::max(limits.ratio_floor, by_ratio));
  }
  std::string out;
  char buf[1 << 16];
  for (;;) {
    int n = gzread(f, buf, sizeof buf);
    if (n < 0) {
      int err = 0;
      std::string msg = gzerror(f, &err);
      gzclose(f);
      throw Error(Errc::invalid_input, "'" + path + "': cannot decompress: " + msg);
    }
    if (n == 0) break;
    if (out.size() + static_cast<size_t>(n) > bound) {
      gzclose(f);
      throw Error(Errc::invalid_input,
                  "'" + path + "': inflates to more than " + std::to_string(bound) +
                      " bytes (from " + std::to_string(compressed) +
                      " compressed; the bound is min(CORRIDOR_GZIP_MAX_BYTES = " +
                      std::to_string(limits.max_bytes) + ", max(" +
                      std::to_string(limits.ratio_floor) + ", " + std::to_string(limits.max_ratio) +
                      " x compressed size))): a gzip bomb or a damaged file; decompress it "
                      "yourself if it is genuine, or raise CORRIDOR_GZIP_MAX_BYTES");
    }
    out.append(buf, static_cast<size_t>(n));
  }
  gzclose(f);
  return out;
}

namespace {

struct Cursor {
  std::string_view line;
  size_t pos = 0;
  void skip_ws() {
    while (pos < line.size() && (line[pos] == ' ' || line[pos] == '\t' || line[pos] == '\r')) ++pos;
  }
  bool word(std::string_view& out) {
    skip_ws();
    size_t b = pos;
    while (pos < line.size() && line[pos] != ' ' && line[pos] != '\t' && line[pos] != '\r') ++pos;
    out = line.substr(b, pos - b);
    return !out.empty();
  }
  bool number(uint64_t& out) {
    skip_ws();
    size_t b = pos;
    uint64_t v = 0;
    while (pos < line.size() && line[pos] >= '0' && line[pos] <= '9') {
      v = v * 10 + uint64_t(line[pos] - '0');
      if (v > 0xffffffffull) return false;
      ++pos;
    }
    out = v;
    return pos > b &&
           (pos == line.size() || line[pos] == ' ' || line[pos] == '\t' || line[pos] == '\r');
  }
  bool at_end() {
    skip_ws();
    return pos == line.size();
  }
};

}  // namespace

DimacsGraph parse_dimacs(std::string_view text, const std::string& name) {
  DimacsGraph g;
  bool have_p = false;
  uint64_t declared_arcs = 0;
  int line_no = 0;
  auto fail = [&](const std::string& msg, int col = 0) {
    throw Error(Errc::invalid_input, "malformed DIMACS graph",
                {Diagnostic{SourceLocation{name, line_no, col}, msg}});
  };
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    Cursor c{text.substr(start, end - start)};
    start = end + 1;
    ++line_no;
    if (c.at_end()) continue;
    char kind = c.line[c.pos];
    if (kind == 'c') continue;
    if (kind == 'p') {
      ++c.pos;
      std::string_view problem;
      uint64_t n = 0, m = 0;
      if (have_p) fail("second 'p' line");
      if (!c.word(problem) || problem != "sp") fail("expected 'p sp NODES ARCS'");
      if (!c.number(n) || !c.number(m) || !c.at_end()) fail("expected 'p sp NODES ARCS'");
      if (n >= 0x7fffffffull) fail("too many nodes");
      // The header must not make us allocate for a graph the file cannot hold: an arc line takes
      // at least 8 bytes, and more nodes than bytes would be ids no arc can mention compactly.
      if (n > std::max<uint64_t>(1000000, 4 * text.size()))
        fail("the header declares " + std::to_string(n) + " nodes, far more than a " +
             std::to_string(text.size()) + "-byte file can describe");
      g.num_nodes = static_cast<uint32_t>(n);
      declared_arcs = m;
      const uint64_t fit = std::min<uint64_t>(m, text.size() / 8 + 1);
      g.tail.reserve(fit);
      g.head.reserve(fit);
      g.weight.reserve(fit);
      have_p = true;
      continue;
    }
    if (kind == 'a') {
      ++c.pos;
      if (!have_p) fail("arc before the 'p sp' line");
      uint64_t u = 0, v = 0, w = 0;
      if (!c.number(u) || !c.number(v) || !c.number(w) || !c.at_end())
        fail("expected 'a FROM TO WEIGHT' with non-negative integers", static_cast<int>(c.pos) + 1);
      if (u < 1 || u > g.num_nodes || v < 1 || v > g.num_nodes)
        fail("node id out of range 1.." + std::to_string(g.num_nodes));
      if (w > 0x3fffffffull) fail("weight above 2^30-1: scale the weights down");
      g.tail.push_back(static_cast<uint32_t>(u - 1));
      g.head.push_back(static_cast<uint32_t>(v - 1));
      g.weight.push_back(static_cast<uint32_t>(w));
      continue;
    }
    fail(std::string("unknown line type '") + kind + "'", 1);
  }
  if (!have_p)
    throw Error(Errc::invalid_input, "'" + name + "': not a DIMACS graph (no 'p sp' line)");
  if (g.tail.size() != declared_arcs)
    throw Error(Errc::invalid_input, "'" + name + "': 'p sp' declares " +
                                         std::to_string(declared_arcs) + " arcs but " +
                                         std::to_string(g.tail.size()) + " were read (truncated?)");
  return g;
}

DimacsGraph read_dimacs(const std::string& path) {
  return parse_dimacs(read_maybe_gzip(path), path);
}

route::Graph to_graph(const DimacsGraph& d, std::vector<uint32_t>& weight) {
  std::vector<uint32_t> input_of_arc;
  route::Graph g = route::build_graph(d.num_nodes, d.tail, d.head, &input_of_arc);
  weight.resize(g.num_arcs());
  for (uint32_t a = 0; a < g.num_arcs(); ++a) weight[a] = d.weight[input_of_arc[a]];
  return g;
}

}  // namespace corridor::osm
