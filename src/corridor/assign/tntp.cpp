#include "corridor/assign/tntp.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <limits>
#include <map>
#include <utility>

#include "corridor/core/error.h"
#include "corridor/core/files.h"
#include "corridor/core/text.h"

namespace corridor::assign {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(const std::string& file, int line, int column, const std::string& msg) {
  SourceLocation where{file, line, column};
  throw Error(Errc::invalid_input, "malformed TNTP file '" + file + "'", {Diagnostic{where, msg}});
}

// A whitespace-separated token with its 1-based column.
struct Token {
  std::string_view text;
  int column;
};

// Splits a line into tokens at blanks, tabs and ';' (row ends), dropping a `~` comment.
std::vector<Token> tokenize(std::string_view line) {
  std::vector<Token> out;
  size_t i = 0;
  const size_t n = line.size();
  while (i < n) {
    char c = line[i];
    if (c == '~') break;
    if (c == ' ' || c == '\t' || c == '\r' || c == ';' || c == '\f' || c == '\v') {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < n && line[j] != ' ' && line[j] != '\t' && line[j] != '\r' && line[j] != ';' &&
           line[j] != '~')
      ++j;
    out.push_back({line.substr(i, j - i), static_cast<int>(i) + 1});
    i = j;
  }
  return out;
}

// Iterates over lines with 1-based numbers.
class Lines {
 public:
  explicit Lines(std::string_view text) : text_(text) {}
  bool next(std::string_view& line) {
    if (pos_ >= text_.size()) return false;
    size_t e = text_.find('\n', pos_);
    if (e == std::string_view::npos) e = text_.size();
    line = text_.substr(pos_, e - pos_);
    pos_ = e + 1;
    ++number_;
    return true;
  }
  int number() const { return number_; }

 private:
  std::string_view text_;
  size_t pos_ = 0;
  int number_ = 0;
};

// A `<TAG> value` metadata line: returns true and fills tag (upper-case) and value.
bool metadata(std::string_view line, std::string& tag, std::string_view& value, size_t& value_col) {
  std::string_view t = text::trim(line);
  if (t.empty() || t.front() != '<') return false;
  size_t close = t.find('>');
  if (close == std::string_view::npos) return false;
  tag.clear();
  for (char c : t.substr(1, close - 1)) tag += static_cast<char>(std::toupper(c));
  value = t.substr(close + 1);
  size_t tilde = value.find('~');
  if (tilde != std::string_view::npos && tag != "ORIGINAL HEADER") value = value.substr(0, tilde);
  value = text::trim(value);
  while (!value.empty() && value.back() == ';')
    value = text::trim(value.substr(0, value.size() - 1));
  value_col = static_cast<size_t>(value.data() - line.data()) + 1;
  return true;
}

double number(const Token& t, const std::string& file, int line, const char* what) {
  auto v = text::parse_double(t.text);
  if (!v) fail(file, line, t.column, fmt::format("{} '{}' is not a number", what, t.text));
  return *v;
}

uint32_t node_id(const Token& t, const std::string& file, int line, const char* what,
                 uint32_t max_id) {
  auto v = text::parse_int(t.text);
  if (!v) {
    // Some files write ids as "12.0".
    auto d = text::parse_double(t.text);
    // (In range before the conversion: a double beyond long long is undefined behaviour.)
    if (d && *d == std::floor(*d) && std::fabs(*d) < 9e18) v = static_cast<long long>(*d);
  }
  if (!v) fail(file, line, t.column, fmt::format("{} '{}' is not an integer", what, t.text));
  if (*v < 1 || *v > 0xffffffffLL || (max_id > 0 && static_cast<unsigned long long>(*v) > max_id))
    fail(file, line, t.column,
         max_id > 0 ? fmt::format("{} {} is outside 1..{}", what, *v, max_id)
                    : fmt::format("{} {} must be positive", what, *v));
  return static_cast<uint32_t>(*v);
}

uint32_t meta_count(std::string_view value, const std::string& file, int line, size_t col,
                    const std::string& tag) {
  auto v = text::parse_int(value);
  if (!v) {
    auto d = text::parse_double(value);
    if (d && *d == std::floor(*d) && std::fabs(*d) < 9e18) v = static_cast<long long>(*d);
  }
  if (!v || *v < 0 || *v > std::numeric_limits<int32_t>::max())
    fail(file, line, static_cast<int>(col),
         fmt::format("<{}> needs a non-negative integer, got '{}'", tag, value));
  return static_cast<uint32_t>(*v);
}

// Zone, node and link counts size arrays and bound every id read later (node_id treats a bound of
// 0 as "none"), so a declared count of 0 is refused where it is read.
uint32_t meta_count_positive(std::string_view value, const std::string& file, int line, size_t col,
                             const std::string& tag) {
  const uint32_t v = meta_count(value, file, line, col, tag);
  if (v == 0)
    fail(file, line, static_cast<int>(col), fmt::format("<{}> must be at least 1, got 0", tag));
  return v;
}

bool ends_with_ci(const std::string& s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  return text::to_lower_ascii(s.substr(s.size() - suffix.size())) == suffix;
}

}  // namespace

void parse_tntp_net(std::string_view text, const std::string& file, TntpNetwork& net) {
  Lines lines(text);
  std::string_view line;
  std::string tag;
  std::string_view value;
  size_t col = 0;
  bool in_meta = true, have_nodes = false, have_links = false;
  uint32_t stated_links = 0;
  int links_line = 0;
  net.net_file = file;
  while (lines.next(line)) {
    const int ln = lines.number();
    if (in_meta && metadata(line, tag, value, col)) {
      if (tag == "END OF METADATA") {
        in_meta = false;
      } else if (tag == "NUMBER OF ZONES") {
        net.num_zones = meta_count_positive(value, file, ln, col, tag);
      } else if (tag == "NUMBER OF NODES") {
        net.num_nodes = meta_count_positive(value, file, ln, col, tag);
        have_nodes = true;
        // Arrays are sized by this number: a header must not claim far more nodes than the file
        // could possibly describe (isolated ids exist, but not millions more than its bytes).
        if (net.num_nodes > std::max<uint64_t>(1000000, 4 * uint64_t{text.size()}))
          fail(file, ln, col,
               fmt::format("<NUMBER OF NODES> {} is far more than a {}-byte file can describe",
                           net.num_nodes, text.size()));
      } else if (tag == "FIRST THRU NODE") {
        net.first_thru_node = meta_count(value, file, ln, col, tag);
      } else if (tag == "NUMBER OF LINKS") {
        stated_links = meta_count_positive(value, file, ln, col, tag);
        have_links = true;
        links_line = ln;
      } else if (tag == "TOLL FACTOR" || tag == "DISTANCE FACTOR") {
        auto v = text::parse_double(value);
        if (!v || *v < 0)
          fail(file, ln, static_cast<int>(col),
               fmt::format("<{}> needs a non-negative number, got '{}'", tag, value));
        (tag == "TOLL FACTOR" ? net.toll_factor : net.distance_factor) = *v;
      }
      continue;  // unknown tags (ORIGINAL HEADER, SCENARIO, ...) are ignored
    }
    auto tok = tokenize(line);
    if (tok.empty()) continue;
    if (in_meta) {
      fail(file, ln, tok[0].column, "expected a <TAG> metadata line or <END OF METADATA>");
    }
    if (tok.size() < 7)
      fail(file, ln, tok.back().column + static_cast<int>(tok.back().text.size()),
           fmt::format("a link row needs at least 7 fields (init term capacity length "
                       "free_flow_time b power), found {}",
                       tok.size()));
    if (tok.size() > 10)
      fail(file, ln, tok[10].column,
           fmt::format("a link row has at most 10 fields, found {}", tok.size()));
    TntpLink l;
    l.line = ln;
    l.init = node_id(tok[0], file, ln, "init node", net.num_nodes);
    l.term = node_id(tok[1], file, ln, "term node", net.num_nodes);
    l.capacity = number(tok[2], file, ln, "capacity");
    l.length = number(tok[3], file, ln, "length");
    l.free_flow_time = number(tok[4], file, ln, "free flow time");
    l.b = number(tok[5], file, ln, "b");
    l.power = number(tok[6], file, ln, "power");
    if (tok.size() > 7) l.speed = number(tok[7], file, ln, "speed");
    if (tok.size() > 8) l.toll = number(tok[8], file, ln, "toll");
    if (tok.size() > 9) {
      const double type = number(tok[9], file, ln, "link type");
      if (!(std::fabs(type) <= 1e9))  // converted to int below
        fail(file, ln, tok[9].column, fmt::format("link type {} is out of range", type));
      l.type = static_cast<int>(type);
    }
    if (l.free_flow_time < 0) fail(file, ln, tok[4].column, "free flow time must be >= 0");
    if (l.b < 0) fail(file, ln, tok[5].column, "b must be >= 0");
    if (l.power < 0) fail(file, ln, tok[6].column, "power must be >= 0");
    if (l.length < 0) fail(file, ln, tok[3].column, "length must be >= 0");
    if (l.toll < 0) fail(file, ln, tok[8].column, "toll must be >= 0");
    if (l.capacity <= 0 && l.b > 0 && l.power > 0 && l.free_flow_time > 0)
      fail(file, ln, tok[2].column, "capacity must be > 0 on a link whose cost depends on flow");
    if (l.capacity < 0) fail(file, ln, tok[2].column, "capacity must be >= 0");
    net.links.push_back(l);
  }
  if (in_meta) fail(file, lines.number(), 0, "missing <END OF METADATA>");
  if (!have_nodes) fail(file, 1, 0, "missing <NUMBER OF NODES>");
  if (have_links && stated_links != net.links.size())
    fail(file, links_line, 0,
         fmt::format("<NUMBER OF LINKS> says {} but the file has {} link rows", stated_links,
                     net.links.size()));
  if (net.num_zones > net.num_nodes)
    fail(file, 1, 0,
         fmt::format("<NUMBER OF ZONES> {} exceeds <NUMBER OF NODES> {}", net.num_zones,
                     net.num_nodes));
  if (net.first_thru_node == 0) net.first_thru_node = 1;
}

void parse_tntp_trips(std::string_view text, const std::string& file, TntpNetwork& net) {
  Lines lines(text);
  std::string_view line;
  std::string tag;
  std::string_view value;
  size_t col = 0;
  bool in_meta = true;
  uint32_t origin = 0;
  uint32_t zones = 0;
  int total_line = 0;
  double all_entries = 0;  // intra-zonal included, as in <TOTAL OD FLOW>
  net.trips_file = file;
  while (lines.next(line)) {
    const int ln = lines.number();
    if (in_meta && metadata(line, tag, value, col)) {
      if (tag == "END OF METADATA") {
        in_meta = false;
      } else if (tag == "NUMBER OF ZONES") {
        zones = meta_count_positive(value, file, ln, col, tag);
        if (net.num_zones != 0 && zones != net.num_zones)
          fail(file, ln, static_cast<int>(col),
               fmt::format("<NUMBER OF ZONES> {} differs from the net file's {}", zones,
                           net.num_zones));
      } else if (tag == "TOTAL OD FLOW") {
        auto v = text::parse_double(value);
        if (!v)
          fail(file, ln, static_cast<int>(col),
               fmt::format("<TOTAL OD FLOW> needs a number, got '{}'", value));
        net.total_od_flow = *v;
        total_line = ln;
      }
      continue;
    }
    auto tok = tokenize(line);
    if (tok.empty()) continue;
    if (in_meta) fail(file, ln, tok[0].column, "expected a <TAG> metadata line");
    if (text::to_lower_ascii(tok[0].text) == "origin") {
      if (tok.size() != 2) fail(file, ln, tok[0].column, "expected 'Origin <zone>'");
      // Zone ids index node arrays: there must be a bound, and it must fit the network.
      const uint32_t bound = net.num_zones ? net.num_zones : zones;
      if (bound == 0) fail(file, ln, tok[0].column, "'Origin' before <NUMBER OF ZONES>");
      if (net.num_nodes != 0 && bound > net.num_nodes)
        fail(file, ln, tok[0].column,
             fmt::format("<NUMBER OF ZONES> {} exceeds the network's {} nodes", bound,
                         net.num_nodes));
      origin = node_id(tok[1], file, ln, "origin", net.num_zones ? net.num_zones : zones);
      continue;
    }
    // Entries "d : flow" separated by ';' (the ':' may touch either number).
    std::string_view rest = line;
    size_t tilde = rest.find('~');
    if (tilde != std::string_view::npos) rest = rest.substr(0, tilde);
    size_t start = 0;
    while (start < rest.size()) {
      size_t semi = rest.find(';', start);
      if (semi == std::string_view::npos) semi = rest.size();
      std::string_view entry = rest.substr(start, semi - start);
      const int entry_col = static_cast<int>(start) + 1;
      start = semi + 1;
      if (text::trim(entry).empty()) continue;
      if (origin == 0) fail(file, ln, entry_col, "demand entry before any 'Origin' line");
      size_t colon = entry.find(':');
      if (colon == std::string_view::npos)
        fail(file, ln, entry_col,
             fmt::format("expected 'destination : flow', got '{}'", text::trim(entry)));
      std::string_view d_text = text::trim(entry.substr(0, colon));
      std::string_view f_text = text::trim(entry.substr(colon + 1));
      const int d_col = entry_col + static_cast<int>(d_text.data() - entry.data());
      const int f_col = entry_col + static_cast<int>(f_text.data() - entry.data());
      uint32_t dest = node_id(Token{d_text, d_col}, file, ln, "destination",
                              net.num_zones ? net.num_zones : zones);
      double flow = number(Token{f_text, f_col}, file, ln, "flow");
      if (flow < 0) fail(file, ln, f_col, "demand must be >= 0");
      all_entries += flow;
      if (flow > 0 && dest != origin) net.demand.push_back({origin, dest, flow});
    }
  }
  if (net.total_od_flow &&
      std::fabs(all_entries - *net.total_od_flow) > 1e-6 * std::max(1.0, *net.total_od_flow))
    net.warnings.push_back(
        fmt::format("{}:{}: <TOTAL OD FLOW> {} differs from the sum {} of the entries", file,
                    total_line, *net.total_od_flow, all_entries));
}

void parse_tntp_nodes(std::string_view text, const std::string& file, TntpNetwork& net) {
  Lines lines(text);
  std::string_view line;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  net.node_file = file;
  if (net.num_nodes == 0)  // node_id would then accept any id
    fail(file, 1, 0, "node coordinates need a network with <NUMBER OF NODES> >= 1");
  net.node_x.assign(net.num_nodes, nan);
  net.node_y.assign(net.num_nodes, nan);
  while (lines.next(line)) {
    const int ln = lines.number();
    auto tok = tokenize(line);
    if (tok.empty()) continue;
    if (!text::parse_double(tok[0].text)) continue;  // header ("Node X Y")
    if (tok.size() < 3) fail(file, ln, tok[0].column, "expected 'node x y'");
    uint32_t id = node_id(tok[0], file, ln, "node", net.num_nodes);
    CORRIDOR_ASSERT(id >= 1 && id <= net.node_x.size());
    net.node_x[id - 1] = number(tok[1], file, ln, "x");
    net.node_y[id - 1] = number(tok[2], file, ln, "y");
  }
}

std::vector<TntpFlow> parse_tntp_flows(std::string_view text, const std::string& file) {
  Lines lines(text);
  std::string_view line;
  std::vector<TntpFlow> out;
  while (lines.next(line)) {
    const int ln = lines.number();
    auto tok = tokenize(line);
    if (tok.empty()) continue;
    if (!text::parse_double(tok[0].text)) continue;  // header ("From To Volume Cost")
    if (tok.size() < 3) fail(file, ln, tok[0].column, "expected 'from to volume [cost]'");
    TntpFlow f;
    f.init = node_id(tok[0], file, ln, "from node", 0);
    f.term = node_id(tok[1], file, ln, "to node", 0);
    f.volume = number(tok[2], file, ln, "volume");
    if (tok.size() > 3) f.cost = number(tok[3], file, ln, "cost");
    out.push_back(f);
  }
  return out;
}

std::vector<TntpFlow> read_tntp_flows(const std::string& path) {
  return parse_tntp_flows(files::read_all(path), path);
}

std::vector<double> match_flows(const TntpNetwork& net, const std::vector<TntpFlow>& flows,
                                const std::string& file) {
  std::map<std::pair<uint32_t, uint32_t>, std::vector<size_t>> by_pair;
  for (size_t i = net.links.size(); i-- > 0;)
    by_pair[{net.links[i].init, net.links[i].term}].push_back(i);  // reversed: pop_back = first
  std::vector<double> out(net.links.size(), 0.0);
  for (size_t r = 0; r < flows.size(); ++r) {
    auto it = by_pair.find({flows[r].init, flows[r].term});
    if (it == by_pair.end() || it->second.empty())
      throw Error(
          Errc::invalid_input,
          fmt::format("{}: flow row {} ({} -> {}) matches no remaining link", file, r + 1,
                      flows[r].init, flows[r].term),
          {Diagnostic{SourceLocation{file, 0, 0}, fmt::format("row {} matches no link", r + 1)}});
    out[it->second.back()] = flows[r].volume;
    it->second.pop_back();
  }
  return out;
}

TntpFiles find_tntp_files(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw Error(Errc::io_error, fmt::format("'{}' is not a directory", dir));
  TntpFiles f;
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir, ec)) names.push_back(e.path().string());
  std::sort(names.begin(), names.end());
  for (const auto& p : names) {
    if (ends_with_ci(p, "_net.tntp") && f.net.empty()) f.net = p;
    if (ends_with_ci(p, "_trips.tntp") && f.trips.empty()) f.trips = p;
    if (ends_with_ci(p, "_node.tntp") && f.node.empty()) f.node = p;
    if (ends_with_ci(p, "_flow.tntp") && f.flow.empty()) f.flow = p;
  }
  if (f.net.empty()) throw Error(Errc::io_error, fmt::format("no *_net.tntp file in '{}'", dir));
  return f;
}

TntpNetwork read_tntp(const TntpFiles& files, bool require_trips) {
  TntpNetwork net;
  std::string base = fs::path(files.net).filename().string();
  net.name = base.size() > 9 ? base.substr(0, base.size() - 9) : base;
  parse_tntp_net(files::read_all(files.net), files.net, net);
  if (!files.trips.empty()) {
    parse_tntp_trips(files::read_all(files.trips), files.trips, net);
  } else if (require_trips) {
    throw Error(Errc::io_error, fmt::format("no *_trips.tntp file next to '{}'", files.net));
  }
  if (!files.node.empty()) parse_tntp_nodes(files::read_all(files.node), files.node, net);
  return net;
}

TntpNetwork read_tntp_network(const std::string& path, bool require_trips) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) return read_tntp(find_tntp_files(path), require_trips);
  if (!ends_with_ci(path, "_net.tntp"))
    throw Error(Errc::usage,
                fmt::format("'{}' is neither a directory nor a *_net.tntp file", path));
  TntpFiles f;
  f.net = path;
  const std::string stem = path.substr(0, path.size() - 9);
  for (auto [suffix, slot] : {std::pair{"_trips.tntp", &f.trips}, std::pair{"_node.tntp", &f.node},
                              std::pair{"_flow.tntp", &f.flow}})
    if (fs::exists(stem + suffix, ec)) *slot = stem + suffix;
  return read_tntp(f, require_trips);
}

}  // namespace corridor::assign
