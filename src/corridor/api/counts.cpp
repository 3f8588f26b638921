// Counts next to the base-year assignment (api/counts.h).
#include "corridor/api/counts.h"

#include <fmt/format.h>

#include <cctype>
#include <cmath>
#include <filesystem>
#include <map>

#include "corridor/api/api.h"
#include "corridor/api/engine.h"
#include "corridor/core/files.h"
#include "corridor/demand/classes.h"
#include "corridor/io/counts.h"
#include "corridor/io/csv.h"

namespace corridor::api {

using nlohmann::json;

size_t CountsCheck::calibrate_rows() const {
  size_t n = 0;
  for (const auto& r : rows) n += r.use == "calibrate";
  return n;
}

size_t CountsCheck::calibrate_within() const {
  size_t n = 0;
  for (const auto& r : rows) n += r.use == "calibrate" && r.within;
  return n;
}

namespace {

// section id -> link ids, from the dataset's sections.csv (absent file: no sections).
std::map<std::string, std::vector<std::string>> read_sections(const std::string& dir) {
  std::map<std::string, std::vector<std::string>> out;
  const std::string path = dir + "/sections.csv";
  if (!files::exists(path)) return out;
  std::vector<Diagnostic> problems;
  auto t = io::parse_csv(files::read_all(path), path, problems);
  int s = t.find("section"), l = t.find("link_id");
  if (s < 0 || l < 0) return out;  // api::assign reports a malformed sections file
  for (const auto& row : t.rows)
    out[row[static_cast<size_t>(s)].value].push_back(row[static_cast<size_t>(l)].value);
  return out;
}

double geh(double m, double c) {
  return m + c > 0 ? std::sqrt(2 * (m - c) * (m - c) / (m + c)) : 0;
}

}  // namespace

CountsCheck check_counts(const Engine& e, const CountsRequest& req) {
  auto counts = io::load_counts(req.counts_file);
  auto sections = read_sections(e.dir);
  const auto& view = e.view(req.scenario);
  const auto& net = view.applied.net;
  // Resolve every count's links before assigning, reporting all unknown names at once.
  std::vector<Diagnostic> problems;
  std::vector<std::vector<std::string>> resolved;
  for (const auto& c : counts) {
    std::vector<std::string> ids;
    if (c.links.size() == 1 && sections.count(c.links[0])) {
      ids = sections.at(c.links[0]);
    } else {
      for (const auto& id : c.links) {
        if (net.find_link(id)) {
          ids.push_back(id);
        } else {
          problems.push_back({c.links_where,
                              "column 'links': expected a section of sections.csv "
                              "or a link id of link.csv, found '" +
                                  id + "'"});
        }
      }
    }
    resolved.push_back(std::move(ids));
  }
  if (!problems.empty())
    throw Error(Errc::invalid_dataset, "invalid counts file '" + req.counts_file + "'",
                std::move(problems));

  // Tonnes per unit of each count's unit: "tonnes" is 1; another unit is that of the dataset's
  // cargo classes (classes.csv: the first class counted in it), else of the params.csv profile
  // of that name. An unknown unit is an error at the count's unit cell.
  const std::string profile_name = req.profile.empty() ? e.defaults.profile : req.profile;
  std::vector<demand::CargoClass> classes;
  const std::string classes_file = e.dir + "/classes.csv";
  if (files::exists(classes_file)) classes = demand::load_classes(classes_file);
  std::vector<double> tonnes_per_count_unit;
  for (const auto& c : counts) {
    double t = 0;
    if (c.unit.empty() || c.unit == "tonnes") {
      t = 1;
    } else {
      for (const auto& k : classes)
        if (k.unit == c.unit) {
          t = k.tonnes_per_unit;
          break;
        }
      if (t <= 0)
        if (auto it = net.profiles.find(c.unit); it != net.profiles.end())
          t = it->second.tonnes_per_unit;
    }
    if (!(t > 0))
      problems.push_back({c.links_where, "count '" + c.id + "' is in '" + c.unit +
                                             "': expected tonnes or the unit of a class of "
                                             "classes.csv or a profile of params.csv"});
    tonnes_per_count_unit.push_back(t);
  }
  if (!problems.empty())
    throw Error(Errc::invalid_dataset, "invalid counts file '" + req.counts_file + "'",
                std::move(problems));

  AssignRequest ar;
  ar.demand_file = req.demand_file;
  ar.scenario = req.scenario;
  ar.profile = profile_name;
  const AssignResult flows = assign(e, ar);
  std::map<std::string, std::pair<double, double>> by_link;  // units/day ab, ba
  for (const auto& l : flows.links) by_link[l.id] = {l.flow_ab, l.flow_ba};
  const network::Profile& prof = view.router->profile(profile_name);
  const double t_per_unit = prof.tonnes_per_unit;

  CountsCheck out;
  out.counts_file = req.counts_file;
  out.demand_file = req.demand_file;
  out.scenario = req.scenario;
  out.profile = profile_name;
  out.year = view.applied.year;
  for (size_t i = 0; i < counts.size(); ++i) {
    const auto& c = counts[i];
    double units = 0;
    for (const auto& id : resolved[i]) {
      auto it = by_link.find(id);
      if (it == by_link.end()) continue;
      if (c.direction != io::CountDirection::ba) units += it->second.first;
      if (c.direction != io::CountDirection::ab) units += it->second.second;
    }
    const double tonnes_per_year = units * t_per_unit * 365;
    CountCheck r;
    r.id = c.id;
    r.links = c.links;
    r.direction = std::string(io::to_string(c.direction));
    r.year = c.year;
    r.unit = c.unit;
    r.use = std::string(io::to_string(c.use));
    r.observed = c.volume;
    const double t_count = tonnes_per_count_unit[i];
    r.modelled = tonnes_per_year / t_count;
    r.ratio = r.modelled / r.observed;
    // GEH on daily loads: tonnes_per_load for tonnes counts, one unit for counts in units.
    const double per_load = c.unit.empty() || c.unit == "tonnes" ? out.tonnes_per_load : 1;
    r.geh = geh(r.modelled / 365 / per_load, r.observed / 365 / per_load);
    r.within = r.ratio >= out.ratio_min && r.ratio <= out.ratio_max && r.geh < out.geh_max;
    r.source = c.source;
    out.rows.push_back(std::move(r));
  }
  return out;
}

std::optional<CountsRequest> dataset_counts_request(const Engine& e) {
  namespace fs = std::filesystem;
  const std::string counts = e.dir + "/counts.csv";
  if (!files::exists(counts)) return std::nullopt;
  std::string demand;
  std::error_code ec;
  for (const auto& f : fs::directory_iterator(e.dir, ec)) {
    const std::string name = f.path().filename().string();
    if (name.rfind("demand-", 0) == 0 && name.size() == 15 &&
        name.compare(name.size() - 4, 4, ".csv") == 0 &&
        name > fs::path(demand).filename().string())
      demand = f.path().string();
  }
  if (demand.empty())
    throw Error(Errc::invalid_dataset,
                "dataset '" + e.dir + "' has counts.csv but no demand-YYYY.csv to assign");
  return CountsRequest{counts, demand, e.defaults.scenario, e.defaults.profile};
}

namespace {
std::string num(double v) {
  std::string s = fmt::format("{:.0f}", v);
  std::string out;
  int n = 0;
  for (auto it = s.rbegin(); it != s.rend(); ++it) {
    if (n && n % 3 == 0 && *it != '-') out.insert(out.begin(), ',');
    out.insert(out.begin(), *it);
    ++n;
  }
  return out;
}
}  // namespace

std::string render_counts_text(const CountsCheck& c) {
  std::string out = fmt::format(
      "counts: {} vs {} assigned under '{}' (network year {}, profile {})\n",
      std::filesystem::path(c.counts_file).filename().string(),
      std::filesystem::path(c.demand_file).filename().string(), c.scenario, c.year, c.profile);
  out += fmt::format("{:<22}{:<24}{:>6}{:>5}{:>13}{:>13}{:>7}{:>7}  {:<10}{}\n", "count", "links",
                     "dir", "year", "observed/yr", "model/yr", "ratio", "GEH", "use", "ok");
  for (const auto& r : c.rows) {
    std::string links;
    for (const auto& l : r.links) links += (links.empty() ? "" : ";") + l;
    if (links.size() > 23) links = links.substr(0, 20) + "...";
    std::string unit = " t";
    if (!r.unit.empty() && r.unit != "tonnes") {
      unit = " ";
      for (char ch : r.unit)
        unit += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    }
    out += fmt::format("{:<22}{:<24}{:>6}{:>5}{:>13}{:>13}{:>7.2f}{:>7.1f}  {:<10}{}\n", r.id,
                       links, r.direction, r.year, num(r.observed) + unit, num(r.modelled) + unit,
                       r.ratio, r.geh, r.use, r.within ? "yes" : "no");
  }
  out += fmt::format(
      "acceptance (calibrate rows): {:.2f} <= model/count <= {:.2f} and GEH < {:.0f} on daily "
      "{:.0f}-t loads (units for counts in units): {} of {} within\n",
      c.ratio_min, c.ratio_max, c.geh_max, c.tonnes_per_load, c.calibrate_within(),
      c.calibrate_rows());
  return out;
}

json counts_json(const CountsCheck& c) {
  json rows = json::array();
  for (const auto& r : c.rows)
    rows.push_back({{"id", r.id},
                    {"links", r.links},
                    {"direction", r.direction},
                    {"year", r.year},
                    {"unit", r.unit},
                    {"use", r.use},
                    {"observed_per_year", r.observed},
                    {"modelled_per_year", std::round(r.modelled)},
                    {"ratio", std::round(r.ratio * 1000) / 1000},
                    {"geh", std::round(r.geh * 100) / 100},
                    {"within", r.within},
                    {"source", r.source}});
  return {{"counts_file", c.counts_file},
          {"demand_file", c.demand_file},
          {"scenario", c.scenario},
          {"profile", c.profile},
          {"year", c.year},
          {"acceptance",
           {{"ratio_min", c.ratio_min},
            {"ratio_max", c.ratio_max},
            {"geh_max", c.geh_max},
            {"tonnes_per_load", c.tonnes_per_load}}},
          {"rows", rows},
          {"calibrate", {{"rows", c.calibrate_rows()}, {"within", c.calibrate_within()}}}};
}

}  // namespace corridor::api
