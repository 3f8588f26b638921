// GeoPackage output and input through GDAL/OGR (EPSG:4326).
//
// write_gpkg() turns GeoJSON FeatureCollections (the renderings api/render.h already makes) into
// one GeoPackage layer each, with typed fields: a property whose values are all integers becomes
// Integer64, any other number Real, a boolean Integer(Boolean), a string String, an array or
// object String(JSON); a property absent or null in a feature is a null field. A collection that
// mixes geometry types is split into one layer per type, named <layer>_point, <layer>_linestring.
// The file is written to a temporary name next to `path` and renamed, so a reader never sees a
// half-written file; gpkg_contents.last_change is fixed, so the same input gives the same bytes.
//
// The network layers follow the GMNS node/link schema (https://github.com/zephyr-data-specs/GMNS):
// `node` (node_id, name, x_coord, y_coord, ...) and `link` (link_id, from_node_id, to_node_id,
// directed, length, ...), plus Corridor's own attributes under their dataset names; see
// README.md. read_network_gpkg() reads such a file back (any GMNS GeoPackage with at least the
// required GMNS fields) into a network::Network; a network written here reads back identical.
#pragma once
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "corridor/network/network.h"

namespace corridor::exporter {

// A field type that overrides the one inferred from the values (e.g. a column that may be all
// null but is a number).
enum class FieldType { integer, real, boolean, string, json };

struct GeoLayer {
  std::string name;
  nlohmann::json features;  // a GeoJSON FeatureCollection (or an array of Features)
  std::map<std::string, FieldType> types = {};  // by flattened property name
  // GeoJSON geometry type of the layer ("LineString", "Point", ...): required for an empty
  // layer to have one; "" = from the features. "None": an attribute table (GeoPackage
  // `attributes`, no geometry column); its features have `"geometry": null`. A feature with a
  // null geometry in a spatial layer is written with an empty geometry.
  std::string geometry = {};
};

// Throws corridor::Error(io_error) when the file cannot be written, Error(usage) for a bad layer
// (no name, duplicate name, a feature without geometry).
void write_gpkg(const std::string& path, const std::vector<GeoLayer>& layers);

// A link's GeoJSON geometry: its WKT geometry when it has one, else the straight line between its
// end nodes (lon, lat).
nlohmann::json link_geometry(const network::Network& net, const network::Link& link);

// The network as GMNS `node` and `link` layers (plus `geometry` WKT of links that have one).
std::vector<GeoLayer> network_layers(const network::Network& net);
void write_network_gpkg(const std::string& path, const network::Network& net);

// Reads the `node` and `link` layers of a GMNS GeoPackage. Required fields: node.node_id,
// node.x_coord/y_coord (or a Point geometry), link.link_id (else its feature id),
// link.from_node_id, link.to_node_id; link.length is in km (GMNS: the file's length unit; Corridor
// writes km), mode from link.allowed_uses/mode. Throws Error(invalid_input) naming
// file:layer:feature and the field for a missing layer, field or a bad value. The result passes
// network::check() or the error lists its problems.
network::Network read_network_gpkg(const std::string& path);

}  // namespace corridor::exporter
