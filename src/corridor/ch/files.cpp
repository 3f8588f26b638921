#include "corridor/ch/files.h"

#include <algorithm>

#include "corridor/core/binfile.h"
#include "corridor/core/files.h"

namespace corridor::ch {

namespace {
constexpr char kCchMagic[9] = "CORRCCH";
}

void write_cch(const std::string& path, const ContractionHierarchy& ch, uint64_t input_hash,
               const std::string& profile) {
  binfile::Writer w;
  w.add_string(binfile::tag("prof"), profile);
  w.add(binfile::tag("narc"), std::vector<uint32_t>{ch.num_input_arcs});
  w.add(binfile::tag("rank"), ch.rank);
  w.add(binfile::tag("upfo"), ch.up.first_out);
  w.add(binfile::tag("upar"), ch.up.arcs);
  w.add(binfile::tag("upvi"), ch.up.via);
  w.add(binfile::tag("dnfo"), ch.down.first_out);
  w.add(binfile::tag("dnar"), ch.down.arcs);
  w.add(binfile::tag("dnvi"), ch.down.via);
  w.write(path, kCchMagic, kCchVersion, input_hash);
}

LoadedCh read_cch(const std::string& path, uint64_t expected_input_hash) {
  binfile::Reader r(path, kCchMagic, kCchVersion, ".cch");
  LoadedCh out;
  out.input_hash = r.header().input_hash;
  if (expected_input_hash != 0 && expected_input_hash != out.input_hash)
    r.fail("was built for a different network (fingerprint mismatch); re-run 'corridor build'");
  out.profile = r.next_string(binfile::tag("prof"));
  auto narc = r.next<uint32_t>(binfile::tag("narc"));
  if (narc.size() != 1) r.fail("bad arc count section");
  ContractionHierarchy& ch = out.ch;
  ch.num_input_arcs = narc[0];
  ch.rank = r.next<uint32_t>(binfile::tag("rank"));
  ch.up.first_out = r.next<uint32_t>(binfile::tag("upfo"));
  ch.up.arcs = r.next<ChArc>(binfile::tag("upar"));
  ch.up.via = r.next<uint32_t>(binfile::tag("upvi"));
  ch.down.first_out = r.next<uint32_t>(binfile::tag("dnfo"));
  ch.down.arcs = r.next<ChArc>(binfile::tag("dnar"));
  ch.down.via = r.next<uint32_t>(binfile::tag("dnvi"));
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
