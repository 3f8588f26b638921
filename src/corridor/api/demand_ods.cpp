#include "corridor/api/demand_ods.h"

#include "corridor/core/error.h"
#include "corridor/core/files.h"
#include "corridor/io/csv.h"

namespace corridor::api {

DemandOd resolve_demand_row(const Engine& e, const io::DemandRow& d) {
  double per = 1;
  if (!(d.unit == "tonnes" || d.unit.empty())) {
    auto it = e.base.profiles.find(d.unit);
    if (it == e.base.profiles.end())
      throw Error(Errc::invalid_input, d.where.to_string() + ": unit '" + d.unit +
                                           "' is neither 'tonnes' nor a profile of the dataset");
    per = it->second.tonnes_per_unit;
  }
  DemandOd out;
  try {
    out.origin = e.resolve(d.origin);
    out.destination = e.resolve(d.destination);
  } catch (Error& err) {
    throw Error(err.code(), d.where.to_string() + ": " + err.what(), err.details(),
                err.suggestions());
  }
  out.tonnes_per_year = d.volume * per;
  return out;
}

DemandOds demand_ods(const Engine& e, const std::string& file, const std::string& profile) {
  DemandOds out;
  out.rows = io::load_demand(file);
  const auto& prof = e.base.profiles.at(profile);
  for (const auto& d : out.rows) {
    DemandOd od = resolve_demand_row(e, d);
    out.ods.push_back(
        {od.origin, od.destination, od.tonnes_per_year / prof.tonnes_per_unit / 365.0});
  }
  return out;
}

std::vector<Section> load_sections(const Engine& e) {
  std::vector<Section> out;
  std::string path = e.dir + "/sections.csv";
  if (!files::exists(path)) return out;
  std::vector<Diagnostic> problems;
  auto t = io::parse_csv(files::read_all(path), path, problems);
  io::CsvRowReader r(t, problems);
  if (!t.header.empty() && r.require_columns({"section", "name", "link_id", "source"})) {
    for (size_t i = 0; i < t.rows.size(); ++i) {
      r.set_row(i);
      std::string id = r.str("section", true), name = r.str("name", true),
                  link = r.str("link_id", true);
      r.str("source", true);
      if (!link.empty() && !e.base.find_link(link))
        r.problem("link_id", "unknown link '" + link + "'");
      if (out.empty() || out.back().id != id) out.push_back({id, name, {}});
      out.back().links.push_back(link);
    }
  }
  if (!problems.empty())
    throw Error(Errc::invalid_dataset, "invalid sections file '" + path + "'", problems);
  return out;
}

}  // namespace corridor::api
