// GeoPackage writer and GMNS reader over the OGR C API (gdal.h, ogr_api.h).
#include "corridor/export/gpkg.h"

#include <cpl_conv.h>
#include <cpl_string.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <set>

#include "corridor/core/error.h"

namespace corridor::exporter {

using nlohmann::json;

namespace {

void register_gdal() {
  static std::once_flag once;
  std::call_once(once, [] { GDALAllRegister(); });
}

// GDAL reports errors to stderr ("ERROR 4: ...") by default; Corridor reports them itself, once,
// in its error (cpl_error()), so they are kept quiet while this module works with GDAL.
struct QuietGdal {
  QuietGdal() { CPLPushErrorHandler(CPLQuietErrorHandler); }
  ~QuietGdal() { CPLPopErrorHandler(); }
  QuietGdal(const QuietGdal&) = delete;
  QuietGdal& operator=(const QuietGdal&) = delete;
};

std::string cpl_error() {
  const char* m = CPLGetLastErrorMsg();
  return m && *m ? std::string(": ") + m : std::string();
}

// Flattens nested objects one name at a time ("from": {"id": ..} -> "from_id"); arrays stay
// values (written as JSON text).
void flatten(const json& obj, const std::string& prefix,
             std::vector<std::pair<std::string, json>>& out) {
  for (const auto& [k, v] : obj.items()) {
    std::string name = prefix.empty() ? k : prefix + "_" + k;
    if (v.is_object())
      flatten(v, name, out);
    else
      out.emplace_back(std::move(name), v);
  }
}

enum class Kind { none, integer, real, boolean, string, json_text };

Kind kind_of(const json& v) {
  if (v.is_null()) return Kind::none;
  if (v.is_boolean()) return Kind::boolean;
  if (v.is_number_integer() || v.is_number_unsigned()) return Kind::integer;
  if (v.is_number()) return Kind::real;
  if (v.is_string()) return Kind::string;
  return Kind::json_text;
}

Kind merge(Kind a, Kind b) {
  if (a == Kind::none) return b;
  if (b == Kind::none || a == b) return a;
  if ((a == Kind::integer && b == Kind::real) || (a == Kind::real && b == Kind::integer))
    return Kind::real;
  return Kind::string;  // mixed: text
}

Kind from_hint(FieldType t) {
  switch (t) {
    case FieldType::integer:
      return Kind::integer;
    case FieldType::real:
      return Kind::real;
    case FieldType::boolean:
      return Kind::boolean;
    case FieldType::string:
      return Kind::string;
    case FieldType::json:
      return Kind::json_text;
  }
  return Kind::string;
}

OGRwkbGeometryType geometry_type(const std::string& t) {
  if (t == "Point") return wkbPoint;
  if (t == "LineString") return wkbLineString;
  if (t == "MultiLineString") return wkbMultiLineString;
  if (t == "Polygon") return wkbPolygon;
  if (t == "MultiPoint") return wkbMultiPoint;
  if (t == "MultiPolygon") return wkbMultiPolygon;
  if (t == "None") return wkbNone;
  return wkbUnknown;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

void add_points(OGRGeometryH g, const json& coords) {
  for (const auto& p : coords) OGR_G_AddPoint_2D(g, p.at(0).get<double>(), p.at(1).get<double>());
}

OGRGeometryH make_geometry(const json& geom) {
  const std::string type = geom.at("type").get<std::string>();
  const json& c = geom.at("coordinates");
  if (type == "Point") {
    OGRGeometryH g = OGR_G_CreateGeometry(wkbPoint);
    OGR_G_SetPoint_2D(g, 0, c.at(0).get<double>(), c.at(1).get<double>());
    return g;
  }
  if (type == "LineString") {
    OGRGeometryH g = OGR_G_CreateGeometry(wkbLineString);
    add_points(g, c);
    return g;
  }
  if (type == "MultiLineString") {
    OGRGeometryH g = OGR_G_CreateGeometry(wkbMultiLineString);
    for (const auto& part : c) {
      OGRGeometryH line = OGR_G_CreateGeometry(wkbLineString);
      add_points(line, part);
      OGR_G_AddGeometryDirectly(g, line);
    }
    return g;
  }
  OGRGeometryH g = OGR_G_CreateGeometryFromJson(geom.dump().c_str());
  if (!g) throw Error(Errc::usage, "GeoPackage: unsupported geometry " + type);
  return g;
}

struct Field {
  std::string name;
  Kind kind = Kind::none;
};

class Dataset {
 public:
  explicit Dataset(GDALDatasetH ds) : ds_(ds) {}
  ~Dataset() {
    if (ds_) GDALClose(ds_);
  }
  Dataset(const Dataset&) = delete;
  Dataset& operator=(const Dataset&) = delete;
  GDALDatasetH get() const { return ds_; }
  // Closes (flushes) the dataset; false if GDAL reported a failure.
  bool close() {
    CPLErrorReset();
    GDALClose(ds_);
    ds_ = nullptr;
    return CPLGetLastErrorType() < CE_Failure;
  }

 private:
  GDALDatasetH ds_;
};

void write_layer(GDALDatasetH ds, OGRSpatialReferenceH srs, const std::string& name,
                 const std::vector<const json*>& features,
                 const std::map<std::string, FieldType>& hints, const std::string& geometry_hint,
                 const std::string& path) {
  // Fields in first-seen order, with a type fitting every value.
  std::vector<Field> fields;
  std::map<std::string, size_t> at;
  std::vector<std::vector<std::pair<std::string, json>>> props(features.size());
  for (size_t i = 0; i < features.size(); ++i) {
    const json& p = features[i]->contains("properties") ? (*features[i])["properties"] : json();
    if (p.is_object()) flatten(p, "", props[i]);
    for (const auto& [k, v] : props[i]) {
      auto it = at.find(k);
      if (it == at.end()) {
        it = at.emplace(k, fields.size()).first;
        fields.push_back({k, Kind::none});
      }
      fields[it->second].kind = merge(fields[it->second].kind, kind_of(v));
    }
  }
  for (auto& [k, t] : hints) {
    auto it = at.find(k);
    if (it == at.end()) {
      at.emplace(k, fields.size());
      fields.push_back({k, from_hint(t)});
    } else {
      fields[it->second].kind = from_hint(t);
    }
  }
  // The layer's type: its features' (null geometries aside), else the hint.
  std::string gtype = geometry_hint;
  for (const json* f : features)
    if ((*f)["geometry"].is_object()) {
      gtype = (*f)["geometry"].value("type", std::string());
      break;
    }
  const OGRwkbGeometryType ogr_type = geometry_type(gtype);
  char** opts = nullptr;
  opts = CSLSetNameValue(opts, "FID", "fid");
  OGRLayerH layer =
      GDALDatasetCreateLayer(ds, name.c_str(), ogr_type == wkbNone ? nullptr : srs, ogr_type, opts);
  CSLDestroy(opts);
  if (!layer)
    throw Error(Errc::io_error, "cannot create layer '" + name + "' in " + path + cpl_error());
  for (const Field& f : fields) {
    OGRFieldType t = OFTString;
    OGRFieldSubType st = OFSTNone;
    switch (f.kind) {
      case Kind::integer:
        t = OFTInteger64;
        break;
      case Kind::real:
      case Kind::none:  // only nulls: a number column with no value
        t = OFTReal;
        break;
      case Kind::boolean:
        t = OFTInteger;
        st = OFSTBoolean;
        break;
      case Kind::json_text:
        st = OFSTJSON;
        break;
      case Kind::string:
        break;
    }
    OGRFieldDefnH fd = OGR_Fld_Create(f.name.c_str(), t);
    OGR_Fld_SetSubType(fd, st);
    const OGRErr err = OGR_L_CreateField(layer, fd, TRUE);
    OGR_Fld_Destroy(fd);
    if (err != OGRERR_NONE)
      throw Error(Errc::io_error,
                  "cannot create field '" + f.name + "' of layer '" + name + "'" + cpl_error());
  }
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
  for (size_t i = 0; i < features.size(); ++i) {
    OGRFeatureH feat = OGR_F_Create(defn);
    if ((*features[i])["geometry"].is_object())
      OGR_F_SetGeometryDirectly(feat, make_geometry((*features[i])["geometry"]));
    for (const auto& [k, v] : props[i]) {
      const size_t fi = at.at(k);
      const int idx = static_cast<int>(fi);
      switch (fields[fi].kind) {
        case Kind::integer:
          if (v.is_number()) OGR_F_SetFieldInteger64(feat, idx, v.get<int64_t>());
          break;
        case Kind::real:
        case Kind::none:
          if (v.is_number()) OGR_F_SetFieldDouble(feat, idx, v.get<double>());
          break;
        case Kind::boolean:
          if (v.is_boolean()) OGR_F_SetFieldInteger(feat, idx, v.get<bool>() ? 1 : 0);
          break;
        case Kind::string:
        case Kind::json_text:
          if (!v.is_null())
            OGR_F_SetFieldString(
                feat, idx,
                v.is_string() ? v.get_ref<const std::string&>().c_str() : v.dump().c_str());
          break;
      }
      if (v.is_null()) OGR_F_SetFieldNull(feat, idx);
    }
    const OGRErr err = OGR_L_CreateFeature(layer, feat);
    OGR_F_Destroy(feat);
    if (err != OGRERR_NONE)
      throw Error(Errc::io_error, "cannot write a feature of layer '" + name + "'" + cpl_error());
  }
}

}  // namespace

void write_gpkg(const std::string& path, const std::vector<GeoLayer>& layers) {
  register_gdal();
  const QuietGdal quiet;
  std::set<std::string> names;
  // Split every collection by geometry type.
  struct Part {
    std::string name;
    std::vector<const json*> features;
    const GeoLayer* layer;
  };
  std::vector<Part> parts;
  for (const GeoLayer& l : layers) {
    if (l.name.empty()) throw Error(Errc::usage, "GeoPackage: a layer needs a name");
    // By reference: the parts point into the layers' own features.
    static const json kNone = json::array();
    const json& fs = l.features.is_array() ? l.features
                     : l.features.is_object() && l.features.contains("features")
                         ? l.features["features"]
                         : kNone;
    std::vector<std::string> order;
    std::map<std::string, std::vector<const json*>> by_type;
    std::vector<const json*> no_geometry;  // null geometry: kept with the layer's first part
    for (const json& f : fs) {
      if (!f.is_object() || !f.contains("geometry") ||
          !(f["geometry"].is_object() || f["geometry"].is_null()))
        throw Error(Errc::usage, "GeoPackage: a feature of layer '" + l.name + "' has no geometry");
      if (f["geometry"].is_null()) {
        no_geometry.push_back(&f);
        continue;
      }
      if (l.geometry == "None")
        throw Error(Errc::usage,
                    "GeoPackage: layer '" + l.name + "' is an attribute table but has a geometry");
      const std::string t = f["geometry"].value("type", std::string());
      if (!by_type.count(t)) order.push_back(t);
      by_type[t].push_back(&f);
    }
    if (order.size() <= 1) {
      std::vector<const json*> all = order.empty() ? std::vector<const json*>{} : by_type[order[0]];
      all.insert(all.end(), no_geometry.begin(), no_geometry.end());
      parts.push_back({l.name, std::move(all), &l});
    } else {
      std::sort(order.begin(), order.end());
      for (const auto& t : order) parts.push_back({l.name + "_" + lower(t), by_type[t], &l});
      for (const json* f : no_geometry) parts[parts.size() - order.size()].features.push_back(f);
    }
  }
  for (const auto& p : parts)
    if (!names.insert(p.name).second)
      throw Error(Errc::usage, "GeoPackage: two layers named '" + p.name + "'");

  const auto target = std::filesystem::path(path);
  if (target.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(target.parent_path(), ec);
  }
  const std::string tmp = path + ".tmp.gpkg";
  std::error_code ec;
  std::filesystem::remove(tmp, ec);
  GDALDriverH drv = GDALGetDriverByName("GPKG");
  if (!drv) throw Error(Errc::internal, "GDAL has no GPKG driver");
  // A fixed gpkg_contents.last_change: the same results give the same bytes.
  CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", "2000-01-01T00:00:00.000Z");
  CPLErrorReset();
  Dataset ds(GDALCreate(drv, tmp.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!ds.get()) throw Error(Errc::io_error, "cannot create " + path + cpl_error());
  OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
  OSRImportFromEPSG(srs, 4326);
  OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
  try {
    GDALDatasetStartTransaction(ds.get(), FALSE);
    for (const auto& p : parts)
      write_layer(ds.get(), srs, p.name, p.features, p.layer->types, p.layer->geometry, path);
    GDALDatasetCommitTransaction(ds.get());
  } catch (...) {
    OSRDestroySpatialReference(srs);
    ds.close();
    std::filesystem::remove(tmp, ec);
    CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", nullptr);
    throw;
  }
  OSRDestroySpatialReference(srs);
  const bool ok = ds.close();
  CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", nullptr);
  if (!ok) {
    std::filesystem::remove(tmp, ec);
    throw Error(Errc::io_error, "cannot write " + path + cpl_error());
  }
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    throw Error(Errc::io_error, "cannot write " + path + ": " + ec.message());
  }
}

// ---- GMNS network ---------------------------------------------------------------------------

namespace {

json opt(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

}  // namespace

json link_geometry(const network::Network& net, const network::Link& l) {
  OGRGeometryH g = nullptr;
  if (!l.geometry_wkt.empty()) {
    char* wkt = const_cast<char*>(l.geometry_wkt.c_str());
    if (OGR_G_CreateFromWkt(&wkt, nullptr, &g) != OGRERR_NONE) g = nullptr;
  }
  if (g) {
    char* gj = OGR_G_ExportToJson(g);
    json geometry = json::parse(gj);
    CPLFree(gj);
    OGR_G_DestroyGeometry(g);
    return geometry;
  }
  const auto& a = net.nodes[l.from];
  const auto& b = net.nodes[l.to];
  return {{"type", "LineString"}, {"coordinates", {{a.lon, a.lat}, {b.lon, b.lat}}}};
}

std::vector<GeoLayer> network_layers(const network::Network& net) {
  GeoLayer nodes{"node", json::array(), {}};
  for (const auto& n : net.nodes) {
    json rules = json::array();
    for (const auto& r : n.transfer_rules)
      rules.push_back({{"a", network::to_string(r.a)},
                       {"b", network::to_string(r.b)},
                       {"hours", opt(r.hours)},
                       {"usd", r.usd}});
    nodes.features.push_back({{"type", "Feature"},
                              {"geometry", {{"type", "Point"}, {"coordinates", {n.lon, n.lat}}}},
                              {"properties",
                               {{"node_id", n.id},
                                {"name", n.name},
                                {"x_coord", n.lon},
                                {"y_coord", n.lat},
                                {"node_type", network::to_string(n.kind)},
                                {"country", n.country},
                                {"aliases", n.aliases},
                                {"transfer_hours", opt(n.transfer_hours)},
                                {"transfer_usd", n.transfer_usd},
                                {"transfer_rules", rules},
                                {"gauge_change_hours", opt(n.gauge_change_hours)},
                                {"gauge_change_usd", n.gauge_change_usd},
                                {"source", n.source}}}});
  }
  nodes.types = {{"aliases", FieldType::json},
                 {"transfer_rules", FieldType::json},
                 {"transfer_hours", FieldType::real},
                 {"gauge_change_hours", FieldType::real}};
  GeoLayer links{"link", json::array(), {}};
  for (const auto& l : net.links) {
    const auto& a = net.nodes[l.from];
    const auto& b = net.nodes[l.to];
    const json geometry = link_geometry(net, l);
    json gauges = json::array();
    for (auto gmm : l.gauges) gauges.push_back(gmm);
    links.features.push_back(
        {{"type", "Feature"},
         {"geometry", geometry},
         {"properties",
          {{"link_id", l.id},
           {"name", l.name},
           {"from_node_id", a.id},
           {"to_node_id", b.id},
           {"directed", l.directed},
           {"length", l.length_km},
           {"allowed_uses", network::to_string(l.mode)},
           {"free_speed", opt(l.free_speed_kmh)},
           {"link_type", network::to_string(l.type)},
           {"travel_hours", opt(l.travel_hours)},
           {"dwell_hours", l.dwell_hours},
           {"dwell_sd_hours", l.dwell_sd_hours},
           {"fee_usd", l.fee_usd},
           {"tariff_usd_km", opt(l.tariff_usd_km)},
           {"gauges", gauges},
           {"capacity_tpd", opt(l.capacity_tpd)},
           {"status", network::to_string(l.status)},
           {"status_year", l.status_year ? json(*l.status_year) : json(nullptr)},
           {"geometry_wkt", l.geometry_wkt.empty() ? json(nullptr) : json(l.geometry_wkt)},
           {"source", l.source}}}});
  }
  links.types = {{"free_speed", FieldType::real},     {"travel_hours", FieldType::real},
                 {"tariff_usd_km", FieldType::real},  {"capacity_tpd", FieldType::real},
                 {"status_year", FieldType::integer}, {"gauges", FieldType::json},
                 {"geometry_wkt", FieldType::string}};
  return {nodes, links};
}

void write_network_gpkg(const std::string& path, const network::Network& net) {
  write_gpkg(path, network_layers(net));
}

namespace {

// One feature of a layer being read, with errors located at file:layer:feature.
class Row {
 public:
  Row(OGRFeatureH f, const std::string& file, const std::string& layer)
      : f_(f), file_(file), layer_(layer) {}
  [[noreturn]] void fail(const std::string& field, const std::string& msg) const {
    const std::string where = file_ + ":" + layer_ + ":" + std::to_string(OGR_F_GetFID(f_));
    throw Error(Errc::invalid_input, "bad GMNS GeoPackage " + file_,
                {Diagnostic{SourceLocation{where, 0, 0}, "field '" + field + "': " + msg}});
  }
  int index(const char* name) const { return OGR_F_GetFieldIndex(f_, name); }
  bool has(const char* name) const {
    const int i = index(name);
    return i >= 0 && OGR_F_IsFieldSetAndNotNull(f_, i);
  }
  std::string str(const char* name, bool required = false) const {
    if (!has(name)) {
      if (required) fail(name, "expected a value, found none");
      return {};
    }
    return OGR_F_GetFieldAsString(f_, index(name));
  }
  std::optional<double> num(const char* name, bool required = false) const {
    if (!has(name)) {
      if (required) fail(name, "expected a number, found none");
      return std::nullopt;
    }
    const int i = index(name);
    const OGRFieldType t = OGR_Fld_GetType(OGR_F_GetFieldDefnRef(f_, i));
    double v;
    if (t == OFTReal || t == OFTInteger || t == OFTInteger64) {
      v = OGR_F_GetFieldAsDouble(f_, i);
    } else {
      const std::string s = OGR_F_GetFieldAsString(f_, i);
      char* end = nullptr;
      v = std::strtod(s.c_str(), &end);
      if (s.empty() || *end) fail(name, "expected a number, found '" + s + "'");
    }
    if (!std::isfinite(v)) fail(name, "expected a finite number");
    return v;
  }
  json js(const char* name) const {
    const std::string s = str(name);
    if (s.empty()) return json::array();
    try {
      return json::parse(s);
    } catch (const json::exception&) {
      fail(name, "expected a JSON array, found '" + s + "'");
    }
  }
  OGRGeometryH geometry() const { return OGR_F_GetGeometryRef(f_); }

 private:
  OGRFeatureH f_;
  const std::string& file_;
  const std::string& layer_;
};

template <typename Fn>
void each_feature(GDALDatasetH ds, const std::string& file, const std::string& name, Fn&& fn) {
  OGRLayerH layer = GDALDatasetGetLayerByName(ds, name.c_str());
  if (!layer)
    throw Error(Errc::invalid_input, "bad GMNS GeoPackage " + file,
                {Diagnostic{SourceLocation{file, 0, 0},
                            "expected a layer named '" + name + "' (GMNS " + name + " table)"}});
  OGR_L_ResetReading(layer);
  while (OGRFeatureH f = OGR_L_GetNextFeature(layer)) {
    try {
      fn(Row(f, file, name));
    } catch (...) {
      OGR_F_Destroy(f);
      throw;
    }
    OGR_F_Destroy(f);
  }
}

template <typename T>
T parse_enum(const Row& row, const char* field, const std::string& s,
             std::optional<T> (*parse)(std::string_view), T fallback) {
  if (s.empty()) return fallback;
  auto v = parse(s);
  if (!v) row.fail(field, "unknown value '" + s + "'");
  return *v;
}

}  // namespace

network::Network read_network_gpkg(const std::string& path) {
  const QuietGdal quiet;
  register_gdal();
  if (!std::filesystem::exists(path))
    throw Error(Errc::io_error, "cannot open " + path + ": no such file");
  CPLErrorReset();
  Dataset ds(
      GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
  if (!ds.get())
    throw Error(Errc::invalid_input, "cannot read " + path + " as a GeoPackage" + cpl_error());
  network::Network net;
  net.name = std::filesystem::path(path).stem().string();
  each_feature(ds.get(), path, "node", [&](const Row& r) {
    network::Node n;
    n.id = r.str("node_id", true);
    n.name = r.str("name");
    if (n.name.empty()) n.name = n.id;
    if (r.has("x_coord") || r.has("y_coord")) {
      n.lon = *r.num("x_coord", true);
      n.lat = *r.num("y_coord", true);
    } else if (OGRGeometryH g = r.geometry();
               g && wkbFlatten(OGR_G_GetGeometryType(g)) == wkbPoint) {
      n.lon = OGR_G_GetX(g, 0);
      n.lat = OGR_G_GetY(g, 0);
    } else {
      r.fail("x_coord", "expected x_coord/y_coord or a Point geometry");
    }
    n.kind = parse_enum(r, "node_type", r.str("node_type"), network::parse_node_kind,
                        network::NodeKind::junction);
    n.country = r.str("country");
    for (const auto& a : r.js("aliases")) {
      if (!a.is_string()) r.fail("aliases", "expected an array of strings");
      n.aliases.push_back(a.get<std::string>());
    }
    n.transfer_hours = r.num("transfer_hours");
    n.transfer_usd = r.num("transfer_usd").value_or(0);
    for (const auto& t : r.js("transfer_rules")) {
      network::TransferRule rule{};
      try {
        auto a = network::parse_mode(t.at("a").get<std::string>());
        auto b = network::parse_mode(t.at("b").get<std::string>());
        if (!a || !b) r.fail("transfer_rules", "unknown mode in " + t.dump());
        rule.a = *a;
        rule.b = *b;
        if (!t.at("hours").is_null()) rule.hours = t.at("hours").get<double>();
        rule.usd = t.at("usd").get<double>();
      } catch (const json::exception&) {
        r.fail("transfer_rules", "expected {a,b,hours,usd}, found " + t.dump());
      }
      n.transfer_rules.push_back(rule);
    }
    n.gauge_change_hours = r.num("gauge_change_hours");
    n.gauge_change_usd = r.num("gauge_change_usd").value_or(0);
    n.source = r.str("source");
    if (net.node_by_id.count(n.id)) r.fail("node_id", "duplicate id '" + n.id + "'");
    net.node_by_id.emplace(n.id, network::NodeIdx(static_cast<uint32_t>(net.nodes.size())));
    net.nodes.push_back(std::move(n));
  });
  each_feature(ds.get(), path, "link", [&](const Row& r) {
    network::Link l;
    l.id = r.str("link_id");
    if (l.id.empty()) l.id = std::to_string(r.num("link_id").value_or(0));
    auto end = [&](const char* field) {
      const std::string id = r.str(field, true);
      auto it = net.node_by_id.find(id);
      if (it == net.node_by_id.end()) r.fail(field, "no node '" + id + "' in layer 'node'");
      return it->second;
    };
    l.from = end("from_node_id");
    l.to = end("to_node_id");
    l.name = r.str("name");
    if (r.has("directed")) {
      const std::string d = r.str("directed");
      l.directed = d == "1" || d == "true" || d == "TRUE";
    }
    l.length_km = *r.num("length", true);
    std::string mode = r.str("allowed_uses");
    if (mode.empty()) mode = r.str("mode");
    l.mode = parse_enum(r, "allowed_uses", mode, network::parse_mode, network::Mode::road);
    l.free_speed_kmh = r.num("free_speed");
    l.type = parse_enum(r, "link_type", r.str("link_type"), network::parse_link_type,
                        network::LinkType::line);
    l.travel_hours = r.num("travel_hours");
    l.dwell_hours = r.num("dwell_hours").value_or(0);
    l.dwell_sd_hours = r.num("dwell_sd_hours").value_or(0);
    l.fee_usd = r.num("fee_usd").value_or(0);
    l.tariff_usd_km = r.num("tariff_usd_km");
    for (const auto& g : r.js("gauges")) {
      if (!g.is_number_integer() || g.get<int64_t>() <= 0 || g.get<int64_t>() > 65535)
        r.fail("gauges", "expected an array of gauges in mm, found " + g.dump());
      l.gauges.push_back(static_cast<uint16_t>(g.get<int64_t>()));
    }
    l.capacity_tpd = r.num("capacity_tpd");
    l.status =
        parse_enum(r, "status", r.str("status"), network::parse_status, network::Status::operating);
    if (auto y = r.num("status_year")) l.status_year = static_cast<int>(*y);
    l.geometry_wkt = r.str("geometry_wkt");
    l.source = r.str("source");
    net.links.push_back(std::move(l));
  });
  net.reindex();
  const auto problems = network::check(net);
  if (!problems.empty()) {
    std::vector<Diagnostic> details;
    for (const auto& p : problems) details.push_back({SourceLocation{path, 0, 0}, p});
    throw Error(Errc::invalid_input, "the network in " + path + " is not valid", details);
  }
  return net;
}

}  // namespace corridor::exporter
