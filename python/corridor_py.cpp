// The Python module `corridor` (its compiled part, corridor._corridor): the api facade's
// request structs bound as keyword arguments and its typed results bound as read-only objects,
// with no JSON text in between. Long work (loading, routing, assignment) runs with the GIL
// released. corridor::Error becomes corridor.Error carrying the error catalogue's code.
// The pure-Python part (corridor/__init__.py) adds to_pandas() / to_geopandas().
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "corridor/api/api.h"
#include "corridor/api/appraise.h"
#include "corridor/api/critical.h"
#include "corridor/api/forecast.h"
#include "corridor/api/render.h"
#include "corridor/assign/assign.h"
#include "corridor/assign/tntp.h"
#include "corridor/core/error.h"
#include "corridor/core/reporter.h"
#include "corridor/export/gpkg.h"
#include "corridor/export/sim_layers.h"
#include "corridor/export/tables.h"
#include "corridor/io/dataset.h"
#include "corridor/osm/router.h"
#include "corridor/sim/load.h"
#include "corridor/sim/render.h"
#include "corridor/sim/simulate.h"

namespace py = pybind11;
using namespace corridor;

namespace {

using EnginePtr = std::shared_ptr<const api::Engine>;

// nlohmann::json -> Python objects, value by value (no text).
py::object to_py(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::null:
      return py::none();
    case nlohmann::json::value_t::boolean:
      return py::bool_(j.get<bool>());
    case nlohmann::json::value_t::number_integer:
      return py::int_(j.get<int64_t>());
    case nlohmann::json::value_t::number_unsigned:
      return py::int_(j.get<uint64_t>());
    case nlohmann::json::value_t::number_float:
      return py::float_(j.get<double>());
    case nlohmann::json::value_t::string:
      return py::str(j.get_ref<const std::string&>());
    case nlohmann::json::value_t::array: {
      py::list l;
      for (const auto& v : j) l.append(to_py(v));
      return l;
    }
    case nlohmann::json::value_t::object: {
      py::dict d;
      for (const auto& [k, v] : j.items()) d[py::str(k)] = to_py(v);
      return d;
    }
    default:
      return py::none();
  }
}

std::string leg_kind(api::LegKind k) {
  switch (k) {
    case api::LegKind::transfer:
      return "transfer";
    case api::LegKind::gauge_change:
      return "gauge_change";
    case api::LegKind::link:
      break;
  }
  return "link";
}

// Results keep the engine they were computed on alive (their node and link indices refer to it).
struct Route {
  EnginePtr engine;
  api::RouteResult r;
};
struct Compare {
  EnginePtr engine;
  api::CompareResult r;
};
struct Assign {
  EnginePtr engine;
  api::AssignResult r;
};
struct Critical {
  EnginePtr engine;
  api::CriticalResult r;
};
struct Forecast {
  EnginePtr engine;
  demand::ForecastResult r;
};
struct Appraise {
  EnginePtr engine;
  api::AppraiseResult r;
};

struct Engine {
  EnginePtr e;
  std::string dir;  // the dataset directory it was loaded from
};

// A simulation (corridor simulate): the model as read, the typed result and the dataset's network
// the model's ids refer to (for the layers' geometry; empty when there is none).
struct Simulate {
  sim::Model model;
  sim::SimResult r;
  std::optional<network::Network> net;
};

// FILE as given when it exists, else <dataset>/sim/FILE[.toml] (e.simulate("red-bridge")).
std::string sim_file(const std::string& dir, const std::string& file) {
  namespace fs = std::filesystem;
  if (fs::exists(file) || dir.empty()) return file;
  for (const std::string& c : {dir + "/sim/" + file, dir + "/sim/" + file + ".toml"})
    if (fs::exists(c)) return c;
  return file;
}

std::vector<std::string> list_or_empty(const std::optional<std::vector<std::string>>& v) {
  return v ? *v : std::vector<std::string>{};
}

// ---- TNTP ------------------------------------------------------------------------------------
struct TntpResult {
  std::string network;
  std::vector<uint32_t> init, term;
  assign::AssignResult r;
};

// ---- Imported networks (.cnet) ---------------------------------------------------------------
struct Net {
  std::unique_ptr<osm::NetRouter> router;
};

struct NetRouteResult {
  bool found = false;
  double cost = std::numeric_limits<double>::infinity();  // seconds (or DIMACS cost units)
  double km = 0;
  uint32_t border_crossings = 0;
  std::vector<uint32_t> links;
  std::vector<double> lonlat;  // flattened pairs
  std::vector<std::string> leg_modes;
  std::vector<double> leg_km, leg_cost;
  std::string unit;
};

template <typename T>
py::array_t<T> as_array(const std::vector<T>& v) {
  py::array_t<T> a(static_cast<py::ssize_t>(v.size()));
  std::copy(v.begin(), v.end(), a.mutable_data());
  return a;
}

std::vector<uint32_t> resolve_all(const osm::NetRouter& r, const std::vector<std::string>& places) {
  std::vector<uint32_t> out;
  out.reserve(places.size());
  for (const auto& p : places) out.push_back(r.resolve(p));
  return out;
}

std::string place_arg(const py::handle& h) {
  if (py::isinstance<py::str>(h)) return h.cast<std::string>();
  if (py::isinstance<py::int_>(h)) return std::to_string(h.cast<int64_t>());
  if (py::isinstance<py::tuple>(h) || py::isinstance<py::list>(h)) {
    auto s = h.cast<py::sequence>();
    if (s.size() == 2)
      return std::to_string(s[0].cast<double>()) + "," + std::to_string(s[1].cast<double>());
  }
  throw Error(Errc::usage, "a place is an input node id (int), \"lat,lon\" or (lat, lon)");
}

}  // namespace

PYBIND11_MODULE(_corridor, m) {
  m.doc() = "Corridor: multimodal freight-corridor engine (compiled part)";

  // ---- errors ----
  static py::exception<Error> error_type(m, "Error");
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const Error& e) {
      py::gil_scoped_acquire gil;
      const auto& inf = info(e.code());
      py::object exc = py::handle(error_type.ptr())(py::str(e.full_text()));
      exc.attr("code") = py::str(inf.name);
      exc.attr("exit_code") = inf.exit_code;
      exc.attr("http_status") = inf.http_status;
      exc.attr("message") = py::str(e.message());
      py::list details, suggestions;
      for (const auto& d : e.details()) details.append(py::str(d.to_string()));
      for (const auto& s : e.suggestions()) suggestions.append(py::str(s));
      exc.attr("details") = details;
      exc.attr("suggestions") = suggestions;
      PyErr_SetObject(error_type.ptr(), exc.ptr());
    }
  });
  py::list codes;
  for (const auto& row : kErrcTable) codes.append(py::str(row.name));
  m.attr("ERROR_CODES") = codes;

  // ---- plain result parts ----
  py::class_<api::Place>(m, "Place")
      .def_readonly("id", &api::Place::id)
      .def_readonly("name", &api::Place::name)
      .def_readonly("country", &api::Place::country)
      .def("__repr__", [](const api::Place& p) { return "<Place " + p.id + " (" + p.name + ")>"; });
  py::class_<api::Totals>(m, "Totals")
      .def_readonly("km", &api::Totals::km)
      .def_readonly("hours", &api::Totals::hours)
      .def_readonly("usd", &api::Totals::usd)
      .def_readonly("cost", &api::Totals::cost)
      .def_readonly("borders", &api::Totals::borders)
      .def("__repr__", [](const api::Totals& t) {
        return "<Totals km=" + std::to_string(t.km) + " hours=" + std::to_string(t.hours) +
               " usd=" + std::to_string(t.usd) + " cost=" + std::to_string(t.cost) +
               " borders=" + std::to_string(t.borders) + ">";
      });
  py::class_<api::Leg>(m, "Leg")
      .def_property_readonly("kind", [](const api::Leg& l) { return leg_kind(l.kind); })
      .def_property_readonly(
          "mode", [](const api::Leg& l) { return std::string(network::to_string(l.mode)); })
      .def_property_readonly("from_mode",
                             [](const api::Leg& l) -> std::optional<std::string> {
                               if (l.kind != api::LegKind::transfer) return std::nullopt;
                               return std::string(network::to_string(l.from_mode));
                             })
      .def_readonly("gauge", &api::Leg::gauge)
      .def_readonly("border", &api::Leg::border)
      .def_readonly("from_", &api::Leg::from)
      .def_readonly("to", &api::Leg::to)
      .def_readonly("km", &api::Leg::km)
      .def_readonly("hours", &api::Leg::hours)
      .def_readonly("usd", &api::Leg::usd)
      .def_readonly("link_ids", &api::Leg::link_ids)
      .def("__repr__", [](const api::Leg& l) {
        return "<Leg " + leg_kind(l.kind) + " " + std::string(network::to_string(l.mode)) + " " +
               l.from.id + "->" + l.to.id + ">";
      });
  py::class_<api::BorderCrossing>(m, "BorderCrossing")
      .def_readonly("id", &api::BorderCrossing::id)
      .def_readonly("name", &api::BorderCrossing::name)
      .def_property_readonly(
          "mode",
          [](const api::BorderCrossing& b) { return std::string(network::to_string(b.mode)); })
      .def_readonly("from_country", &api::BorderCrossing::from_country)
      .def_readonly("to_country", &api::BorderCrossing::to_country)
      .def_readonly("hours", &api::BorderCrossing::hours)
      .def_readonly("usd", &api::BorderCrossing::usd);
  py::class_<api::RouteOption>(m, "RouteOption")
      .def_readonly("total", &api::RouteOption::total)
      .def_readonly("borders", &api::RouteOption::borders)
      .def_readonly("countries", &api::RouteOption::countries)
      .def_readonly("legs", &api::RouteOption::legs);

  // ---- Route ----
  py::class_<Route>(m, "RouteResult")
      .def_property_readonly("from_", [](const Route& r) { return r.r.from; })
      .def_property_readonly("to", [](const Route& r) { return r.r.to; })
      .def_property_readonly("scenario", [](const Route& r) { return r.r.scenario; })
      .def_property_readonly("profile", [](const Route& r) { return r.r.profile; })
      .def_property_readonly("year", [](const Route& r) { return r.r.year; })
      .def_property_readonly("total", [](const Route& r) { return r.r.best().total; })
      .def_property_readonly("legs", [](const Route& r) { return r.r.best().legs; })
      .def_property_readonly("borders", [](const Route& r) { return r.r.best().borders; })
      .def_property_readonly("countries", [](const Route& r) { return r.r.best().countries; })
      .def_property_readonly("routes", [](const Route& r) { return r.r.routes; })
      .def(
          "to_json", [](const Route& r) { return to_py(api::to_json(r.r)); },
          "The route as the CLI's --json prints it (a dict)")
      .def(
          "to_geojson", [](const Route& r) { return to_py(api::to_geojson(*r.engine, r.r)); },
          "A GeoJSON FeatureCollection (dict): one feature per leg of the best route")
      .def(
          "to_gpkg",
          [](const Route& r, const std::string& path) {
            py::gil_scoped_release rel;
            exporter::write_gpkg(path, exporter::route_layers(*r.engine, r.r));
          },
          py::arg("path"), "Write the legs as GeoPackage layers (route_legs, route_transfers)")
      .def("__repr__", [](const Route& r) {
        return "<RouteResult " + r.r.from.name + " -> " + r.r.to.name + " (" + r.r.scenario +
               "): " + std::to_string(r.r.best().total.hours) + " h, " +
               std::to_string(r.r.best().total.usd) + " USD>";
      });

  // ---- Compare ----
  py::class_<api::CompareRow>(m, "CompareRow")
      .def_readonly("from_", &api::CompareRow::from)
      .def_readonly("to", &api::CompareRow::to)
      .def_property_readonly("base",
                             [](const api::CompareRow& r) -> std::optional<api::Totals> {
                               if (!r.base) return std::nullopt;
                               return r.base->best().total;
                             })
      .def_property_readonly("scenario",
                             [](const api::CompareRow& r) -> std::optional<api::Totals> {
                               if (!r.scenario) return std::nullopt;
                               return r.scenario->best().total;
                             })
      .def_readonly("delta", &api::CompareRow::delta);
  py::class_<Compare>(m, "CompareResult")
      .def_property_readonly("base", [](const Compare& c) { return c.r.base; })
      .def_property_readonly("scenario", [](const Compare& c) { return c.r.scenario; })
      .def_property_readonly("profile", [](const Compare& c) { return c.r.profile; })
      .def_property_readonly("year", [](const Compare& c) { return c.r.year; })
      .def_property_readonly("rows", [](const Compare& c) { return c.r.rows; })
      .def(
          "route",
          [](const Compare& c, size_t i, const std::string& side) -> std::optional<Route> {
            if (i >= c.r.rows.size()) throw py::index_error("no pair " + std::to_string(i));
            if (side != "base" && side != "scenario")
              throw Error(Errc::usage, "side is 'base' or 'scenario', not '" + side + "'");
            const auto& r = side == "base" ? c.r.rows[i].base : c.r.rows[i].scenario;
            if (!r) return std::nullopt;
            return Route{c.engine, *r};
          },
          py::arg("pair"), py::arg("side"), "The route of pair i on one side (None: no route)")
      .def("to_json", [](const Compare& c) { return to_py(api::to_json(c.r)); })
      .def("to_csv", [](const Compare& c) { return api::render_compare_csv(c.r); })
      .def(
          "to_gpkg",
          [](const Compare& c, const std::string& path) {
            py::gil_scoped_release rel;
            exporter::write_gpkg(path, exporter::compare_layers(*c.engine, c.r));
          },
          py::arg("path"))
      .def(
          "to_xlsx",
          [](const Compare& c, const std::string& path) {
            py::gil_scoped_release rel;
            exporter::write_xlsx(path, exporter::compare_workbook(*c.engine, c.r));
          },
          py::arg("path"))
      .def("to_html", [](const Compare& c) { return api::render_compare_html(*c.engine, c.r); });

  // ---- Assign ----
  py::class_<assign::AssignSummary>(m, "AssignSummary")
      .def_readonly("iterations", &assign::AssignSummary::iterations)
      .def_readonly("relative_gap", &assign::AssignSummary::relative_gap)
      .def_readonly("aec", &assign::AssignSummary::aec)
      .def_readonly("beckmann", &assign::AssignSummary::beckmann)
      .def_readonly("tstt", &assign::AssignSummary::tstt)
      .def_readonly("sptt", &assign::AssignSummary::sptt)
      .def_readonly("seconds", &assign::AssignSummary::seconds)
      .def_readonly("algorithm", &assign::AssignSummary::algorithm)
      .def_readonly("converged", &assign::AssignSummary::converged)
      .def_readonly("stop_reason", &assign::AssignSummary::stop_reason);
  py::class_<api::LinkFlow>(m, "LinkFlow")
      .def_readonly("id", &api::LinkFlow::id)
      .def_readonly("from_", &api::LinkFlow::from)
      .def_readonly("to", &api::LinkFlow::to)
      .def_property_readonly(
          "mode", [](const api::LinkFlow& l) { return std::string(network::to_string(l.mode)); })
      .def_readonly("border", &api::LinkFlow::border)
      .def_readonly("flow_ab", &api::LinkFlow::flow_ab)
      .def_readonly("flow_ba", &api::LinkFlow::flow_ba)
      .def_readonly("tonnes_per_day", &api::LinkFlow::tonnes_per_day)
      .def_readonly("delay_hours", &api::LinkFlow::delay_hours)
      .def_readonly("capacity_tpd", &api::LinkFlow::capacity_tpd)
      .def_readonly("vc", &api::LinkFlow::vc);
  py::class_<api::SectionLoad>(m, "SectionLoad")
      .def_readonly("units_per_day", &api::SectionLoad::units_per_day)
      .def_readonly("tonnes_per_day", &api::SectionLoad::tonnes_per_day)
      .def_readonly("capacity_tpd", &api::SectionLoad::capacity_tpd)
      .def_readonly("vc", &api::SectionLoad::vc);
  py::class_<api::SectionFlow>(m, "SectionFlow")
      .def_readonly("id", &api::SectionFlow::id)
      .def_readonly("name", &api::SectionFlow::name)
      .def_readonly("scenario", &api::SectionFlow::scenario)
      .def_readonly("base", &api::SectionFlow::base);
  py::class_<Assign>(m, "AssignResult")
      .def_property_readonly("scenario", [](const Assign& a) { return a.r.scenario; })
      .def_property_readonly("base", [](const Assign& a) { return a.r.base; })
      .def_property_readonly("profile", [](const Assign& a) { return a.r.profile; })
      .def_property_readonly("year", [](const Assign& a) { return a.r.year; })
      .def_property_readonly("demand_units_per_day",
                             [](const Assign& a) { return a.r.demand_units_per_day; })
      .def_property_readonly("summary", [](const Assign& a) { return a.r.summary; })
      .def_property_readonly("base_summary", [](const Assign& a) { return a.r.base_summary; })
      .def_property_readonly("sections", [](const Assign& a) { return a.r.sections; })
      .def_property_readonly("links", [](const Assign& a) { return a.r.links; })
      .def("to_json", [](const Assign& a) { return to_py(api::to_json(a.r)); })
      .def("to_geojson", [](const Assign& a) { return to_py(api::to_geojson(*a.engine, a.r)); })
      .def("to_csv", [](const Assign& a) { return api::render_assign_links_csv(a.r); })
      .def(
          "to_gpkg",
          [](const Assign& a, const std::string& path) {
            py::gil_scoped_release rel;
            exporter::write_gpkg(path, exporter::assign_layers(*a.engine, a.r));
          },
          py::arg("path"))
      .def(
          "to_xlsx",
          [](const Assign& a, const std::string& path) {
            py::gil_scoped_release rel;
            exporter::write_xlsx(path, exporter::assign_workbook(*a.engine, a.r));
          },
          py::arg("path"));

  // ---- Critical ----
  py::class_<api::CriticalRow>(m, "CriticalRow")
      .def_readonly("rank", &api::CriticalRow::rank)
      .def_readonly("id", &api::CriticalRow::id)
      .def_readonly("name", &api::CriticalRow::name)
      .def_readonly("from_", &api::CriticalRow::from)
      .def_readonly("to", &api::CriticalRow::to)
      .def_property_readonly(
          "mode", [](const api::CriticalRow& r) { return std::string(network::to_string(r.mode)); })
      .def_readonly("border", &api::CriticalRow::border)
      .def_readonly("base_units", &api::CriticalRow::base_units)
      .def_readonly("delta_cost", &api::CriticalRow::delta_cost)
      .def_readonly("unserved_units", &api::CriticalRow::unserved_units)
      .def_readonly("unserved_tonnes", &api::CriticalRow::unserved_tonnes)
      .def_readonly("connected", &api::CriticalRow::connected);
  py::class_<Critical>(m, "CriticalResult")
      .def_property_readonly("rows", [](const Critical& c) { return c.r.rows; })
      .def_property_readonly("scenario", [](const Critical& c) { return c.r.scenario; })
      .def("to_json", [](const Critical& c) { return to_py(api::to_json(c.r)); })
      .def("to_geojson", [](const Critical& c) { return to_py(api::to_geojson(*c.engine, c.r)); })
      .def("to_gpkg", [](const Critical& c, const std::string& path) {
        py::gil_scoped_release rel;
        exporter::write_gpkg(path, exporter::critical_layers(*c.engine, c.r));
      });

  // ---- Forecast ----
  py::class_<demand::ModeAmounts>(m, "ModeAmounts")
      .def_readonly("rail", &demand::ModeAmounts::rail)
      .def_readonly("road", &demand::ModeAmounts::road)
      .def_readonly("ferry", &demand::ModeAmounts::ferry)
      .def_property_readonly("total", &demand::ModeAmounts::total);
  py::class_<demand::OdForecast>(m, "OdForecast")
      .def_readonly("cargo_class", &demand::OdForecast::cargo_class)
      .def_readonly("unit", &demand::OdForecast::unit)
      .def_readonly("origin", &demand::OdForecast::origin)
      .def_readonly("destination", &demand::OdForecast::destination)
      .def_readonly("corridor", &demand::OdForecast::corridor)
      .def_readonly("tonnes_per_unit", &demand::OdForecast::tonnes_per_unit)
      .def_readonly("routed", &demand::OdForecast::routed)
      .def_readonly("base_units", &demand::OdForecast::base_units)
      .def_readonly("scenario_units", &demand::OdForecast::scenario_units)
      .def_readonly("diverted_units", &demand::OdForecast::diverted_units)
      .def_readonly("generated_units", &demand::OdForecast::generated_units)
      .def_readonly("base_tonnes", &demand::OdForecast::base_tonnes)
      .def_readonly("scenario_tonnes", &demand::OdForecast::scenario_tonnes)
      .def_readonly("diverted_tonnes", &demand::OdForecast::diverted_tonnes)
      .def_readonly("generated_tonnes", &demand::OdForecast::generated_tonnes)
      .def_readonly("base_cost_usd", &demand::OdForecast::base_cost_usd)
      .def_readonly("scenario_cost_usd", &demand::OdForecast::scenario_cost_usd)
      .def_readonly("base_composite_usd", &demand::OdForecast::base_composite_usd)
      .def_readonly("scenario_composite_usd", &demand::OdForecast::scenario_composite_usd)
      .def_readonly("theta", &demand::OdForecast::theta)
      .def_readonly("base_tkm", &demand::OdForecast::base_tkm)
      .def_readonly("scenario_tkm", &demand::OdForecast::scenario_tkm)
      .def_readonly("base_headline_units", &demand::OdForecast::base_headline_units)
      .def_readonly("scenario_headline_units", &demand::OdForecast::scenario_headline_units);
  py::class_<demand::ClassTotals>(m, "ClassTotals")
      .def_readonly("cargo_class", &demand::ClassTotals::cargo_class)
      .def_readonly("unit", &demand::ClassTotals::unit)
      .def_readonly("base_units", &demand::ClassTotals::base_units)
      .def_readonly("scenario_units", &demand::ClassTotals::scenario_units)
      .def_readonly("diverted_units", &demand::ClassTotals::diverted_units)
      .def_readonly("generated_units", &demand::ClassTotals::generated_units)
      .def_readonly("base_tonnes", &demand::ClassTotals::base_tonnes)
      .def_readonly("scenario_tonnes", &demand::ClassTotals::scenario_tonnes)
      .def_readonly("diverted_tonnes", &demand::ClassTotals::diverted_tonnes)
      .def_readonly("generated_tonnes", &demand::ClassTotals::generated_tonnes)
      .def_readonly("base_headline_tonnes", &demand::ClassTotals::base_headline_tonnes)
      .def_readonly("scenario_headline_tonnes", &demand::ClassTotals::scenario_headline_tonnes)
      .def_readonly("base_tkm", &demand::ClassTotals::base_tkm)
      .def_readonly("scenario_tkm", &demand::ClassTotals::scenario_tkm);
  py::class_<demand::SectionForecast>(m, "SectionForecast")
      .def_readonly("id", &demand::SectionForecast::id)
      .def_readonly("name", &demand::SectionForecast::name)
      .def_readonly("base_tonnes", &demand::SectionForecast::base_tonnes)
      .def_readonly("scenario_tonnes", &demand::SectionForecast::scenario_tonnes)
      .def_readonly("capacity_tonnes", &demand::SectionForecast::capacity_tonnes)
      .def_readonly("base_vc", &demand::SectionForecast::base_vc)
      .def_readonly("scenario_vc", &demand::SectionForecast::scenario_vc)
      .def_readonly("base_delay_hours", &demand::SectionForecast::base_delay_hours)
      .def_readonly("scenario_delay_hours", &demand::SectionForecast::scenario_delay_hours);
  py::class_<demand::HeadlineRow>(m, "HeadlineRow")
      .def_readonly("cargo_class", &demand::HeadlineRow::cargo_class)
      .def_readonly("direction", &demand::HeadlineRow::direction)
      .def_readonly("from_", &demand::HeadlineRow::from)
      .def_readonly("to", &demand::HeadlineRow::to)
      .def_readonly("base_tonnes", &demand::HeadlineRow::base_tonnes)
      .def_readonly("scenario_tonnes", &demand::HeadlineRow::scenario_tonnes)
      .def_readonly("base_units", &demand::HeadlineRow::base_units)
      .def_readonly("scenario_units", &demand::HeadlineRow::scenario_units)
      .def_readonly("diverted_tonnes", &demand::HeadlineRow::diverted_tonnes)
      .def_readonly("generated_tonnes", &demand::HeadlineRow::generated_tonnes);
  py::class_<demand::LinkForecast>(m, "LinkForecast")
      .def_readonly("id", &demand::LinkForecast::id)
      .def_readonly("mode", &demand::LinkForecast::mode)
      .def_readonly("length_km", &demand::LinkForecast::length_km)
      .def_readonly("base_tonnes", &demand::LinkForecast::base_tonnes)
      .def_readonly("scenario_tonnes", &demand::LinkForecast::scenario_tonnes)
      .def_readonly("base_tkm", &demand::LinkForecast::base_tkm)
      .def_readonly("scenario_tkm", &demand::LinkForecast::scenario_tkm);
  py::class_<Forecast>(m, "ForecastResult")
      .def_property_readonly("base", [](const Forecast& f) { return f.r.base_scenario; })
      .def_property_readonly("scenario", [](const Forecast& f) { return f.r.scenario; })
      .def_property_readonly("year", [](const Forecast& f) { return f.r.year; })
      .def_property_readonly("demand_file", [](const Forecast& f) { return f.r.demand_file; })
      .def_property_readonly("headline_section",
                             [](const Forecast& f) { return f.r.headline_section; })
      .def_property_readonly("base_headline_tonnes",
                             [](const Forecast& f) { return f.r.base_headline_tonnes; })
      .def_property_readonly("scenario_headline_tonnes",
                             [](const Forecast& f) { return f.r.scenario_headline_tonnes; })
      .def_property_readonly("converged", [](const Forecast& f) { return f.r.converged; })
      .def_property_readonly("ods", [](const Forecast& f) { return f.r.ods; })
      .def_property_readonly("classes", [](const Forecast& f) { return f.r.classes; })
      .def_property_readonly("sections", [](const Forecast& f) { return f.r.sections; })
      .def_property_readonly("headline", [](const Forecast& f) { return f.r.headline; })
      .def_property_readonly("links", [](const Forecast& f) { return f.r.links; })
      .def("to_html", [](const Forecast& f) { return api::render_forecast_html(f.r); })
      .def("to_json", [](const Forecast& f) { return to_py(api::to_json(f.r)); })
      .def("to_csv", [](const Forecast& f) { return api::render_forecast_csv(f.r); })
      .def(
          "layers",
          [](const Forecast& f) {
            py::dict d;
            for (const auto& l : exporter::forecast_layers(*f.engine, f.r))
              d[py::str(l.name)] = to_py(l.features);
            return d;
          },
          "The GeoPackage layers (forecast_links, forecast_sections) as GeoJSON feature lists")
      .def(
          "to_gpkg",
          [](const Forecast& f, const std::string& path) {
            py::gil_scoped_release rel;
            exporter::write_gpkg(path, exporter::forecast_layers(*f.engine, f.r));
          },
          py::arg("path"))
      .def(
          "to_xlsx",
          [](const Forecast& f, const std::string& path) {
            py::gil_scoped_release rel;
            exporter::write_xlsx(path, exporter::forecast_workbook(*f.engine, f.r));
          },
          py::arg("path"))
      .def("__repr__", [](const Forecast& f) {
        return "<ForecastResult " + f.r.base_scenario + " -> " + f.r.scenario + " (" +
               std::to_string(f.r.year) + "): " + std::to_string(f.r.ods.size()) +
               " class/OD rows>";
      });

  // ---- Appraise ----
  py::class_<appraise::TornadoBar>(m, "TornadoBar")
      .def_readonly("variable", &appraise::TornadoBar::variable)
      .def_readonly("low_factor", &appraise::TornadoBar::low_factor)
      .def_readonly("high_factor", &appraise::TornadoBar::high_factor)
      .def_readonly("npv_low", &appraise::TornadoBar::npv_low)
      .def_readonly("npv_high", &appraise::TornadoBar::npv_high)
      .def_readonly("switching_factor", &appraise::TornadoBar::switching_factor);
  py::class_<appraise::Percentiles>(m, "Percentiles")
      .def_readonly("p10", &appraise::Percentiles::p10)
      .def_readonly("p50", &appraise::Percentiles::p50)
      .def_readonly("p90", &appraise::Percentiles::p90)
      .def_readonly("mean", &appraise::Percentiles::mean);
  py::class_<appraise::McSummary>(m, "MonteCarlo")
      .def_readonly("draws", &appraise::McSummary::draws)
      .def_readonly("seed", &appraise::McSummary::seed)
      .def_readonly("npv", &appraise::McSummary::npv)
      .def_readonly("bcr", &appraise::McSummary::bcr)
      .def_readonly("headline", &appraise::McSummary::headline)
      .def_readonly("npv_sd", &appraise::McSummary::npv_sd)
      .def_readonly("p_npv_negative", &appraise::McSummary::p_npv_negative)
      .def_property_readonly("npv_sample",
                             [](const appraise::McSummary& s) { return as_array(s.npv_sample); });
  py::class_<Appraise>(m, "AppraiseResult")
      .def_property_readonly("base", [](const Appraise& a) { return a.r.base; })
      .def_property_readonly("scenario", [](const Appraise& a) { return a.r.scenario; })
      .def_property_readonly("npv", [](const Appraise& a) { return a.r.central.npv; })
      .def_property_readonly("bcr", [](const Appraise& a) { return a.r.central.bcr; })
      .def_property_readonly("eirr", [](const Appraise& a) { return a.r.central.eirr; })
      .def_property_readonly("fyrr", [](const Appraise& a) { return a.r.central.fyrr; })
      .def_property_readonly("payback_year",
                             [](const Appraise& a) { return a.r.central.payback_year; })
      .def_property_readonly("pv_benefits",
                             [](const Appraise& a) { return a.r.central.pv_benefits; })
      .def_property_readonly("pv_costs", [](const Appraise& a) { return a.r.central.pv_costs; })
      .def_property_readonly("co2_change_t",
                             [](const Appraise& a) { return a.r.central.co2_change_t_total; })
      .def_property_readonly("forecast_years", [](const Appraise& a) { return a.r.forecast_years; })
      .def_property_readonly("tornado", [](const Appraise& a) { return a.r.tornado; })
      .def_property_readonly("monte_carlo", [](const Appraise& a) { return a.r.mc; })
      .def_property_readonly("unrouted_ods", [](const Appraise& a) { return a.r.unrouted_ods; })
      .def(
          "annual",
          [](const Appraise& a) {
            const api::NumberTable t = api::annual_table(a.r);
            py::dict d;
            for (size_t c = 0; c < t.header.size(); ++c) {
              std::vector<double> col;
              col.reserve(t.rows.size());
              for (const auto& row : t.rows) col.push_back(row[c]);
              d[py::str(t.header[c])] = as_array(col);
            }
            return d;
          },
          "The annual table (the CLI's --csv) as {column: NumPy array}")
      .def("to_json", [](const Appraise& a) { return to_py(api::to_json(a.r)); })
      .def("to_csv", [](const Appraise& a) { return api::render_appraise_csv(a.r); })
      .def(
          "layers",
          [](const Appraise& a) {
            py::dict d;
            for (const auto& l : exporter::appraise_layers(*a.engine, a.r))
              d[py::str(l.name)] = to_py(l.features);
            return d;
          },
          "The GeoPackage layer appraise_ods (OD desire lines per forecast year) as GeoJSON")
      .def(
          "to_gpkg",
          [](const Appraise& a, const std::string& path) {
            py::gil_scoped_release rel;
            exporter::write_gpkg(path, exporter::appraise_layers(*a.engine, a.r));
          },
          py::arg("path"))
      .def("to_html", [](const Appraise& a) { return api::render_appraise_html(a.r); })
      .def(
          "to_xlsx",
          [](const Appraise& a, const std::string& path) {
            py::gil_scoped_release rel;
            exporter::write_xlsx(path, exporter::appraise_workbook(*a.engine, a.r));
          },
          py::arg("path"))
      .def("__repr__", [](const Appraise& a) {
        return "<AppraiseResult " + a.r.base + " -> " + a.r.scenario +
               ": NPV=" + std::to_string(a.r.central.npv) +
               " USD, BCR=" + std::to_string(a.r.central.bcr) + ">";
      });

  // ---- Engine ----
  // ---- simulation ----
  py::class_<sim::Estimate>(m, "Estimate")
      .def_readonly("mean", &sim::Estimate::mean)
      .def_readonly("ci95", &sim::Estimate::half_width)
      .def("__repr__", [](const sim::Estimate& x) {
        return "<Estimate " + std::to_string(x.mean) + " +- " + std::to_string(x.half_width) + ">";
      });
  py::class_<sim::FlowResult>(m, "SimFlow")
      .def_readonly("id", &sim::FlowResult::id)
      .def_readonly("direction", &sim::FlowResult::direction)
      .def_readonly("unit", &sim::FlowResult::unit)
      .def_readonly("offered_per_day", &sim::FlowResult::offered_per_day)
      .def_readonly("per_day", &sim::FlowResult::per_day)
      .def_readonly("wait_mean", &sim::FlowResult::wait_mean)
      .def_readonly("wait_p50", &sim::FlowResult::wait_p50)
      .def_readonly("wait_p95", &sim::FlowResult::wait_p95)
      .def_readonly("system_mean", &sim::FlowResult::system_mean);
  py::class_<sim::DirectionResult>(m, "SimDirection")
      .def_readonly("direction", &sim::DirectionResult::direction)
      .def_readonly("unit", &sim::DirectionResult::unit)
      .def_readonly("offered_per_day", &sim::DirectionResult::offered_per_day)
      .def_readonly("per_day", &sim::DirectionResult::per_day);
  py::class_<sim::ResourceResult>(m, "SimResource")
      .def_readonly("id", &sim::ResourceResult::id)
      .def_readonly("kind", &sim::ResourceResult::kind)
      .def_readonly("name", &sim::ResourceResult::name)
      .def_readonly("nodes", &sim::ResourceResult::nodes)
      .def_readonly("links", &sim::ResourceResult::links)
      .def_readonly("utilisation", &sim::ResourceResult::utilisation)
      .def_readonly("utilisation_basis", &sim::ResourceResult::utilisation_basis)
      .def_readonly("mean_queue", &sim::ResourceResult::mean_queue)
      .def_property_readonly("used",
                             [](const sim::ResourceResult& x) {
                               return std::pair<bool, bool>{x.used[0], x.used[1]};
                             })
      .def_property_readonly("wait_mean",
                             [](const sim::ResourceResult& x) {
                               return std::pair{x.wait_mean[0], x.wait_mean[1]};
                             })
      .def_property_readonly("wait_p50",
                             [](const sim::ResourceResult& x) {
                               return std::pair{x.wait_p50[0], x.wait_p50[1]};
                             })
      .def_property_readonly("wait_p95",
                             [](const sim::ResourceResult& x) {
                               return std::pair{x.wait_p95[0], x.wait_p95[1]};
                             })
      .def_property_readonly("queue_series",
                             [](const sim::ResourceResult& x) { return as_array(x.queue_series); })
      .def_readonly("deadlocks", &sim::ResourceResult::deadlocks);
  py::class_<Simulate>(m, "SimulateResult")
      .def_property_readonly("model", [](const Simulate& s) { return s.r.model; })
      .def_property_readonly("file", [](const Simulate& s) { return s.r.file; })
      .def_property_readonly("seed", [](const Simulate& s) { return s.r.seed; })
      .def_property_readonly("replications", [](const Simulate& s) { return s.r.replications; })
      .def_property_readonly("days", [](const Simulate& s) { return s.r.days; })
      .def_property_readonly("warmup_days", [](const Simulate& s) { return s.r.warmup_days; })
      .def_property_readonly("events", [](const Simulate& s) { return s.r.events; })
      .def_property_readonly("bucket_minutes", [](const Simulate& s) { return s.r.bucket_minutes; })
      .def_property_readonly("flows", [](const Simulate& s) { return s.r.flows; })
      .def_property_readonly("directions", [](const Simulate& s) { return s.r.directions; })
      .def_property_readonly("resources", [](const Simulate& s) { return s.r.resources; })
      .def_property_readonly("has_capacity",
                             [](const Simulate& s) { return s.r.capacity.has_value(); })
      .def("to_text", [](const Simulate& s) { return sim::render_text(s.r); })
      .def("to_json",
           [](const Simulate& s) { return to_py(nlohmann::json::parse(sim::render_json(s.r))); })
      .def("to_html", [](const Simulate& s) { return sim::render_html(s.r); })
      .def(
          "layers",
          [](const Simulate& s) {
            py::dict d;
            for (const auto& l : exporter::simulate_layers(s.model, s.r, s.net ? &*s.net : nullptr))
              d[py::str(l.name)] = to_py(l.features);
            return d;
          },
          "The GeoPackage layers as GeoJSON feature lists, by layer name")
      .def(
          "to_gpkg",
          [](const Simulate& s, const std::string& path) {
            py::gil_scoped_release rel;
            exporter::write_gpkg(
                path, exporter::simulate_layers(s.model, s.r, s.net ? &*s.net : nullptr));
          },
          py::arg("path"), "Write the layers of corridor simulate --gpkg")
      .def("__repr__", [](const Simulate& s) {
        return "<SimulateResult " + s.r.model + ": " + std::to_string(s.r.replications) +
               " replications>";
      });

  py::class_<Engine>(m, "Engine")
      .def(
          "route",
          [](const Engine& e, const std::string& from, const std::string& to,
             const std::string& scenario, const std::string& profile,
             const std::optional<std::vector<std::string>>& modes,
             const std::optional<std::vector<std::string>>& avoid, std::optional<int> year,
             std::optional<int> max_borders, int alternatives, bool pareto, bool explain) {
            api::RouteRequest q;
            q.from = from;
            q.to = to;
            q.scenario = scenario;
            q.profile = profile;
            q.modes = list_or_empty(modes);
            q.avoid = list_or_empty(avoid);
            q.year = year;
            q.max_borders = max_borders;
            q.alternatives = alternatives;
            q.pareto = pareto;
            q.explain = explain;
            py::gil_scoped_release rel;
            q.validate();
            return Route{e.e, api::route(*e.e, q)};
          },
          py::arg("from_"), py::arg("to"), py::kw_only(), py::arg("scenario") = "",
          py::arg("profile") = "", py::arg("modes") = py::none(), py::arg("avoid") = py::none(),
          py::arg("year") = py::none(), py::arg("max_borders") = py::none(),
          py::arg("alternatives") = 1, py::arg("pareto") = false, py::arg("explain") = false,
          "Best route from A to B (corridor route)")
      .def(
          "compare",
          [](const Engine& e, const std::string& base, const std::string& scenario,
             const std::optional<std::vector<std::pair<std::string, std::string>>>& pairs,
             const std::string& profile, const std::optional<std::vector<std::string>>& modes,
             const std::optional<std::vector<std::string>>& avoid, std::optional<int> year) {
            api::CompareRequest q;
            q.base = base;
            q.scenario = scenario;
            if (pairs) q.pairs = *pairs;
            q.profile = profile;
            q.modes = list_or_empty(modes);
            q.avoid = list_or_empty(avoid);
            q.year = year;
            py::gil_scoped_release rel;
            q.validate();
            return Compare{e.e, api::compare(*e.e, q)};
          },
          py::kw_only(), py::arg("base") = "", py::arg("scenario") = "",
          py::arg("pairs") = py::none(), py::arg("profile") = "", py::arg("modes") = py::none(),
          py::arg("avoid") = py::none(), py::arg("year") = py::none(),
          "Routes of key pairs under two scenarios, with deltas (corridor compare)")
      .def(
          "assign",
          [](const Engine& e, const std::string& demand, const std::string& scenario,
             const std::string& base, const std::string& profile, const std::string& algorithm,
             double gap, int max_iter, int threads, std::optional<int> year) {
            api::AssignRequest q;
            q.demand_file = demand;
            q.scenario = scenario;
            q.base = base;
            q.profile = profile;
            q.algorithm = algorithm;
            q.gap = gap;
            q.max_iter = max_iter;
            q.threads = threads;
            q.year = year;
            py::gil_scoped_release rel;
            q.validate();
            return Assign{e.e, api::assign(*e.e, q)};
          },
          py::arg("demand"), py::kw_only(), py::arg("scenario") = "", py::arg("base") = "",
          py::arg("profile") = "", py::arg("algorithm") = "b", py::arg("gap") = 1e-4,
          py::arg("max_iter") = 1000, py::arg("threads") = 0, py::arg("year") = py::none(),
          "Freight user-equilibrium assignment of a demand file (corridor assign --demand)")
      .def(
          "critical",
          [](const Engine& e, const std::string& scenario, const std::string& demand,
             const std::string& metric, const std::string& links, int top, int threads) {
            api::CriticalRequest q;
            q.scenario = scenario;
            q.demand_file = demand;
            q.metric = metric;
            q.links = links;
            q.top = top;
            q.threads = threads;
            py::gil_scoped_release rel;
            q.validate();
            return Critical{e.e, api::critical(*e.e, q)};
          },
          py::kw_only(), py::arg("scenario") = "", py::arg("demand") = "",
          py::arg("metric") = "cost", py::arg("links") = "", py::arg("top") = 0,
          py::arg("threads") = 0, "Links ranked by the cost of losing them (corridor critical)")
      .def(
          "forecast",
          [](const Engine& e, const std::string& base, const std::string& scenario,
             std::optional<int> year, const std::optional<std::vector<std::string>>& classes,
             const std::string& demand, const std::string& classes_file, bool elastic) {
            api::ForecastRequest q;
            q.base = base;
            q.scenario = scenario;
            q.year = year;
            q.classes = list_or_empty(classes);
            q.demand_file = demand;
            q.classes_file = classes_file;
            q.elastic = elastic;
            py::gil_scoped_release rel;
            q.validate();
            return Forecast{e.e, api::forecast(*e.e, q)};
          },
          py::kw_only(), py::arg("base") = "", py::arg("scenario") = "",
          py::arg("year") = py::none(), py::arg("classes") = py::none(), py::arg("demand") = "",
          py::arg("classes_file") = "", py::arg("elastic") = true,
          "Freight forecast by cargo class (corridor forecast)")
      .def(
          "appraise",
          [](const Engine& e, const std::string& base, const std::string& scenario, int from_year,
             int to_year, double discount, std::optional<int> opening_year,
             const std::optional<std::vector<double>>& ramp_up, const std::string& carbon_path,
             const std::string& capex, const std::string& carbon, const std::string& uncertainty,
             size_t draws, uint64_t seed, int threads, bool sensitivity) {
            api::AppraiseRequest q;
            q.base = base;
            q.scenario = scenario;
            q.from = from_year;
            q.to = to_year;
            q.discount = discount;
            q.opening_year = opening_year;
            if (ramp_up) q.ramp_up = *ramp_up;
            q.carbon_path = carbon_path;
            q.capex_file = capex;
            q.carbon_file = carbon;
            q.uncertainty_file = uncertainty;
            q.draws = draws;
            q.seed = seed;
            q.threads = threads;
            q.sensitivity = sensitivity;
            py::gil_scoped_release rel;
            q.validate();
            return Appraise{e.e, api::appraise(*e.e, q)};
          },
          py::kw_only(), py::arg("base") = "", py::arg("scenario") = "",
          py::arg("from_year") = 2028, py::arg("to_year") = 2057, py::arg("discount") = 0.06,
          py::arg("opening_year") = py::none(), py::arg("ramp_up") = py::none(),
          py::arg("carbon_path") = "central", py::arg("capex") = "", py::arg("carbon") = "",
          py::arg("uncertainty") = "", py::arg("draws") = 0, py::arg("seed") = 1,
          py::arg("threads") = 0, py::arg("sensitivity") = true,
          "Economic appraisal: NPV, BCR, EIRR, CO2, tornado, Monte Carlo (corridor appraise)")
      .def(
          "simulate",
          [](const Engine& e, const std::string& file, std::optional<double> days,
             std::optional<double> warmup_days, std::optional<int> replications,
             std::optional<uint64_t> seed, int threads, bool capacity) {
            if (days && !(*days > 0)) throw Error(Errc::usage, "days must be > 0");
            if (warmup_days && !(*warmup_days >= 0))
              throw Error(Errc::usage, "warmup_days must be >= 0");
            if (replications && *replications <= 0)
              throw Error(Errc::usage, "replications must be > 0");
            if (threads < 0) throw Error(Errc::usage, "threads must be >= 0");
            py::gil_scoped_release rel;
            Simulate out;
            out.model = sim::load_model(sim_file(e.dir, file));
            // The ids the file names must be the dataset's, as in the CLI.
            out.net = io::load_dataset(e.dir);
            const network::Network& net = *out.net;
            sim::check_dataset_ids(
                out.model, [&](const std::string& id) { return net.find_node(id).has_value(); },
                [&](const std::string& id) { return net.find_link(id).has_value(); });
            sim::SimOptions o;
            o.seed = seed;
            o.days = days;
            o.warmup_days = warmup_days;
            o.replications = replications;
            o.threads = threads;
            o.capacity = capacity;
            out.r = sim::simulate(out.model, o);
            return out;
          },
          py::arg("file"), py::kw_only(), py::arg("days") = py::none(),
          py::arg("warmup_days") = py::none(), py::arg("replications") = py::none(),
          py::arg("seed") = py::none(), py::arg("threads") = 0, py::arg("capacity") = false,
          "Discrete-event simulation of a sim/*.toml file of the dataset (corridor simulate); "
          "FILE is a path or a name under <dataset>/sim/")
      .def(
          "places",
          [](const Engine& e, const std::string& q, size_t limit) {
            py::list out;
            for (const auto& p : api::places(*e.e, q, limit).places) out.append(p.place);
            return out;
          },
          py::arg("query"), py::arg("limit") = 10)
      .def("scenarios",
           [](const Engine& e) {
             py::list out;
             for (const auto& s : api::scenarios(*e.e).scenarios) out.append(py::str(s.name));
             return out;
           })
      .def("info", [](const Engine& e) { return to_py(api::to_json(api::dataset_info(*e.e))); })
      .def(
          "network_geojson",
          [](const Engine& e, const std::string& scenario) {
            return to_py(api::network_geojson(*e.e, scenario));
          },
          py::arg("scenario") = "")
      .def(
          "network_to_gpkg",
          [](const Engine& e, const std::string& path, const std::string& scenario) {
            py::gil_scoped_release rel;
            exporter::write_gpkg(path, exporter::network_gmns_layers(*e.e, scenario));
          },
          py::arg("path"), py::arg("scenario") = "",
          "Write the scenario's network as GMNS node/link layers");

  m.def(
      "open",
      [](const std::string& data_dir) {
        py::gil_scoped_release rel;
        const std::string dir = data_dir.empty() ? api::default_data_dir() : data_dir;
        return Engine{api::load_engine(dir), dir};
      },
      py::arg("data_dir") = "", "Load a dataset directory (default: the bundled one)");

  // ---- GMNS GeoPackage network ----
  m.def(
      "read_network_gpkg",
      [](const std::string& path) {
        network::Network net;
        {
          py::gil_scoped_release rel;
          net = exporter::read_network_gpkg(path);
        }
        py::dict d;
        py::list nodes, links;
        for (const auto& n : net.nodes) nodes.append(py::str(n.id));
        for (const auto& l : net.links) links.append(py::str(l.id));
        d["name"] = net.name;
        d["node_ids"] = nodes;
        d["link_ids"] = links;
        d["border_links"] = net.num_border_links();
        const auto layers = exporter::network_layers(net);
        d["node_features"] = to_py(layers[0].features);
        d["link_features"] = to_py(layers[1].features);
        return d;
      },
      py::arg("path"),
      "Read and check a GMNS GeoPackage: node and link ids, and its node/link features as "
      "Corridor would write them");

  // ---- TNTP ----
  py::class_<TntpResult>(m, "TntpResult")
      .def_readonly("network", &TntpResult::network)
      .def_property_readonly("summary", [](const TntpResult& t) { return t.r.summary; })
      .def_property_readonly("flow", [](const TntpResult& t) { return as_array(t.r.flow); })
      .def_property_readonly("cost", [](const TntpResult& t) { return as_array(t.r.cost); })
      .def_property_readonly("init_node", [](const TntpResult& t) { return as_array(t.init); })
      .def_property_readonly("term_node", [](const TntpResult& t) { return as_array(t.term); })
      .def_property_readonly("log", [](const TntpResult& t) {
        py::dict d;
        std::vector<double> it, sec, gap, tstt;
        for (const auto& l : t.r.log) {
          it.push_back(l.iteration);
          sec.push_back(l.seconds);
          gap.push_back(l.relative_gap);
          tstt.push_back(l.tstt);
        }
        d["iteration"] = as_array(it);
        d["seconds"] = as_array(sec);
        d["relative_gap"] = as_array(gap);
        d["tstt"] = as_array(tstt);
        return d;
      });
  m.def(
      "tntp_assign",
      [](const std::string& dir, double gap, const std::string& algorithm, int max_iter,
         double max_seconds, int threads) {
        py::gil_scoped_release rel;
        assign::AssignOptions o;
        o.gap = gap;
        o.algorithm = algorithm;
        o.max_iter = max_iter;
        o.max_seconds = max_seconds;
        o.threads = threads;
        o.validate();
        assign::TntpNetwork net = assign::read_tntp_network(dir);
        assign::AssignProblem problem = assign::to_problem(net, o);
        NullReporter rep;
        TntpResult t;
        t.network = net.name;
        for (const auto& l : net.links) {
          t.init.push_back(l.init);
          t.term.push_back(l.term);
        }
        t.r = assign::assign(problem, o, rep);
        return t;
      },
      py::arg("dir"), py::kw_only(), py::arg("gap") = 1e-4, py::arg("algorithm") = "b",
      py::arg("max_iter") = 10000, py::arg("max_seconds") = 0.0, py::arg("threads") = 0);

  // ---- imported networks ----
  py::class_<NetRouteResult>(m, "NetRoute")
      .def_readonly("found", &NetRouteResult::found)
      .def_readonly("cost", &NetRouteResult::cost)
      .def_readonly("unit", &NetRouteResult::unit)
      .def_readonly("km", &NetRouteResult::km)
      .def_readonly("border_crossings", &NetRouteResult::border_crossings)
      .def_readonly("leg_modes", &NetRouteResult::leg_modes)
      .def_property_readonly("leg_km", [](const NetRouteResult& r) { return as_array(r.leg_km); })
      .def_property_readonly("leg_cost",
                             [](const NetRouteResult& r) { return as_array(r.leg_cost); })
      .def_property_readonly("links", [](const NetRouteResult& r) { return as_array(r.links); })
      .def_property_readonly("geometry", [](const NetRouteResult& r) {
        py::array_t<double> a({static_cast<py::ssize_t>(r.lonlat.size() / 2), py::ssize_t{2}});
        std::copy(r.lonlat.begin(), r.lonlat.end(), a.mutable_data());
        return a;
      });
  py::class_<Net>(m, "Net")
      .def_static(
          "open",
          [](const std::string& path, const std::string& profile) {
            py::gil_scoped_release rel;
            NullReporter rep;
            return Net{osm::NetRouter::load(path, profile, rep)};
          },
          py::arg("path"), py::arg("profile") = "truck",
          "Load an imported network (.cnet, with its .cch when built for it)")
      .def_property_readonly("num_nodes", [](const Net& n) { return n.router->net.num_nodes(); })
      .def_property_readonly("num_links", [](const Net& n) { return n.router->net.num_links(); })
      .def_property_readonly("unit",
                             [](const Net& n) { return std::string(n.router->cost_name()); })
      .def(
          "route",
          [](const Net& n, const py::object& from, const py::object& to) {
            const std::string f = place_arg(from), t = place_arg(to);
            py::gil_scoped_release rel;
            const osm::NetRouter& r = *n.router;
            const uint32_t s = r.resolve(f), d = r.resolve(t);
            ch::ChQuery q(r.ch);
            osm::NetRoute route = osm::route_between(r, q, s, d);
            if (!route.found)
              throw Error(Errc::no_route, "no route from " + f + " to " + t + " for profile '" +
                                              r.profile.to_string() + "'");
            NetRouteResult out;
            out.found = true;
            out.cost = r.cost_value(route.cost);
            out.unit = std::string(r.cost_name());
            out.km = route.km;
            out.border_crossings = route.border_crossings;
            out.links = route.links;
            for (const auto& p : route.geometry) {
              out.lonlat.push_back(p.lon_e7 * 1e-7);
              out.lonlat.push_back(p.lat_e7 * 1e-7);
            }
            for (const auto& l : route.legs) {
              out.leg_modes.emplace_back(l.name());
              out.leg_km.push_back(l.km);
              out.leg_cost.push_back(r.cost_value(l.cost));
            }
            return out;
          },
          py::arg("from_"), py::arg("to"),
          "Route between two places: input node ids (int) or \"lat,lon\" / (lat, lon)")
      .def(
          "table",
          [](const Net& n, const py::list& sources, const std::optional<py::list>& targets) {
            std::vector<std::string> src, dst;
            for (auto h : sources) src.push_back(place_arg(h));
            for (auto h : (targets ? *targets : sources)) dst.push_back(place_arg(h));
            std::vector<ch::Weight> w;
            std::vector<double> cost;
            {
              py::gil_scoped_release rel;
              const osm::NetRouter& r = *n.router;
              const auto sv = resolve_all(r, src), tv = resolve_all(r, dst);
              ch::ManyToMany mm(r.ch);
              w = mm.table(sv, tv);
              cost.reserve(w.size());
              for (auto x : w)
                cost.push_back(x == ch::kInfWeight ? std::numeric_limits<double>::infinity()
                                                   : r.cost_value(x));
            }
            py::array_t<double> a(
                {static_cast<py::ssize_t>(src.size()), static_cast<py::ssize_t>(dst.size())});
            std::copy(cost.begin(), cost.end(), a.mutable_data());
            return a;
          },
          py::arg("sources"), py::arg("targets") = py::none(),
          "Cost matrix (NumPy, sources x targets; inf where unreachable)");
}
