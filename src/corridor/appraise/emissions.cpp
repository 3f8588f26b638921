#include "corridor/appraise/emissions.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "corridor/core/error.h"
#include "corridor/core/files.h"
#include "corridor/io/csv.h"

namespace corridor::appraise {

namespace {

// parameter, mode, traction, bounds, whether a country may be named.
struct Known {
  const char* parameter;
  const char* mode;
  const char* traction;
  double min, max;
  bool per_country;
};
constexpr Known kKnown[] = {
    {"energy", "rail", "electric", 0, 1000, false},
    {"transmission_loss", "rail", "electric", 0, 0.9, false},
    {"grid_intensity", "rail", "electric", 0, 3000, true},
    {"ttw", "rail", "diesel", 0, 1000, false},
    {"wtw_ttw_ratio", "rail", "diesel", 1, 3, false},
    {"fuel_loaded", "road", "diesel", 0.01, 5, false},
    {"fuel_empty", "road", "diesel", 0, 5, false},
    {"fuel_co2", "road", "diesel", 100, 10000, false},
    {"wtw_ttw_ratio", "road", "diesel", 1, 3, false},
    {"payload", "road", "diesel", 0.1, 200, false},
    {"load_factor", "road", "diesel", 0.01, 1, false},
    {"empty_share", "road", "diesel", 0, 0.95, false},
    {"wtw", "ferry", "fuel_oil", 0, 5000, false},
    {"ttw", "ferry", "fuel_oil", 0, 5000, false},
};

[[noreturn]] void fail(const std::string& what, std::vector<Diagnostic> problems) {
  throw Error(Errc::invalid_input, what, std::move(problems));
}

}  // namespace

std::string appraisal_dir(const std::string& dataset_dir) { return dataset_dir + "/appraisal"; }

bool has_emission_factors(const std::string& dataset_dir) {
  return files::exists(appraisal_dir(dataset_dir) + "/emission-factors.csv");
}

EmissionFactors EmissionFactors::load(const std::string& dir) {
  const std::string f = dir + "/emission-factors.csv", t = dir + "/rail-traction.csv";
  return parse(files::read_all(f), f, files::read_all(t), t);
}

EmissionFactors EmissionFactors::parse(std::string_view factors_csv,
                                       const std::string& factors_name,
                                       std::string_view traction_csv,
                                       const std::string& traction_name) {
  EmissionFactors ef;
  std::vector<Diagnostic> problems;
  {
    io::CsvTable t = io::parse_csv(factors_csv, factors_name, problems);
    io::CsvRowReader rd(t, problems);
    if (rd.require_columns({"parameter", "mode", "traction", "country", "value", "source"})) {
      std::set<std::string> seen;
      for (size_t r = 0; r < t.rows.size(); ++r) {
        rd.set_row(r);
        Row row;
        row.parameter = rd.str("parameter", true);
        row.mode = rd.str("mode", true);
        row.traction = rd.str("traction", true);
        row.country = rd.str("country", false);
        if (row.country.empty()) row.country = "*";
        rd.str("source", true);
        const Known* k = nullptr;
        for (const auto& c : kKnown)
          if (row.parameter == c.parameter && row.mode == c.mode) k = &c;
        if (!k) {
          rd.problem("parameter", "unknown parameter '" + row.parameter + "' for mode '" +
                                      row.mode +
                                      "': expected one of energy, transmission_loss, "
                                      "grid_intensity, ttw, wtw_ttw_ratio (rail); fuel_loaded, "
                                      "fuel_empty, fuel_co2, wtw_ttw_ratio, payload, "
                                      "load_factor, empty_share (road); wtw, ttw (ferry)");
          continue;
        }
        if (row.traction != k->traction) {
          rd.problem("traction", "expected '" + std::string(k->traction) + "' for " +
                                     row.parameter + " (" + row.mode + "), found '" + row.traction +
                                     "'");
          continue;
        }
        if (!k->per_country && row.country != "*") {
          rd.problem("country", "expected '*' or empty (" + row.parameter +
                                    " is not per country), found '" + row.country + "'");
          continue;
        }
        if (k->per_country && row.country != "*" && !network::is_known_country(row.country)) {
          rd.problem("country",
                     "expected an ISO 3166-1 alpha-2 code or '*', found '" + row.country + "'");
          continue;
        }
        auto v = rd.number("value", true, k->min, k->max);
        if (!v) continue;
        row.value = *v;
        if (!seen.insert(row.parameter + "|" + row.mode + "|" + row.country).second) {
          rd.problem("parameter", "duplicate row for " + row.parameter + " (" + row.mode + ", " +
                                      row.country + ")");
          continue;
        }
        ef.rows_.push_back(std::move(row));
      }
      if (problems.empty()) {
        for (const auto& k : kKnown)
          if (!k.per_country && !ef.find(k.parameter, k.mode, "*"))
            problems.push_back({{factors_name, 0, 0},
                                std::string("missing parameter ") + k.parameter + " (" + k.mode +
                                    ", " + k.traction + ")"});
      }
    }
  }
  {
    io::CsvTable t = io::parse_csv(traction_csv, traction_name, problems);
    io::CsvRowReader rd(t, problems);
    if (rd.require_columns({"country", "link_id", "electric_share", "source"})) {
      std::set<std::string> seen;
      for (size_t r = 0; r < t.rows.size(); ++r) {
        rd.set_row(r);
        std::string country = rd.str("country", false), link = rd.str("link_id", false);
        rd.str("source", true);
        auto share = rd.number("electric_share", true, 0, 1);
        if (country.empty() == link.empty()) {
          rd.problem("country", "expected exactly one of country and link_id");
          continue;
        }
        if (!country.empty() && !network::is_known_country(country)) {
          rd.problem("country", "expected an ISO 3166-1 alpha-2 code, found '" + country + "'");
          continue;
        }
        if (!share) continue;
        const std::string key = country.empty() ? "link:" + link : country;
        if (!seen.insert(key).second) {
          rd.problem(country.empty() ? "link_id" : "country", "duplicate row for " + key);
          continue;
        }
        (country.empty() ? ef.share_by_link_ : ef.share_by_country_).push_back({key, *share});
        if (country.empty()) ef.share_by_link_.back().first = link;
      }
    }
  }
  if (!problems.empty()) fail("invalid emission factors", std::move(problems));
  return ef;
}

const EmissionFactors::Row* EmissionFactors::find(std::string_view parameter, std::string_view mode,
                                                  std::string_view country) const {
  for (const auto& r : rows_)
    if (r.parameter == parameter && r.mode == mode && r.country == country) return &r;
  return nullptr;
}

double EmissionFactors::get(std::string_view parameter, std::string_view mode,
                            std::string_view country) const {
  const Row* r = find(parameter, mode, country);
  if (!r && country != "*") r = find(parameter, mode, "*");
  if (!r)
    throw Error(Errc::invalid_input, "emission factors: no " + std::string(parameter) + " for " +
                                         std::string(mode) + " in " + std::string(country) +
                                         " (add a row for it, or a '*' row)");
  return r->value;
}

Intensity EmissionFactors::electric_rail(const std::string& country) const {
  double wtw = get("energy", "rail", "*") * get("grid_intensity", "rail", country) /
               (1 - get("transmission_loss", "rail", "*")) / 1000.0;
  return {wtw, 0};
}
Intensity EmissionFactors::diesel_rail() const {
  double ttw = get("ttw", "rail", "*");
  return {ttw * get("wtw_ttw_ratio", "rail", "*"), ttw};
}
Intensity EmissionFactors::truck() const {
  double es = get("empty_share", "road", "*");
  double e = es / (1 - es);
  double ttw = get("fuel_co2", "road", "*") *
               (get("fuel_loaded", "road", "*") + e * get("fuel_empty", "road", "*")) /
               (get("payload", "road", "*") * get("load_factor", "road", "*"));
  return {ttw * get("wtw_ttw_ratio", "road", "*"), ttw};
}
Intensity EmissionFactors::ferry() const {
  return {get("wtw", "ferry", "*"), get("ttw", "ferry", "*")};
}

double EmissionFactors::electric_share(const network::Network& net, const network::Link& l) const {
  if (l.mode != network::Mode::rail) return 0;
  for (const auto& [id, s] : share_by_link_)
    if (id == l.id) return s;
  const std::string& c = net.nodes[l.from].country;
  for (const auto& [cc, s] : share_by_country_)
    if (cc == c) return s;
  return 0;  // no row: diesel
}

Intensity EmissionFactors::intensity(const network::Network& net, const network::Link& l) const {
  switch (l.mode) {
    case network::Mode::road:
      return truck();
    case network::Mode::ferry:
      return ferry();
    case network::Mode::rail: {
      double s = electric_share(net, l);
      Intensity d = diesel_rail();
      if (s <= 0) return d;
      Intensity e = electric_rail(net.nodes[l.from].country);
      return {s * e.wtw_g_tkm + (1 - s) * d.wtw_g_tkm, s * e.ttw_g_tkm + (1 - s) * d.ttw_g_tkm};
    }
  }
  return {};
}

LinkEmission EmissionFactors::link(const network::Network& net, network::LinkIdx li) const {
  const auto& l = net.links[li];
  Intensity i = intensity(net, l);
  return {i.wtw_g_tkm * l.length_km / 1000.0, i.ttw_g_tkm * l.length_km / 1000.0};
}

std::vector<LinkEmission> EmissionFactors::links(const network::Network& net) const {
  std::vector<LinkEmission> out;
  out.reserve(net.links.size());
  for (auto li : net.links.ids()) out.push_back(link(net, li));
  return out;
}

}  // namespace corridor::appraise
