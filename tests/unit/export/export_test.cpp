// export module: GeoPackage writer (typed fields, layers, EPSG:4326), GMNS network round trip,
// xlsx writer checks.
#include <gdal.h>
#include <gtest/gtest.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "corridor/core/error.h"
#include "corridor/export/gpkg.h"
#include "corridor/export/xlsx.h"
#include "corridor/io/dataset.h"

using namespace corridor;
using nlohmann::json;

namespace {

std::string tmp_path(const std::string& name) {
  auto d =
      std::filesystem::temp_directory_path() / ("corridor_export_" + std::to_string(::getpid()));
  std::filesystem::create_directories(d);
  return (d / name).string();
}

std::string read_bytes(const std::string& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

}  // namespace

TEST(Gpkg, WritesTypedFieldsLayersAndSrs) {
  const json fc = {
      {"type", "FeatureCollection"},
      {"features",
       {{{"type", "Feature"},
         {"geometry", {{"type", "LineString"}, {"coordinates", {{44.0, 40.0}, {45.5, 41.25}}}}},
         {"properties",
          {{"n", 3}, {"x", 1.5}, {"b", true}, {"s", "a"}, {"arr", {1, 2}}, {"o", {{"id", "k"}}}}}},
        {{"type", "Feature"},
         {"geometry", {{"type", "LineString"}, {"coordinates", {{44.0, 40.0}, {46.0, 42.0}}}}},
         {"properties", {{"n", 4}, {"x", 2}, {"b", false}, {"s", nullptr}}}},
        {{"type", "Feature"},
         {"geometry", {{"type", "Point"}, {"coordinates", {44.0, 40.0}}}},
         {"properties", {{"n", 5}}}}}}};
  const std::string p = tmp_path("typed.gpkg");
  exporter::write_gpkg(p, {{"legs", fc}});
  GDALAllRegister();
  GDALDatasetH ds = GDALOpenEx(p.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
  ASSERT_NE(ds, nullptr);
  ASSERT_EQ(GDALDatasetGetLayerCount(ds), 2);  // mixed geometries: one layer per type
  OGRLayerH lines = GDALDatasetGetLayerByName(ds, "legs_linestring");
  OGRLayerH points = GDALDatasetGetLayerByName(ds, "legs_point");
  ASSERT_NE(lines, nullptr);
  ASSERT_NE(points, nullptr);
  EXPECT_EQ(OGR_L_GetFeatureCount(lines, TRUE), 2);
  EXPECT_EQ(OGR_L_GetFeatureCount(points, TRUE), 1);
  EXPECT_EQ(wkbFlatten(OGR_L_GetGeomType(lines)), wkbLineString);
  OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(lines);
  ASSERT_NE(srs, nullptr);
  EXPECT_STREQ(OSRGetAuthorityCode(srs, nullptr), "4326");
  OGRFeatureDefnH d = OGR_L_GetLayerDefn(lines);
  auto type_of = [&](const char* name) {
    const int i = OGR_FD_GetFieldIndex(d, name);
    EXPECT_GE(i, 0) << name;
    OGRFieldDefnH f = OGR_FD_GetFieldDefn(d, i);
    return std::pair{OGR_Fld_GetType(f), OGR_Fld_GetSubType(f)};
  };
  EXPECT_EQ(type_of("n"), std::pair(OFTInteger64, OFSTNone));
  EXPECT_EQ(type_of("x"), std::pair(OFTReal, OFSTNone));  // 1.5 and 2: real
  EXPECT_EQ(type_of("b"), std::pair(OFTInteger, OFSTBoolean));
  EXPECT_EQ(type_of("s"), std::pair(OFTString, OFSTNone));
  EXPECT_EQ(type_of("arr"), std::pair(OFTString, OFSTJSON));
  EXPECT_EQ(type_of("o_id"), std::pair(OFTString, OFSTNone));  // nested objects flattened
  OGR_L_ResetReading(lines);
  OGRFeatureH f1 = OGR_L_GetNextFeature(lines);
  EXPECT_DOUBLE_EQ(OGR_F_GetFieldAsDouble(f1, OGR_F_GetFieldIndex(f1, "x")), 1.5);
  EXPECT_STREQ(OGR_F_GetFieldAsString(f1, OGR_F_GetFieldIndex(f1, "arr")), "[1,2]");
  OGRGeometryH g = OGR_F_GetGeometryRef(f1);
  EXPECT_DOUBLE_EQ(OGR_G_GetX(g, 1), 45.5);  // lon first
  EXPECT_DOUBLE_EQ(OGR_G_GetY(g, 1), 41.25);
  OGR_F_Destroy(f1);
  OGRFeatureH f2 = OGR_L_GetNextFeature(lines);
  EXPECT_FALSE(OGR_F_IsFieldSetAndNotNull(f2, OGR_F_GetFieldIndex(f2, "s")));
  OGR_F_Destroy(f2);
  GDALClose(ds);
  // Same input, same bytes.
  const std::string q = tmp_path("typed2.gpkg");
  exporter::write_gpkg(q, {{"legs", fc}});
  EXPECT_EQ(read_bytes(p), read_bytes(q));
}

TEST(Gpkg, RejectsBadLayersAndUnwritablePaths) {
  const json f = {{{"type", "Feature"}, {"properties", {{"a", 1}}}}};
  EXPECT_THROW(exporter::write_gpkg(tmp_path("x.gpkg"), {{"l", f}}), Error);  // no geometry
  EXPECT_THROW(exporter::write_gpkg(tmp_path("x.gpkg"), {{"", json::array()}}), Error);
  EXPECT_THROW(
      exporter::write_gpkg(tmp_path("x.gpkg"), {{"a", json::array()}, {"a", json::array()}}),
      Error);
  try {
    exporter::write_gpkg("/proc/corridor/none.gpkg", {{"a", json::array()}});
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::io_error);
  }
  EXPECT_FALSE(std::filesystem::exists(tmp_path("x.gpkg")));
}

TEST(Gmns, BundledNetworkReadsBackIdentical) {
  const network::Network net =
      io::load_dataset(std::string(CORRIDOR_SOURCE_DIR) + "/data/caucasus");
  const std::string p = tmp_path("net.gpkg");
  exporter::write_network_gpkg(p, net);
  const network::Network back = exporter::read_network_gpkg(p);
  ASSERT_EQ(back.nodes.size(), net.nodes.size());
  ASSERT_EQ(back.links.size(), net.links.size());
  for (size_t i = 0; i < net.nodes.size(); ++i) {
    const auto& a = net.nodes[network::NodeIdx(static_cast<uint32_t>(i))];
    const auto& b = back.nodes[network::NodeIdx(static_cast<uint32_t>(i))];
    SCOPED_TRACE(a.id);
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.aliases, b.aliases);
    EXPECT_EQ(a.country, b.country);
    EXPECT_EQ(a.lat, b.lat);
    EXPECT_EQ(a.lon, b.lon);
    EXPECT_EQ(a.kind, b.kind);
    EXPECT_EQ(a.transfer_hours, b.transfer_hours);
    EXPECT_EQ(a.transfer_usd, b.transfer_usd);
    ASSERT_EQ(a.transfer_rules.size(), b.transfer_rules.size());
    for (size_t k = 0; k < a.transfer_rules.size(); ++k) {
      EXPECT_EQ(a.transfer_rules[k].a, b.transfer_rules[k].a);
      EXPECT_EQ(a.transfer_rules[k].b, b.transfer_rules[k].b);
      EXPECT_EQ(a.transfer_rules[k].hours, b.transfer_rules[k].hours);
      EXPECT_EQ(a.transfer_rules[k].usd, b.transfer_rules[k].usd);
    }
    EXPECT_EQ(a.gauge_change_hours, b.gauge_change_hours);
    EXPECT_EQ(a.gauge_change_usd, b.gauge_change_usd);
    EXPECT_EQ(a.source, b.source);
  }
  for (size_t i = 0; i < net.links.size(); ++i) {
    const auto& a = net.links[network::LinkIdx(static_cast<uint32_t>(i))];
    const auto& b = back.links[network::LinkIdx(static_cast<uint32_t>(i))];
    SCOPED_TRACE(a.id);
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.from, b.from);
    EXPECT_EQ(a.to, b.to);
    EXPECT_EQ(a.directed, b.directed);
    EXPECT_EQ(a.mode, b.mode);
    EXPECT_EQ(a.type, b.type);
    EXPECT_EQ(a.length_km, b.length_km);
    EXPECT_EQ(a.free_speed_kmh, b.free_speed_kmh);
    EXPECT_EQ(a.travel_hours, b.travel_hours);
    EXPECT_EQ(a.dwell_hours, b.dwell_hours);
    EXPECT_EQ(a.dwell_sd_hours, b.dwell_sd_hours);
    EXPECT_EQ(a.fee_usd, b.fee_usd);
    EXPECT_EQ(a.tariff_usd_km, b.tariff_usd_km);
    EXPECT_EQ(a.gauges, b.gauges);
    EXPECT_EQ(a.capacity_tpd, b.capacity_tpd);
    EXPECT_EQ(a.status, b.status);
    EXPECT_EQ(a.status_year, b.status_year);
    EXPECT_EQ(a.geometry_wkt, b.geometry_wkt);
    EXPECT_EQ(a.source, b.source);
  }
  EXPECT_TRUE(network::check(back).empty());
}

TEST(Gmns, MissingLayerIsAnInputError) {
  const std::string p = tmp_path("nolink.gpkg");
  exporter::write_gpkg(p, {{"node", json::array()}});
  try {
    exporter::read_network_gpkg(p);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::invalid_input);
    ASSERT_FALSE(e.details().empty());
    EXPECT_NE(e.details()[0].message.find("'link'"), std::string::npos);
  }
}

TEST(Xlsx, ChecksSheetsAndWritesAZip) {
  exporter::Workbook b;
  b.sheets.push_back({"T", {{"name", "", exporter::ColumnKind::text}, {"hours", "h"}}, {}});
  b.sheets[0].rows.push_back({std::string("a"), 1.5});
  b.sheets[0].rows.push_back({std::string("b"), std::monostate{}});
  b.assumptions.push_back({"year", "2030", "test"});
  EXPECT_EQ(b.sheets[0].columns[1].header(), "hours [h]");
  const std::string p = tmp_path("t.xlsx");
  exporter::write_xlsx(p, b);
  const std::string bytes = read_bytes(p);
  ASSERT_GT(bytes.size(), 100u);
  EXPECT_EQ(bytes.substr(0, 2), "PK");
  exporter::write_xlsx(p + "2", b);
  EXPECT_EQ(read_bytes(p + "2"), bytes);  // deterministic

  auto bad = b;
  bad.sheets[0].rows.push_back({1.0, 2.0});  // a number in the text column
  EXPECT_THROW(exporter::write_xlsx(tmp_path("bad.xlsx"), bad), Error);
  bad = b;
  bad.sheets[0].rows.push_back({std::string("c")});  // short row
  EXPECT_THROW(exporter::write_xlsx(tmp_path("bad.xlsx"), bad), Error);
  bad = b;
  bad.sheets[0].name = "a/b";
  EXPECT_THROW(exporter::write_xlsx(tmp_path("bad.xlsx"), bad), Error);
  bad = b;
  bad.sheets.push_back(bad.sheets[0]);
  EXPECT_THROW(exporter::write_xlsx(tmp_path("bad.xlsx"), bad), Error);
  EXPECT_FALSE(std::filesystem::exists(tmp_path("bad.xlsx")));
}
