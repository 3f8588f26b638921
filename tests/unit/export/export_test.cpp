// export module: GeoPackage writer (typed fields, layers, EPSG:4326), GMNS network round trip,
// xlsx writer checks.
#include <gdal.h>
#include <gtest/gtest.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "corridor/api/appraise.h"
#include "corridor/api/forecast.h"
#include "corridor/core/error.h"
#include "corridor/export/gpkg.h"
#include "corridor/export/sim_layers.h"
#include "corridor/export/tables.h"
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

namespace {
size_t column(const exporter::Sheet& s, const std::string& header) {
  for (size_t i = 0; i < s.columns.size(); ++i)
    if (s.columns[i].header() == header) return i;
  ADD_FAILURE() << "sheet " << s.name << " has no column '" << header << "'";
  return 0;
}
const exporter::Sheet& sheet(const exporter::Workbook& b, const std::string& name) {
  for (const auto& s : b.sheets)
    if (s.name == name) return s;
  throw std::runtime_error("no sheet " + name);
}
double number(const exporter::Cell& c) { return std::get<double>(c); }
}  // namespace

TEST(Xlsx, ForecastWorkbookTablesAddUp) {
  auto engine = api::load_engine(std::string(CORRIDOR_SOURCE_DIR) + "/data/caucasus");
  api::ForecastRequest q;
  q.base = "baseline";
  q.scenario = "tripp";
  const demand::ForecastResult f = api::forecast(*engine, q);
  const exporter::Workbook b = exporter::forecast_workbook(*engine, f);
  ASSERT_EQ(b.sheets.size(), 3u);
  const auto& cls = sheet(b, "By class");
  const auto& ods = sheet(b, "By OD");
  ASSERT_EQ(cls.rows.size(), f.classes.size());
  ASSERT_EQ(ods.rows.size(), f.ods.size());
  const size_t ct = column(cls, "scenario tonnes [t/yr]"),
               ot = column(ods, "scenario tonnes [t/yr]");
  for (const auto& row : cls.rows) {
    double sum = 0;  // the OD rows of the class add up to the class row
    for (const auto& o : ods.rows)
      if (std::get<std::string>(o[0]) == std::get<std::string>(row[0])) sum += number(o[ot]);
    EXPECT_NEAR(sum, number(row[ct]), 1e-6 * (1 + sum)) << std::get<std::string>(row[0]);
  }
  EXPECT_EQ(sheet(b, "Sections").rows.size(), f.sections.size());
  const std::string p = tmp_path("forecast.xlsx");
  exporter::write_xlsx(p, b);  // checks every row's width and kinds
  EXPECT_EQ(read_bytes(p).substr(0, 2), "PK");
}

TEST(Xlsx, AppraiseWorkbookSummaryMatchesAnnual) {
  auto engine = api::load_engine(std::string(CORRIDOR_SOURCE_DIR) + "/data/caucasus");
  api::AppraiseRequest q;
  q.base = "baseline";
  q.scenario = "tripp";
  q.from = 2028;
  q.to = 2035;
  q.sensitivity = false;
  const api::AppraiseResult r = api::appraise(*engine, q);
  const exporter::Workbook b = exporter::appraise_workbook(*engine, r);
  std::vector<std::string> names;
  for (const auto& s : b.sheets) names.push_back(s.name);
  // No tornado without the sensitivity runs, no Monte Carlo without draws.
  EXPECT_EQ(names, (std::vector<std::string>{"Summary", "Annual", "Capex"}));
  const auto& sum = sheet(b, "Summary");
  const auto& annual = sheet(b, "Annual");
  ASSERT_EQ(std::get<std::string>(sum.rows[0][0]), "NPV");
  const size_t pv = column(annual, "pv_net [USD]");
  double npv = 0;  // the NPV is the sum of the discounted annual net flows
  for (const auto& row : annual.rows) npv += number(row[pv]);
  EXPECT_NEAR(number(sum.rows[0][1]), npv, 1e-6 * std::abs(npv));
  EXPECT_EQ(annual.columns[0].kind, exporter::ColumnKind::integer);
  EXPECT_EQ(column(annual, "carbon_price [USD/tCO2e]"), 13u);
  exporter::write_xlsx(tmp_path("appraise.xlsx"), b);
}

TEST(Gpkg, AttributeTablesAndNullGeometries) {
  const json rows = {{{"type", "Feature"}, {"geometry", nullptr}, {"properties", {{"a", 1}}}},
                     {{"type", "Feature"}, {"geometry", nullptr}, {"properties", {{"a", 2}}}}};
  const json pts = {{{"type", "Feature"},
                     {"geometry", {{"type", "Point"}, {"coordinates", {44.0, 40.0}}}},
                     {"properties", {{"a", 1}}}},
                    {{"type", "Feature"}, {"geometry", nullptr}, {"properties", {{"a", 2}}}}};
  const std::string p = tmp_path("attrs.gpkg");
  exporter::write_gpkg(p, {{"table", rows, {}, "None"}, {"points", pts, {}, "Point"}});
  GDALAllRegister();
  GDALDatasetH ds = GDALOpenEx(p.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
  ASSERT_NE(ds, nullptr);
  OGRLayerH t = GDALDatasetGetLayerByName(ds, "table");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(OGR_L_GetGeomType(t), wkbNone);
  EXPECT_EQ(OGR_L_GetFeatureCount(t, TRUE), 2);
  OGRLayerH l = GDALDatasetGetLayerByName(ds, "points");
  ASSERT_NE(l, nullptr);
  EXPECT_EQ(OGR_L_GetGeomType(l), wkbPoint);
  EXPECT_EQ(OGR_L_GetFeatureCount(l, TRUE), 2);
  OGR_L_ResetReading(l);
  int with_geometry = 0;
  while (OGRFeatureH f = OGR_L_GetNextFeature(l)) {
    if (OGR_F_GetGeometryRef(f)) ++with_geometry;
    OGR_F_Destroy(f);
  }
  EXPECT_EQ(with_geometry, 1);
  GDALClose(ds);
  // An attribute table refuses a geometry.
  EXPECT_THROW(exporter::write_gpkg(tmp_path("x.gpkg"), {{"table", pts, {}, "None"}}), Error);
}

TEST(SimLayers, ResourcesOnTheNetworkAndTablesOfTheResult) {
  const network::Network net =
      io::load_dataset(std::string(CORRIDOR_SOURCE_DIR) + "/data/caucasus");
  sim::Model model;
  model.elements.resize(2);
  model.elements[0].id = "track";
  model.elements[1].id = "yard";
  model.elements[0].links = {"R-AGARAK-MEGHRI", "R-MEGHRI-NRNADZOR"};
  model.flows.push_back({"east", 0, {}, {0, 1}});
  sim::SimResult r;
  r.bucket_minutes = 60;
  sim::ResourceResult track;
  track.id = "track";
  track.kind = "single_track";
  track.links = {"R-AGARAK-MEGHRI", "R-MEGHRI-NRNADZOR"};
  track.nodes = {"AM-AGARAK", "AM-MEGHRI"};
  track.utilisation = {0.5, 0.01};
  track.used[0] = true;
  track.wait_mean[0] = {12, 1};
  sim::ResourceResult yard;
  yard.id = "yard";
  yard.kind = "gauge_yard";
  yard.nodes = {"GE-AKHALKALAKI", "NOT-IN-THE-DATASET"};
  r.resources = {track, yard};
  r.flows.push_back({"east", "ab", "train", 4, {3.9, 0.1}, {}, {}, {}, {}});
  r.directions.push_back({"ab", "train", 4, {3.9, 0.1}});
  const auto layers = exporter::simulate_layers(model, r, &net);
  ASSERT_EQ(layers.size(), 4u);  // no capacity sweep: no sim_capacity
  EXPECT_EQ(layers[0].name, "sim_resources");
  const json& res = layers[0].features;
  ASSERT_EQ(res.size(), 2u);
  // The track at the mean of its two nodes; the yard at its one known node.
  const auto& a = net.nodes[*net.find_node("AM-AGARAK")];
  const auto& m = net.nodes[*net.find_node("AM-MEGHRI")];
  EXPECT_NEAR(res[0]["geometry"]["coordinates"][0].get<double>(), (a.lon + m.lon) / 2, 1e-5);
  EXPECT_NEAR(res[0]["geometry"]["coordinates"][1].get<double>(), (a.lat + m.lat) / 2, 1e-5);
  const auto& k = net.nodes[*net.find_node("GE-AKHALKALAKI")];
  EXPECT_NEAR(res[1]["geometry"]["coordinates"][0].get<double>(), k.lon, 1e-5);
  EXPECT_EQ(res[0]["properties"]["utilisation_share"], 0.5);
  EXPECT_EQ(res[0]["properties"]["wait_ab_mean_min"], 12);
  EXPECT_TRUE(res[0]["properties"]["wait_ba_mean_min"].is_null());  // direction not used
  // One line per (resource, link), with the link's own geometry.
  const json& links = layers[1].features;
  ASSERT_EQ(links.size(), 2u);
  EXPECT_EQ(links[1]["properties"]["link_id"], "R-MEGHRI-NRNADZOR");
  EXPECT_EQ(links[1]["geometry"],
            exporter::link_geometry(net, net.links[*net.find_link("R-MEGHRI-NRNADZOR")]));
  EXPECT_EQ(layers[2].features[0]["properties"]["route"], json::array({"track", "yard"}));
  // The flow along the links of its route (the yard has none).
  const json& flow_geometry = layers[2].features[0]["geometry"];
  ASSERT_EQ(flow_geometry["type"], "MultiLineString");
  ASSERT_EQ(flow_geometry["coordinates"].size(), 2u);
  EXPECT_EQ(flow_geometry["coordinates"][1], links[1]["geometry"]["coordinates"]);
  EXPECT_EQ(layers[2].features[0]["properties"]["throughput_units_per_day"], 3.9);
  EXPECT_EQ(layers[3].geometry, "None");
  // Without a network: the same rows, no geometry.
  const auto bare = exporter::simulate_layers(model, r, nullptr);
  EXPECT_TRUE(bare[0].features[0]["geometry"].is_null());
  EXPECT_TRUE(bare[2].features[0]["geometry"].is_null());
  const std::string p = tmp_path("sim.gpkg");
  exporter::write_gpkg(p, layers);
  exporter::write_gpkg(tmp_path("sim_bare.gpkg"), bare);
  EXPECT_TRUE(std::filesystem::exists(p));
}
