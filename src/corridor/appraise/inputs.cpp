#include "corridor/appraise/inputs.h"

#include <set>

#include "corridor/core/error.h"
#include "corridor/core/files.h"
#include "corridor/io/csv.h"

namespace corridor::appraise {

std::vector<CapexItem> parse_capex(std::string_view text, const std::string& name) {
  std::vector<Diagnostic> problems;
  io::CsvTable t = io::parse_csv(text, name, problems);
  io::CsvRowReader rd(t, problems);
  std::vector<CapexItem> out;
  if (rd.require_columns({"item", "name", "usd", "start_year", "end_year", "life_years",
                          "maintenance_share", "estimate", "source"})) {
    std::set<std::string> seen;
    for (size_t r = 0; r < t.rows.size(); ++r) {
      rd.set_row(r);
      CapexItem c;
      c.id = rd.str("item", true);
      c.name = rd.str("name", true);
      c.source = rd.str("source", true);
      auto usd = rd.number("usd", true, 0, 1e13);
      auto s = rd.integer("start_year", true, 1900, 2200);
      auto e = rd.integer("end_year", true, 1900, 2200);
      auto life = rd.number("life_years", true, 1, 500);
      auto m = rd.number("maintenance_share", true, 0, 1);
      auto est = rd.boolean("estimate", true);
      if (!usd || !s || !e || !life || !m || !est) continue;
      if (*e < *s) {
        rd.problem("end_year", "expected end_year >= start_year (" + std::to_string(*s) +
                                   "), found " + std::to_string(*e));
        continue;
      }
      if (!seen.insert(c.id).second) {
        rd.problem("item", "duplicate item '" + c.id + "'");
        continue;
      }
      c.usd = *usd;
      c.start_year = static_cast<int>(*s);
      c.end_year = static_cast<int>(*e);
      c.life_years = *life;
      c.maintenance_share = *m;
      c.estimate = *est;
      out.push_back(std::move(c));
    }
  }
  if (problems.empty() && out.empty())
    problems.push_back({{name, 0, 0}, "expected at least one capex item"});
  if (!problems.empty()) throw Error(Errc::invalid_input, "invalid capex file", problems);
  return out;
}

std::vector<CapexItem> load_capex(const std::string& path) {
  return parse_capex(files::read_all(path), path);
}

PricePath parse_carbon_price(std::string_view text, const std::string& name,
                             const std::string& which) {
  if (which != "low" && which != "central" && which != "high")
    throw Error(Errc::usage, "carbon price path '" + which + "': expected low, central or high");
  std::vector<Diagnostic> problems;
  io::CsvTable t = io::parse_csv(text, name, problems);
  io::CsvRowReader rd(t, problems);
  PricePath p;
  if (rd.require_columns({"year", "low", "central", "high", "source"})) {
    for (size_t r = 0; r < t.rows.size(); ++r) {
      rd.set_row(r);
      auto y = rd.integer("year", true, 1900, 2200);
      auto v = rd.number(which, true, 0, 1e6);
      rd.str("source", true);
      if (!y || !v) continue;
      if (!p.points.empty() && *y <= p.points.back().first) {
        rd.problem("year", "expected years in increasing order, found " + std::to_string(*y) +
                               " after " + std::to_string(p.points.back().first));
        continue;
      }
      p.points.push_back({static_cast<int>(*y), *v});
    }
  }
  if (problems.empty() && p.points.empty())
    problems.push_back({{name, 0, 0}, "expected at least one year"});
  if (!problems.empty()) throw Error(Errc::invalid_input, "invalid carbon price file", problems);
  return p;
}

PricePath load_carbon_price(const std::string& path, const std::string& which) {
  return parse_carbon_price(files::read_all(path), path, which);
}

OperatingCosts parse_operating_costs(std::string_view text, const std::string& name) {
  std::vector<Diagnostic> problems;
  io::CsvTable t = io::parse_csv(text, name, problems);
  io::CsvRowReader rd(t, problems);
  OperatingCosts out;
  if (rd.require_columns({"mode", "basis", "usd", "net_tonnes", "estimate", "source"})) {
    for (size_t r = 0; r < t.rows.size(); ++r) {
      rd.set_row(r);
      OperatingCost c;
      c.mode = rd.str("mode", true);
      c.basis = rd.str("basis", true);
      c.source = rd.str("source", true);
      auto usd = rd.number("usd", true, 0, 1e6);
      auto nt = rd.number("net_tonnes", true, 1e-6, 1e6);
      auto est = rd.boolean("estimate", true);
      if (!usd || !nt || !est) continue;
      const size_t m = c.mode == "rail" ? 0 : c.mode == "road" ? 1 : c.mode == "ferry" ? 2 : 3;
      if (m == 3) {
        rd.problem("mode", "expected rail, road or ferry, found '" + c.mode + "'");
        continue;
      }
      if (c.basis != "train-km" && c.basis != "truck-km" && c.basis != "vessel-km" &&
          c.basis != "tonne-km") {
        rd.problem("basis",
                   "expected train-km, truck-km, vessel-km or tonne-km, found '" + c.basis + "'");
        continue;
      }
      if (c.basis == "tonne-km" && *nt != 1) {
        rd.problem("net_tonnes", "expected 1 for a tonne-km cost");
        continue;
      }
      if (out.by_mode[m]) {
        rd.problem("mode", "duplicate mode '" + c.mode + "'");
        continue;
      }
      c.usd = *usd;
      c.net_tonnes = *nt;
      c.usd_per_tkm = *usd / *nt;
      c.estimate = *est;
      out.by_mode[m] = std::move(c);
    }
  }
  if (!problems.empty()) throw Error(Errc::invalid_input, "invalid operating cost file", problems);
  return out;
}

OperatingCosts load_operating_costs(const std::string& path) {
  return parse_operating_costs(files::read_all(path), path);
}

Accounts accounts(const std::vector<LinkMoney>& links, const OperatingCosts& costs) {
  Accounts a;
  for (const auto& l : links) {
    const double fees = l.fee_per_t * l.tonnes;
    (l.border ? a.government : a.operator_revenue) += fees;
    a.operator_revenue += l.tariff_per_tkm * l.tkm;
    a.operator_cost += costs.usd_per_tkm(l.mode) * l.tkm;
  }
  return a;
}

}  // namespace corridor::appraise
