// OSM input that libosmium 2.19 would misread is refused before it parses (osm/detail/
// input_check.h; issue 15, found by fuzz_osm): XML coordinates whose exponent overflows its
// int64 arithmetic or that are out of range, structurally broken PBF BlobHeaders. The
// coordinate parser is checked against libosmium's own wherever libosmium's does not overflow.
#include "corridor/osm/detail/input_check.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <osmium/builder/attr.hpp>
#include <osmium/io/any_input.hpp>
#include <osmium/io/any_output.hpp>
#include <osmium/osm/location.hpp>
#include <random>
#include <string>
#include <vector>

#include "corridor/core/error.h"
#include "corridor/core/files.h"
#include "corridor/osm/import_osm.h"
#include "unit/osm/extracts.h"

namespace corridor::osm {
namespace {

using detail::Coordinate;
using detail::parse_osm_coordinate;

// ---------------------------------------------------------------------------------------------
// The coordinate parser against libosmium's.

// Strings around libosmium's grammar: sign, 0-11 integer digits, '.', 0-30 decimals, e/E with
// sign and 0-6 digits, sometimes a stray character.
std::vector<std::string> coordinate_strings() {
  std::vector<std::string> out = {"0",
                                  "-0",
                                  "41.7",
                                  "-41.70",
                                  "180",
                                  "-180",
                                  "90.0000000",
                                  ".5",
                                  "-.5",
                                  "5.",
                                  "-",
                                  ".",
                                  "-.",
                                  "",
                                  "41E74",
                                  "1e999999",
                                  "1e99999",
                                  "0e99999",
                                  "0.0e99999",
                                  "4.5e1",
                                  "4.5E-1",
                                  "1e-99999",
                                  "214.7483647",
                                  "214.7483648",
                                  "-214.7483648",
                                  "-214.7483649",
                                  "1234567890",
                                  "12345678901",
                                  "1.123456789012345678901234567",
                                  "1.1234567890123456789012345678",
                                  "1e",
                                  "1e-",
                                  "+1",
                                  " 1",
                                  "1 ",
                                  "1x",
                                  "0x10",
                                  "nan",
                                  "inf",
                                  "1.2.3",
                                  "9223372036854775807"};
  std::mt19937 rng(20261201);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  auto digits = [&](int n) {
    std::string d;
    for (int i = 0; i < n; ++i) d += static_cast<char>('0' + pick(10));
    return d;
  };
  // Tiny values with a positive exponent and decimals after the 8th (libosmium drops those).
  for (int k = 0; k < 3000; ++k)
    out.push_back("0." + std::string(static_cast<size_t>(pick(9)), '0') + digits(1 + pick(12)) +
                  "e" + std::to_string(1 + pick(9)));
  for (int k = 0; k < 60000; ++k) {
    std::string s;
    if (pick(3) == 0) s += '-';
    s += digits(pick(4) == 0 ? pick(12) : pick(4));
    if (pick(3) != 0) s += '.' + digits(pick(5) == 0 ? pick(31) : pick(10));
    if (pick(2) == 0) {
      s += pick(2) ? 'e' : 'E';
      if (pick(3) == 0) s += '-';
      s += digits(pick(7));
    }
    if (pick(20) == 0)
      s.insert(static_cast<size_t>(pick(static_cast<int>(s.size()) + 1)), 1, "x.-e+ 5"[pick(7)]);
    out.push_back(s);
  }
  return out;
}

TEST(OsmCoordinate, SameValueAsLibosmiumWhereverLibosmiumDoesNotOverflow) {
  size_t ok = 0, syntax = 0, range = 0, overflow = 0, imprecise = 0, imprecise_wrong = 0;
  for (const std::string& s : coordinate_strings()) {
    SCOPED_TRACE("'" + s + "'");
    const Coordinate c = parse_osm_coordinate(s);
    if (c.overflows) {
      // Never handed to libosmium (undefined behaviour); the number itself is far out of range.
      ++overflow;
      EXPECT_EQ(c.status, Coordinate::Status::out_of_range);
      const double v = std::strtod(s.c_str(), nullptr);
      EXPECT_GT(std::fabs(v), 9e10);
      continue;
    }
    osmium::Location loc;
    bool threw = false;
    try {
      loc.set_lat(s.c_str());
    } catch (const osmium::invalid_location&) {
      threw = true;
    }
    switch (c.status) {
      case Coordinate::Status::ok:
        ++ok;
        ASSERT_FALSE(threw);
        EXPECT_EQ(c.value, loc.y());
        EXPECT_NEAR(c.value * 1e-7, std::strtod(s.c_str(), nullptr), 1e-7);
        break;
      case Coordinate::Status::bad_syntax:
        ++syntax;
        EXPECT_TRUE(threw);
        EXPECT_FALSE(c.why.empty());
        break;
      case Coordinate::Status::out_of_range:
        ++range;
        EXPECT_TRUE(threw);
        EXPECT_GT(std::fabs(std::strtod(s.c_str(), nullptr)), 214.748364);
        break;
      case Coordinate::Status::imprecise:
        // libosmium reads a value, which may be wrong: a positive exponent and more than 8
        // decimals, some of them not zero.
        ++imprecise;
        EXPECT_NE(s.find_first_of("eE"), std::string::npos);
        if (!threw && std::fabs(loc.y() * 1e-7 - std::strtod(s.c_str(), nullptr)) > 1e-7)
          ++imprecise_wrong;
        break;
    }
  }
  // Every outcome is well represented.
  EXPECT_GT(ok, 10000u);
  EXPECT_GT(syntax, 1000u);
  EXPECT_GT(range, 1000u);
  EXPECT_GT(overflow, 1000u);
  EXPECT_GT(imprecise, 1000u);
  EXPECT_GT(imprecise_wrong, 500u) << "libosmium's value, more than 1e-7 degrees off";
}

TEST(OsmCoordinate, TheFuzzFindingOverflowsAndSmallExponentsAreRead) {
  EXPECT_TRUE(parse_osm_coordinate("41E74").overflows);
  EXPECT_TRUE(parse_osm_coordinate("1e99999").overflows);
  EXPECT_EQ(parse_osm_coordinate("1e999999").status, Coordinate::Status::bad_syntax);
  const Coordinate e = parse_osm_coordinate("4.5e1");
  ASSERT_EQ(e.status, Coordinate::Status::ok);
  EXPECT_EQ(e.value, 450000000);
  EXPECT_EQ(parse_osm_coordinate("0e99999").value, 0);
  EXPECT_EQ(parse_osm_coordinate("-12.34567895").value, -123456790);  // rounded as libosmium
}

// ---------------------------------------------------------------------------------------------
// XML import.

std::string regression(const std::string& name) {
  return files::read_all(std::string(CORRIDOR_SOURCE_DIR) + "/fuzz/regressions/fuzz_osm/" + name);
}

// A road 1-2-3 with the attributes of node 3 given.
std::string road_xml(const std::string& node3_attrs, const std::string& extra = "") {
  return "<?xml version=\"1.0\"?>\n<osm version=\"0.6\">\n" + extra +
         "  <node id=\"1\" lat=\"41.70\" lon=\"44.80\"/>\n"
         "  <node id=\"2\" lat=\"41.71\" lon=\"44.81\"/>\n"
         "  <node id=\"3\" " +
         node3_attrs +
         "/>\n"
         "  <way id=\"10\"><nd ref=\"1\"/><nd ref=\"2\"/><nd ref=\"3\"/>"
         "<tag k=\"highway\" v=\"primary\"/></way>\n</osm>\n";
}

Error import_error(const std::string& bytes, const std::string& format, const std::string& name) {
  NullReporter rep;
  try {
    import_osm_bytes(bytes, format, name, {}, rep);
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "expected corridor::Error for " << name;
  return Error(Errc::internal, "no error");
}

void gzip_to(const std::string& path, const std::string& bytes) {
  gzFile f = gzopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  ASSERT_EQ(gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size())),
            static_cast<int>(bytes.size()));
  ASSERT_EQ(gzclose(f), Z_OK);
}

TEST(OsmXmlCoordinates, TheFuzzFindingIsRefusedAtItsLineAndColumnFromMemoryFileAndGzip) {
  const std::string xml = regression("xml-coordinate-exponent-overflow").substr(1);
  TempDir tmp("corridor_osm_check_");
  files::write_atomic(tmp.file("f.osm"), xml);
  gzip_to(tmp.file("f.osm.gz"), xml);
  NullReporter rep;
  for (const std::string how : {"memory", "file", "gzip file", "gzip memory"}) {
    SCOPED_TRACE(how);
    std::string name = "f.osm";
    try {
      if (how == "memory") {
        import_osm_bytes(xml, "osm", "f.osm", {}, rep);
      } else if (how == "file") {
        name = tmp.file("f.osm");
        import_osm(name, {}, rep);
      } else if (how == "gzip file") {
        name = tmp.file("f.osm.gz");
        import_osm(name, {}, rep);
      } else {
        name = "f.osm.gz";
        import_osm_bytes(files::read_all(tmp.file("f.osm.gz")), "osm.gz", name, {}, rep);
      }
      ADD_FAILURE() << "expected corridor::Error";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), Errc::invalid_input);
      ASSERT_EQ(e.details().size(), 1u) << e.full_text();
      const Diagnostic& d = e.details()[0];
      EXPECT_EQ(d.where.file, name);
      EXPECT_EQ(d.where.line, 9);     // <node id="5" lat="41E74" ...
      EXPECT_EQ(d.where.column, 21);  // the value's first character
      EXPECT_NE(d.message.find("lat=\"41E74\""), std::string::npos) << d.message;
      EXPECT_NE(d.message.find("from -90 to 90"), std::string::npos) << d.message;
    }
  }
}

TEST(OsmXmlCoordinates, EveryCoordinateAttributeIsCheckedWhereverItIs) {
  struct Case {
    std::string xml, found;
    int line, column;
  };
  const std::vector<Case> cases = {
      {road_xml("lat=\"1e99999\" lon=\"44.82\""), "lat=\"1e99999\"", 5, 21},
      {road_xml("lat=\"41.72\" lon=\"1e999999\""), "lon=\"1e999999\"", 5, 33},
      {road_xml("lat=\"95\" lon=\"44.82\""), "beyond 90 degrees", 5, 21},
      {road_xml("lat=\"41.72\" lon=\"-180.0000001\""), "beyond 180 degrees", 5, 33},
      {road_xml("lat=\"41.72\" lon=\"44,82\""), "not a number", 5, 33},
      {road_xml("lat=\"0.000000001e8\" lon=\"44.82\""), "decimals after the 8th", 5, 21},
      // A character reference is decoded before libosmium sees the value: "41E74" again.
      {road_xml("lat=\"&#52;1E74\" lon=\"44.82\""), "lat=\"41E74\"", 5, 21},
      // On a later line of a tag written over several lines.
      {road_xml("\n     lon=\"44.82\"\n     lat=\"9E9999\""), "lat=\"9E9999\"", 7, 11},
      {road_xml("lat=\"41.72\" lon=\"44.82\"",
                "  <bounds minlat=\"41\" minlon=\"44\" maxlat=\"4E99999\" maxlon=\"45\"/>\n"),
       "maxlat=\"4E99999\"", 3, 43},
      {"<osm version=\"0.6\"><way id=\"1\"><nd ref=\"1\" lat=\"1E74\" lon=\"0\"/></way></osm>",
       "<nd> attribute lat=\"1E74\"", 1, 49},
      {"<osm version=\"0.6\"><changeset id=\"1\" min_lon=\"-1e30\"/></osm>", "min_lon", 1, 47},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.xml);
    const Error e = import_error(c.xml, "osm", "c.osm");
    EXPECT_EQ(e.code(), Errc::invalid_input);
    ASSERT_EQ(e.details().size(), 1u) << e.full_text();
    EXPECT_NE(e.details()[0].message.find(c.found), std::string::npos) << e.full_text();
    EXPECT_EQ(e.details()[0].where.line, c.line) << e.full_text();
    EXPECT_EQ(e.details()[0].where.column, c.column) << e.full_text();
  }
}

TEST(OsmXmlCoordinates, InRangeExponentsReadAsTheirPlainDecimal) {
  NullReporter rep;
  const FlatNetwork plain =
      import_osm_bytes(road_xml("lat=\"45\" lon=\"0\""), "osm", "r.osm", {}, rep);
  for (const char* attrs : {"lat=\"4.5e1\" lon=\"0e99999\"", "lat=\"450E-1\" lon=\"-0.0\"",
                            "lat=\"45.000000001\" lon=\"0.00000000E5\""}) {
    SCOPED_TRACE(attrs);
    const FlatNetwork other = import_osm_bytes(road_xml(attrs), "osm", "r.osm", {}, rep);
    ASSERT_EQ(other.nodes.size(), plain.nodes.size());
    for (size_t i = 0; i < plain.nodes.size(); ++i) {
      EXPECT_EQ(other.nodes[i].lat_e7, plain.nodes[i].lat_e7);
      EXPECT_EQ(other.nodes[i].lon_e7, plain.nodes[i].lon_e7);
    }
    EXPECT_EQ(other.num_links(), plain.num_links());
  }
}

TEST(OsmXmlCoordinates, ANodeWithOneCoordinateIsRefused) {
  // libosmium would leave node 3 without a location: taken for a node outside the extract.
  const Error e = import_error(road_xml("lat=\"41.72\""), "osm", "half.osm");
  EXPECT_EQ(e.code(), Errc::invalid_input);
  ASSERT_EQ(e.details().size(), 1u) << e.full_text();
  EXPECT_NE(e.details()[0].message.find("<node> has lat but no lon"), std::string::npos)
      << e.full_text();
  EXPECT_EQ(e.details()[0].where.line, 5);
  EXPECT_EQ(e.details()[0].where.column, 3);
}

TEST(OsmXmlCoordinates, MalformedXmlAndOtherFormatsAreLocatedErrors) {
  const Error e = import_error("<osm version=\"0.6\">\n  <node id=\"1\" lat=\"1\" lat=\"2\"/>",
                               "osm", "dup.osm");
  ASSERT_EQ(e.details().size(), 1u) << e.full_text();
  EXPECT_EQ(e.details()[0].where.line, 2);
  const Error opl = import_error("n1 v1 x1e99999 y1\n", "opl", "f.opl");
  EXPECT_NE(opl.message().find("expected OSM PBF"), std::string::npos) << opl.full_text();
}

// ---------------------------------------------------------------------------------------------
// PBF BlobHeaders.

std::string varint(uint64_t v) {
  std::string s;
  while (v >= 0x80) {
    s += static_cast<char>(0x80 | (v & 0x7F));
    v >>= 7;
  }
  return s + static_cast<char>(v);
}
std::string be32(uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
          static_cast<char>(v)};
}
std::string type_field(const std::string& t) { return "\x0a" + varint(t.size()) + t; }
std::string datasize_field(int64_t n) { return "\x18" + varint(static_cast<uint64_t>(n)); }
// Length, BlobHeader, then `blob_bytes` zero bytes.
std::string blob(const std::string& header, size_t blob_bytes) {
  return be32(static_cast<uint32_t>(header.size())) + header + std::string(blob_bytes, '\0');
}

// A real PBF (libosmium's writer) of the drawn road.
std::string written_pbf() {
  const std::string xml = road_xml("lat=\"41.72\" lon=\"44.82\"");
  TempDir tmp("corridor_osm_pbf_");
  const std::string path = tmp.file("road.osm.pbf");
  osmium::io::Reader reader{osmium::io::File(xml.data(), xml.size(), "osm")};
  osmium::io::Writer writer{path, osmium::io::overwrite::allow};
  while (osmium::memory::Buffer b = reader.read()) writer(std::move(b));
  writer.close();
  reader.close();
  return files::read_all(path);
}

TEST(OsmPbfBlobHeaders, AWrittenPbfImportsAndBrokenHeadersAreRefusedWithTheirOffset) {
  const std::string pbf = written_pbf();
  NullReporter rep;
  const FlatNetwork net = import_osm_bytes(pbf, "pbf", "road.osm.pbf", {}, rep);
  const FlatNetwork xml =
      import_osm_bytes(road_xml("lat=\"41.72\" lon=\"44.82\""), "osm", "road.osm", {}, rep);
  EXPECT_GT(net.num_links(), 0u);
  EXPECT_EQ(net.num_links(), xml.num_links());
  const std::string ok_header = type_field("OSMHeader") + datasize_field(3);
  struct Case {
    std::string name, bytes, found;
  };
  const std::vector<Case> cases = {
      {"fuzz finding", regression("pbf-blobheader-without-type").substr(1), "BlobHeader 0"},
      {"no type", blob(datasize_field(3), 3), "has no type field; expected \"OSMHeader\""},
      // libosmium compares only the type's own length: "OSM" would pass as "OSMHeader".
      {"type a prefix", blob(type_field("OSM") + datasize_field(3), 3), "has type \"OSM\""},
      {"type empty", blob(type_field("") + datasize_field(3), 3), "has type \"\""},
      {"data first", blob(type_field("OSMData") + datasize_field(3), 3), "expected \"OSMHeader\""},
      {"second without type", blob(ok_header, 3) + blob(datasize_field(3), 3),
       "offset 24: BlobHeader 1 has no type field; expected \"OSMData\""},
      {"no datasize", blob(type_field("OSMHeader"), 3), "has no datasize field"},
      {"datasize 0", blob(type_field("OSMHeader") + datasize_field(0), 0), "datasize of 0 bytes"},
      {"datasize negative", blob(type_field("OSMHeader") + datasize_field(-5), 3),
       "datasize of -5 bytes"},
      {"datasize huge", blob(type_field("OSMHeader") + datasize_field(40 << 20), 3),
       "datasize of 41943040 bytes"},
      {"datasize as a string", blob(type_field("OSMHeader") + "\x1a\x01\x05", 3),
       "field 3 (datasize) has wire type 2"},
      {"group wire type", blob(type_field("OSMHeader") + datasize_field(3) + "\x0b", 3),
       "wire type 3"},
      {"field past the end", blob(type_field("OSMHeader") + datasize_field(3) + "\x22\x09", 3),
       "runs past the end"},
      {"header length 0", blob(ok_header, 3) + be32(0) + "more", "has a length of 0 bytes"},
      {"header length huge", be32(70000) + ok_header, "has a length of 70000 bytes"},
      {"ends inside a length", pbf + std::string(2, '\0'), "ends inside the length of BlobHeader"},
      {"ends inside a header", be32(40) + ok_header, "ends inside BlobHeader 0"},
      {"ends inside a blob", blob(ok_header, 2), "ends inside blob 0 (2 of 3 bytes)"},
      {"empty", "", "the file is empty"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const Error e = import_error(c.bytes, "pbf", "b.osm.pbf");
    EXPECT_EQ(e.code(), Errc::invalid_input);
    EXPECT_NE(e.message().find("'b.osm.pbf': invalid OSM PBF at byte offset"), std::string::npos)
        << e.message();
    EXPECT_NE(e.message().find(c.found), std::string::npos) << e.message();
  }
}

TEST(OsmPbfBlobHeaders, ABrokenHeaderAfterALargeBlobIsFoundInAFile) {
  // Read from a file in pieces (the OSMHeader blob skipped by seeking): the offset is exact.
  const std::string header = type_field("OSMHeader") + datasize_field(3 << 20);
  TempDir tmp("corridor_osm_pbf_");
  const std::string path = tmp.file("big.osm.pbf");
  files::write_atomic(path, blob(header, 3 << 20) + blob(datasize_field(1), 1));
  NullReporter rep;
  try {
    import_osm(path, {}, rep);
    FAIL() << "expected corridor::Error";
  } catch (const Error& e) {
    EXPECT_NE(e.message().find("BlobHeader 1 has no type field"), std::string::npos) << e.message();
    EXPECT_NE(e.message().find("offset " + std::to_string(4 + header.size() + (3 << 20) + 4) + ":"),
              std::string::npos)
        << e.message();
  }
}

// --- PBF data blobs, drawn by hand (raw or zlib): what libosmium's decoder computes without
// overflow or range checks.
std::string key(int field, int wire) { return varint(static_cast<uint64_t>(field << 3 | wire)); }
std::string ld(int field, const std::string& b) { return key(field, 2) + varint(b.size()) + b; }
std::string vi(int field, uint64_t v) { return key(field, 0) + varint(v); }
std::string packed_sint(int field, const std::vector<int64_t>& vals) {
  std::string b;
  for (int64_t v : vals)
    b += varint((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63));
  return ld(field, b);
}
std::string packed_uint(int field, const std::vector<uint64_t>& vals) {
  std::string b;
  for (uint64_t v : vals) b += varint(v);
  return ld(field, b);
}
// One file blob: BlobHeader of `type`, then a Blob holding `block` raw or zlib-compressed.
std::string file_blob(const std::string& type, const std::string& block, bool zlib) {
  std::string blob;
  if (zlib) {
    uLongf n = compressBound(static_cast<uLong>(block.size()));
    std::string z(n, '\0');
    EXPECT_EQ(
        compress(reinterpret_cast<Bytef*>(z.data()), &n,
                 reinterpret_cast<const Bytef*>(block.data()), static_cast<uLong>(block.size())),
        Z_OK);
    z.resize(n);
    blob = vi(2, block.size()) + ld(3, z);
  } else {
    blob = ld(1, block) + vi(2, block.size());
  }
  const std::string h = ld(1, type) + vi(3, blob.size());
  return be32(static_cast<uint32_t>(h.size())) + h + blob;
}
// A road 1-2 with dense node coordinates `lats`/`lons` (delta-coded, in granularity units) in a
// PrimitiveBlock with `block_fields` (granularity, offsets) appended; relation `memids`.
std::string drawn_pbf(const std::vector<int64_t>& lats, const std::vector<int64_t>& lons,
                      const std::string& block_fields, bool zlib,
                      const std::vector<int64_t>& refs = {1, 1},
                      const std::vector<int64_t>& memids = {10}) {
  const std::string header = ld(4, "OsmSchema-V0.6") + ld(4, "DenseNodes");
  const std::string strings = ld(1, ld(1, "") + ld(1, "highway") + ld(1, "primary"));
  const std::string dense = packed_sint(1, {1, 1}) + packed_sint(8, lats) + packed_sint(9, lons);
  const std::string way =
      vi(1, 10) + packed_uint(2, {1}) + packed_uint(3, {2}) + packed_sint(8, refs);
  const std::string relation = vi(1, 20) + packed_sint(9, memids) + packed_uint(10, {1});
  const std::string block =
      strings + ld(2, ld(2, dense)) + ld(2, ld(3, way)) + ld(2, ld(4, relation)) + block_fields;
  return file_blob("OSMHeader", header, false) + file_blob("OSMData", block, zlib);
}

TEST(OsmPbfData, CoordinatesAndDeltasLibosmiumWouldMiscomputeAreRefused) {
  NullReporter rep;
  const int64_t lat45 = 450000000, lon10 = 100000000;  // granularity 100: units of 1e-7 degrees
  for (bool zlib : {false, true}) {
    SCOPED_TRACE(zlib ? "zlib" : "raw");
    // Sound: the road's ends at 45.0 / 45.001 N, 10 E.
    const FlatNetwork ok = import_osm_bytes(drawn_pbf({lat45, 10000}, {lon10, 0}, "", zlib), "pbf",
                                            "d.osm.pbf", {}, rep);
    ASSERT_EQ(ok.nodes.size(), 2u);
    EXPECT_EQ(ok.nodes[0].lat_e7 + ok.nodes[1].lat_e7, 2 * lat45 + 10000);
    struct Case {
      std::string name, bytes, found;
    };
    const int64_t wrap = (int64_t{1} << 32) + lat45;  // libosmium's int32 cast: 474.5 -> 45.0
    const std::vector<Case> cases = {
        {"fuzz regression: granularity overflow",
         drawn_pbf({int64_t{1} << 40, 0}, {lon10, 0}, vi(17, 2147483647), zlib),
         "blob 1: dense nodes: a latitude (1099511627776 x granularity 2147483647 + offset) "
         "overflows"},
        {"int32 wrap", drawn_pbf({wrap, 10000}, {lon10, 0}, "", zlib),
         "dense nodes: a latitude of 474.4967"},
        {"longitude out of range", drawn_pbf({lat45, 0}, {lon10, 1800000000}, "", zlib),
         "a longitude of 190.000000 degrees"},
        {"offset overflow",
         drawn_pbf({lat45, 0}, {lon10, 0},
                   vi(20, static_cast<uint64_t>(std::numeric_limits<int64_t>::max())), zlib),
         "a longitude (100000000 x granularity 100 + offset) overflows"},
        {"delta overflow",
         drawn_pbf({lat45, std::numeric_limits<int64_t>::max()}, {lon10, 0}, "", zlib),
         "the delta-coded latitudes overflow"},
        {"granularity 0", drawn_pbf({lat45, 0}, {lon10, 0}, vi(17, 0), zlib), "granularity 0"},
        // A second StringTable field (after the block's own three strings): each is checked.
        {"NUL in a string",
         drawn_pbf({lat45, 0}, {lon10, 0}, ld(1, ld(1, "") + ld(1, std::string("high\0way", 8))),
                   zlib),
         "string 4 of the string table contains a NUL byte"},
        {"way references",
         drawn_pbf({lat45, 0}, {lon10, 0}, "", zlib, {1, std::numeric_limits<int64_t>::max()}),
         "way: the delta-coded node references overflow"},
        {"relation members",
         drawn_pbf({lat45, 0}, {lon10, 0}, "", zlib, {1, 1},
                   {std::numeric_limits<int64_t>::min(), -1}),
         "relation: the delta-coded member ids overflow"},
    };
    for (const Case& c : cases) {
      SCOPED_TRACE(c.name);
      const Error e = import_error(c.bytes, "pbf", "d.osm.pbf");
      EXPECT_EQ(e.code(), Errc::invalid_input);
      EXPECT_NE(e.message().find("'d.osm.pbf': invalid OSM PBF at byte offset"), std::string::npos)
          << e.message();
      EXPECT_NE(e.message().find(c.found), std::string::npos) << e.message();
    }
  }
}

// A PBF (libosmium's writer) of a road whose last node is at (lon, lat).
std::string pbf_with_node_at(double lon, double lat) {
  using namespace osmium::builder::attr;  // NOLINT
  osmium::memory::Buffer buf{1024, osmium::memory::Buffer::auto_grow::yes};
  osmium::builder::add_node(buf, _id(1), _location(44.80, 41.70));
  osmium::builder::add_node(buf, _id(2), _location(44.81, 41.71));
  osmium::builder::add_node(buf, _id(3), _location(lon, lat));
  osmium::builder::add_way(buf, _id(10), _nodes({1, 2, 3}), _tag("highway", "primary"));
  TempDir tmp("corridor_osm_pbf_");
  const std::string path = tmp.file("n.osm.pbf");
  osmium::io::Writer writer{path, osmium::io::overwrite::allow};
  writer(std::move(buf));
  writer.close();
  return files::read_all(path);
}

TEST(OsmPbfNodes, ALocationOutOfRangeIsRefusedNotTakenForANodeOutsideTheExtract) {
  NullReporter rep;
  const FlatNetwork ok =
      import_osm_bytes(pbf_with_node_at(44.82, 41.72), "pbf", "n.osm.pbf", {}, rep);
  EXPECT_EQ(ok.nodes.size(), 2u);  // the road's two ends
  for (const auto& [lon, lat] : {std::pair{44.82, 95.0}, std::pair{-190.0, 41.72}}) {
    SCOPED_TRACE(std::to_string(lon) + " " + std::to_string(lat));
    const Error e = import_error(pbf_with_node_at(lon, lat), "pbf", "n.osm.pbf");
    EXPECT_EQ(e.code(), Errc::invalid_input);
    // Found by the blob check (before libosmium decodes); the readers' own node check
    // (check_node_location) stays behind it.
    EXPECT_NE(e.message().find("'n.osm.pbf': invalid OSM PBF at byte offset"), std::string::npos)
        << e.message();
    EXPECT_NE(e.message().find(lat > 90 ? "a latitude of 95.000000 degrees"
                                        : "a longitude of -190.000000 degrees"),
              std::string::npos)
        << e.message();
  }
}

TEST(OsmFuzzRegressions, EveryReplayedInputIsACorridorError) {
  const std::filesystem::path dir =
      std::filesystem::path(CORRIDOR_SOURCE_DIR) / "fuzz" / "regressions" / "fuzz_osm";
  int n = 0;
  for (const auto& f : std::filesystem::directory_iterator(dir)) {
    SCOPED_TRACE(f.path().string());
    const std::string bytes = files::read_all(f.path().string());
    ASSERT_FALSE(bytes.empty());
    const bool pbf = static_cast<unsigned char>(bytes[0]) % 2;  // as fuzz/fuzz_osm.cpp
    const Error e = import_error(bytes.substr(1), pbf ? "pbf" : "osm", "f");
    EXPECT_EQ(e.code(), Errc::invalid_input) << e.full_text();
    ++n;
  }
  EXPECT_GE(n, 2);
}

}  // namespace
}  // namespace corridor::osm
