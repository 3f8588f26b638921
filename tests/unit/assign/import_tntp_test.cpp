// `corridor import tntp` (assign::import_tntp): TNTP -> GMNS CSV. SiouxFalls from the shared
// data (skipped with a message when absent) and a tiny inline network that always runs.
#include "corridor/assign/import_tntp.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "corridor/assign/assign.h"
#include "corridor/assign/tntp.h"
#include "corridor/core/error.h"
#include "corridor/core/files.h"
#include "corridor/core/reporter.h"

namespace corridor::assign {
namespace {

namespace fs = std::filesystem;

std::string sioux_dir() { return std::string(CORRIDOR_SHARED_DATA) + "/tntp/SiouxFalls"; }

// A fresh, empty scratch directory per test.
fs::path scratch(const std::string& name) {
  fs::path p = fs::temp_directory_path() /
               ("corridor_import_tntp_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(p);
  return p;
}

// A CSV table read back with a tiny split (our files hold no quoted fields except config).
struct Table {
  std::vector<std::string> header;
  std::vector<std::map<std::string, std::string>> rows;
};

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  std::string cell;
  std::istringstream in(line);
  while (std::getline(in, cell, ',')) out.push_back(cell);
  if (!line.empty() && line.back() == ',') out.push_back("");
  return out;
}

Table read_csv(const fs::path& p) {
  Table t;
  std::istringstream in(files::read_all(p.string()));
  std::string line;
  if (std::getline(in, line)) t.header = split(line);
  while (std::getline(in, line)) {
    auto cells = split(line);
    EXPECT_EQ(cells.size(), t.header.size()) << p << ": " << line;
    std::map<std::string, std::string> row;
    for (size_t i = 0; i < t.header.size() && i < cells.size(); ++i) row[t.header[i]] = cells[i];
    t.rows.push_back(std::move(row));
  }
  return t;
}

double d(const std::string& s) { return std::stod(s); }

std::vector<std::string> listing(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

const std::vector<std::string> kFiles = {"config.csv", "demand.csv", "link.csv", "node.csv"};

struct CliRun {
  int rc;
  std::string out, err;
};

ImportTntpRequest req(const std::string& input, const std::string& out_dir, bool json = false) {
  ImportTntpRequest r;
  r.input = input;
  r.out_dir = out_dir;
  r.json = json;
  return r;
}

// The request as `corridor import tntp` binds it; rc and err as the CLI reports an Error.
CliRun run(const ImportTntpRequest& request) {
  NullReporter rep;
  try {
    return {0, import_tntp(request, rep), ""};
  } catch (const Error& e) {
    return {info(e.code()).exit_code, "", "error: " + e.full_text() + "\n"};
  }
}

TEST(ImportTntp, SiouxFallsToGmns) {
  if (!fs::exists(sioux_dir()))
    GTEST_SKIP() << "shared TNTP data not found at " << sioux_dir() << "; skipping";
  const fs::path dir = scratch("sioux");
  CliRun r = run(req(sioux_dir(), dir.string(), true));
  ASSERT_EQ(r.rc, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(r.out.find('\n'), r.out.size() - 1) << "one JSON line: " << r.out;
  EXPECT_EQ(j["nodes"], 24);
  EXPECT_EQ(j["links"], 76);
  EXPECT_EQ(j["zones"], 24);
  EXPECT_EQ(j["od_pairs"], 528);
  EXPECT_DOUBLE_EQ(j["total_demand"].get<double>(), 360600.0);
  EXPECT_EQ(j["out_dir"], dir.string());
  EXPECT_EQ(listing(dir), kFiles);  // no staging leftovers

  Table config = read_csv(dir / "config.csv");
  ASSERT_EQ(config.rows.size(), 1u);
  EXPECT_EQ(config.header, (std::vector<std::string>{"dataset_name", "short_length", "long_length",
                                                     "speed", "crs", "geometry_field_format",
                                                     "currency", "version_number", "id_type"}));
  EXPECT_EQ(config.rows[0]["dataset_name"], "SiouxFalls");
  EXPECT_EQ(config.rows[0]["version_number"], "0.96");
  EXPECT_EQ(config.rows[0]["id_type"], "integer");
  EXPECT_EQ(config.rows[0]["long_length"], "mi");
  EXPECT_EQ(config.rows[0]["speed"], "mph");

  Table nodes = read_csv(dir / "node.csv");
  ASSERT_EQ(nodes.rows.size(), 24u);
  for (size_t i = 0; i < nodes.rows.size(); ++i) {
    auto& n = nodes.rows[i];
    EXPECT_EQ(n["node_id"], std::to_string(i + 1));
    EXPECT_EQ(n["zone_id"], n["node_id"]);  // all 24 nodes are zones
    EXPECT_EQ(n["node_type"], "centroid");
    EXPECT_FALSE(n["x_coord"].empty());
  }
  EXPECT_NEAR(d(nodes.rows[0]["x_coord"]), -96.77041974, 1e-9);  // from SiouxFalls_node.tntp
  EXPECT_NEAR(d(nodes.rows[0]["y_coord"]), 43.61282792, 1e-9);

  Table links = read_csv(dir / "link.csv");
  ASSERT_EQ(links.rows.size(), 76u);
  // Link 4 of the file: 2 -> 6, capacity 4958.180928, length 5, fft 5, B 0.15, power 4.
  auto& l = links.rows[3];
  EXPECT_EQ(l["link_id"], "4");
  EXPECT_EQ(l["from_node_id"], "2");
  EXPECT_EQ(l["to_node_id"], "6");
  EXPECT_EQ(l["directed"], "1");
  EXPECT_EQ(l["lanes"], "1");
  EXPECT_DOUBLE_EQ(d(l["capacity"]), 4958.180928);
  EXPECT_DOUBLE_EQ(d(l["length"]), 5);
  EXPECT_DOUBLE_EQ(d(l["free_speed"]), 60);
  EXPECT_DOUBLE_EQ(d(l["toll"]), 0);
  EXPECT_EQ(l["link_type"], "1");
  for (const char* sfx : {"1", ""}) {
    EXPECT_DOUBLE_EQ(d(l[std::string("VDF_fftt") + sfx]), 5);
    EXPECT_DOUBLE_EQ(d(l[std::string("VDF_cap") + sfx]), 4958.180928);
    EXPECT_DOUBLE_EQ(d(l[std::string("VDF_alpha") + sfx]), 0.15);
    EXPECT_DOUBLE_EQ(d(l[std::string("VDF_beta") + sfx]), 4);
  }

  // Demand round trip against the reader.
  Table demand = read_csv(dir / "demand.csv");
  ASSERT_EQ(demand.rows.size(), 528u);
  TntpNetwork net = read_tntp_network(sioux_dir());
  std::map<std::pair<int, int>, double> want, got;
  for (const auto& e : net.demand) want[{e.origin, e.destination}] += e.flow;
  double total = 0;
  for (auto& row : demand.rows) {
    got[{std::stoi(row["o_zone_id"]), std::stoi(row["d_zone_id"])}] += d(row["volume"]);
    total += d(row["volume"]);
  }
  EXPECT_EQ(got, want);
  EXPECT_DOUBLE_EQ(total, 360600.0);

  // The GMNS tables carry the whole BPR problem: rebuilt from link.csv and demand.csv alone, it
  // is identical to the one built from the TNTP files, so the equilibria agree exactly.
  AssignProblem from_tntp = to_problem(net), from_gmns;
  from_gmns.num_nodes = static_cast<uint32_t>(nodes.rows.size());
  for (auto& row : links.rows) {
    from_gmns.tail.push_back(static_cast<uint32_t>(std::stoi(row["from_node_id"]) - 1));
    from_gmns.head.push_back(static_cast<uint32_t>(std::stoi(row["to_node_id"]) - 1));
    from_gmns.free_flow_time.push_back(d(row["VDF_fftt1"]));
    from_gmns.capacity.push_back(d(row["VDF_cap1"]));
    from_gmns.b.push_back(d(row["VDF_alpha1"]));
    from_gmns.power.push_back(d(row["VDF_beta1"]));
  }
  for (auto& row : demand.rows)
    from_gmns.demand.push_back({static_cast<uint32_t>(std::stoi(row["o_zone_id"]) - 1),
                                static_cast<uint32_t>(std::stoi(row["d_zone_id"]) - 1),
                                d(row["volume"])});
  EXPECT_EQ(from_gmns.tail, from_tntp.tail);
  EXPECT_EQ(from_gmns.head, from_tntp.head);
  EXPECT_EQ(from_gmns.free_flow_time, from_tntp.free_flow_time);
  EXPECT_EQ(from_gmns.capacity, from_tntp.capacity);
  EXPECT_EQ(from_gmns.b, from_tntp.b);
  EXPECT_EQ(from_gmns.power, from_tntp.power);
  AssignOptions opt;
  opt.gap = 1e-6;
  opt.threads = 1;
  NullReporter rep;
  const double beckmann_tntp = assign(from_tntp, opt, rep).summary.beckmann;
  const double beckmann_gmns = assign(from_gmns, opt, rep).summary.beckmann;
  EXPECT_DOUBLE_EQ(beckmann_gmns, beckmann_tntp);
  // Best-known objective from the data's README (stated in units of 1e5).
  EXPECT_NEAR(beckmann_gmns / 1e5, 42.3133528710744, 1e-5);
  fs::remove_all(dir);
}

// 5 nodes, zones 1-2 not passed through (FIRST THRU NODE 3), a duplicate 3 -> 4 link, a power-0
// link and a zero free-flow-time link; one OD pair listed twice, an intrazonal and a zero entry.
void write_tiny(const fs::path& dir, bool with_trips = true, bool with_nodes = true) {
  fs::create_directories(dir);
  std::ofstream(dir / "Tiny_net.tntp") << "<NUMBER OF ZONES> 2\n"
                                          "<NUMBER OF NODES> 5\n"
                                          "<FIRST THRU NODE> 3\n"
                                          "<NUMBER OF LINKS> 6\n"
                                          "<END OF METADATA>\n"
                                          "~ init term cap len fft b power speed toll type ;\n"
                                          "1\t3\t1000\t2\t4\t0.15\t4\t0\t0\t1\t;\n"
                                          "3\t4\t500\t1\t3\t0.15\t4\t0\t0\t2\t;\n"
                                          "3\t4\t700\t1.5\t2\t0.5\t2\t0\t25\t2\t;\n"
                                          "4\t2\t0\t3\t1.25\t0.15\t0\t0\t0\t3\t;\n"
                                          "2\t4\t1000\t0\t0\t0\t0\t0\t0\t3\t;\n"
                                          "4\t1\t1000\t2\t4\t0.15\t4\t0\t0\t1\t;\n";
  if (with_trips)
    std::ofstream(dir / "Tiny_trips.tntp") << "<NUMBER OF ZONES> 2\n"
                                              "<END OF METADATA>\n"
                                              "Origin 1\n"
                                              "  1 : 5; 2 : 100.5;\n"
                                              "Origin 2\n"
                                              "  1 : 0;\n"
                                              "Origin 1\n"
                                              "  2 : 20;\n";
  if (with_nodes)
    std::ofstream(dir / "Tiny_node.tntp") << "Node X Y ;\n1 0 0 ;\n2 10.5 0 ;\n3 1 1 ;\n4 9 1 ;\n";
}

TEST(ImportTntp, TinyNetworkDuplicatesPowerZeroAndZones) {
  const fs::path src = scratch("tiny_src"), dir = scratch("tiny_out") / "nested";
  write_tiny(src);
  CliRun r = run([&] {
    ImportTntpRequest q = req(src.string(), dir.string(), true);
    q.long_length = "km";
    q.crs = "EPSG:3857";
    return q;
  }());
  ASSERT_EQ(r.rc, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["nodes"], 5);
  EXPECT_EQ(j["links"], 6);
  EXPECT_EQ(j["zones"], 2);
  EXPECT_EQ(j["od_pairs"], 1);
  EXPECT_DOUBLE_EQ(j["total_demand"].get<double>(), 120.5);
  EXPECT_EQ(listing(dir), kFiles);

  Table config = read_csv(dir / "config.csv");
  ASSERT_EQ(config.rows.size(), 1u);
  EXPECT_EQ(config.rows[0]["dataset_name"], "Tiny");
  EXPECT_EQ(config.rows[0]["long_length"], "km");
  EXPECT_EQ(config.rows[0]["speed"], "kph");
  EXPECT_EQ(config.rows[0]["crs"], "EPSG:3857");

  Table nodes = read_csv(dir / "node.csv");
  ASSERT_EQ(nodes.rows.size(), 5u);
  EXPECT_EQ(nodes.rows[0]["zone_id"], "1");
  EXPECT_EQ(nodes.rows[1]["zone_id"], "2");
  EXPECT_EQ(nodes.rows[1]["node_type"], "centroid");
  EXPECT_EQ(nodes.rows[1]["x_coord"], "10.5");
  EXPECT_EQ(nodes.rows[2]["zone_id"], "");
  EXPECT_EQ(nodes.rows[2]["node_type"], "intersection");
  // Node 5 is isolated and missing from the node file: a row with empty coordinates.
  EXPECT_EQ(nodes.rows[4]["node_id"], "5");
  EXPECT_EQ(nodes.rows[4]["x_coord"], "");
  EXPECT_EQ(nodes.rows[4]["y_coord"], "");

  Table links = read_csv(dir / "link.csv");
  ASSERT_EQ(links.rows.size(), 6u);
  for (size_t i = 0; i < 6; ++i) EXPECT_EQ(links.rows[i]["link_id"], std::to_string(i + 1));
  // The duplicate 3 -> 4 pair: two rows, each with its own parameters.
  auto &a = links.rows[1], &b = links.rows[2];
  EXPECT_EQ(a["from_node_id"] + ">" + a["to_node_id"], "3>4");
  EXPECT_EQ(b["from_node_id"] + ">" + b["to_node_id"], "3>4");
  EXPECT_EQ(a["capacity"], "500");
  EXPECT_EQ(b["capacity"], "700");
  EXPECT_EQ(b["VDF_alpha1"], "0.5");
  EXPECT_EQ(b["VDF_beta1"], "2");
  EXPECT_EQ(b["toll"], "25");
  EXPECT_DOUBLE_EQ(d(b["free_speed"]), 45);  // 60 * 1.5 / 2
  // Power 0 (constant cost fft * (1 + b)) is kept as beta 0, capacity 0 as given.
  auto& p0 = links.rows[3];
  EXPECT_EQ(p0["VDF_beta1"], "0");
  EXPECT_EQ(p0["VDF_beta"], "0");
  EXPECT_EQ(p0["VDF_alpha1"], "0.15");
  EXPECT_EQ(p0["VDF_fftt1"], "1.25");
  EXPECT_EQ(p0["capacity"], "0");
  EXPECT_EQ(p0["link_type"], "3");
  // Zero length and free-flow time: free_speed is not derivable and stays empty.
  EXPECT_EQ(links.rows[4]["free_speed"], "");
  EXPECT_EQ(links.rows[4]["VDF_fftt1"], "0");

  // 1 -> 2 listed twice (100.5 + 20); the intrazonal 1 -> 1 and the zero 2 -> 1 are dropped.
  Table demand = read_csv(dir / "demand.csv");
  ASSERT_EQ(demand.rows.size(), 1u);
  EXPECT_EQ(demand.rows[0]["o_zone_id"], "1");
  EXPECT_EQ(demand.rows[0]["d_zone_id"], "2");
  EXPECT_EQ(demand.rows[0]["volume"], "120.5");

  // Re-importing over an existing output replaces the files; the text form is one line too.
  CliRun again = run(req(src.string(), dir.string()));
  ASSERT_EQ(again.rc, 0) << again.err;
  EXPECT_NE(again.out.find("5 nodes, 6 links, 2 zones, 1 OD pairs"), std::string::npos)
      << again.out;
  EXPECT_EQ(listing(dir), kFiles);
  EXPECT_EQ(read_csv(dir / "config.csv").rows[0]["long_length"], "mi");

  // Without a node file the coordinates are empty.
  const fs::path bare = scratch("tiny_bare"), bare_out = scratch("tiny_bare_out");
  write_tiny(bare, true, false);
  ASSERT_EQ(run(req(bare.string(), bare_out.string())).rc, 0);
  for (auto& n : read_csv(bare_out / "node.csv").rows) {
    EXPECT_EQ(n["x_coord"], "");
    EXPECT_EQ(n["y_coord"], "");
  }
  fs::remove_all(src);
  fs::remove_all(dir.parent_path());
  fs::remove_all(bare);
  fs::remove_all(bare_out);
}

TEST(ImportTntp, MissingTripsFailsWithoutOutput) {
  const fs::path src = scratch("notrips_src"), dir = scratch("notrips_out");
  write_tiny(src, /*with_trips=*/false);
  CliRun r = run(req(src.string(), dir.string(), true));
  EXPECT_EQ(r.rc, 5) << r.err;  // io_error
  EXPECT_NE(r.err.find("no *_trips.tntp file"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_FALSE(fs::exists(dir));  // not even created

  // An existing output directory stays as it was.
  fs::create_directories(dir);
  CliRun r2 = run(req(src.string(), dir.string()));
  EXPECT_EQ(r2.rc, 5);
  EXPECT_TRUE(listing(dir).empty());
  fs::remove_all(src);
  fs::remove_all(dir);
}

TEST(ImportTntp, FailedWriteLeavesNothingBehind) {
  const fs::path src = scratch("blocked_src"), dir = scratch("blocked_out");
  write_tiny(src);
  fs::create_directories(dir / "link.csv");  // cannot be replaced by a file
  CliRun r = run(req(src.string(), dir.string()));
  EXPECT_EQ(r.rc, 5) << r.err;
  EXPECT_NE(r.err.find("link.csv"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("nothing written"), std::string::npos) << r.err;
  EXPECT_EQ(listing(dir), std::vector<std::string>{"link.csv"});  // no config.csv, no temp files

  // A failure while staging (here: the last file's staging name is taken by a directory; the
  // name is an implementation detail) removes the files staged before it.
  fs::remove_all(dir);
  const std::string staging = ".demand.csv.import-" + std::to_string(::getpid());
  fs::create_directories(dir / staging);
  CliRun r2 = run(req(src.string(), dir.string()));
  EXPECT_EQ(r2.rc, 5) << r2.err;
  EXPECT_NE(r2.err.find("cannot write demand.csv"), std::string::npos) << r2.err;
  EXPECT_NE(r2.err.find("nothing written"), std::string::npos) << r2.err;
  EXPECT_EQ(listing(dir), std::vector<std::string>{staging});
  fs::remove_all(src);
  fs::remove_all(dir);
}

TEST(ImportTntp, UsageErrors) {
  EXPECT_EQ(run(req("", "")).rc, 2);
  CliRun no_out = run(req("somewhere", ""));
  EXPECT_EQ(no_out.rc, 2);
  EXPECT_NE(no_out.err.find("-o OUTDIR is required"), std::string::npos) << no_out.err;
  ImportTntpRequest no_unit = req("a", "x");
  no_unit.long_length.clear();
  EXPECT_EQ(run(no_unit).rc, 2);
  // Unknown flags and stray arguments are the CLI's (CLI11) business: tests/e2e/cli_e2e_test.cpp.
}

}  // namespace
}  // namespace corridor::assign
