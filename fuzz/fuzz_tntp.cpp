// TNTP: the input is up to four files separated by a NUL byte (net, trips, node, flow), parsed
// as `corridor assign`/`import tntp` do, then turned into an assignment problem.
#include "corridor/assign/assign.h"
#include "corridor/assign/tntp.h"
#include "fuzz_common.h"

using namespace corridor;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::string_view part[4];
  for (int i = 0; i < 4; ++i) {
    const size_t nul = in.find('\0');
    part[i] = in.substr(0, nul);
    if (nul == std::string_view::npos) break;
    in.remove_prefix(nul + 1);
  }
  fuzz::expect_clean([&] {
    assign::TntpNetwork net;
    assign::parse_tntp_net(part[0], "f_net.tntp", net);
    if (!part[1].empty()) assign::parse_tntp_trips(part[1], "f_trips.tntp", net);
    if (!part[2].empty()) assign::parse_tntp_nodes(part[2], "f_node.tntp", net);
    if (!part[3].empty()) {
      auto flows = assign::parse_tntp_flows(part[3], "f_flow.tntp");
      assign::match_flows(net, flows);
    }
    assign::to_problem(net);
  });
  return 0;
}
