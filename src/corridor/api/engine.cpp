#include "corridor/api/engine.h"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <set>

#include "corridor/core/files.h"
#include "corridor/core/text.h"
#include "corridor/io/csv.h"

namespace corridor::api {

namespace fs = std::filesystem;

std::string find_shared_path(const std::string& name) {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec || exe.empty()) return "";
  fs::path dir = exe.parent_path();
  // Installed: <prefix>/bin/corridor and <prefix>/share/corridor/<name>.
  if (fs::path p = dir / ".." / "share" / "corridor" / name; fs::exists(p, ec))
    return fs::weakly_canonical(p, ec).string();
  // A build tree: the source tree it was built from is an ancestor of the binary's folder
  // (build/<preset>/apps/corridor/corridor); it holds CMakeLists.txt and data/.
  for (fs::path d = dir; !d.empty(); d = d.parent_path()) {
    if (fs::exists(d / "CMakeLists.txt", ec) && fs::exists(d / "data", ec) &&
        fs::exists(d / name, ec))
      return fs::weakly_canonical(d / name, ec).string();
    if (d == d.parent_path()) break;
  }
  return "";
}

std::string default_data_dir() {
  if (const char* d = std::getenv("CORRIDOR_DATA"); d && *d) return d;
  if (auto p = find_shared_path("caucasus"); !p.empty()) return p;
  return find_shared_path("data/caucasus");
}

namespace {
std::vector<std::string> keys_of(const network::Node& n);

// The optional default_* and headline_section columns of config.csv (io validates the rest).
DatasetDefaults load_defaults(const std::string& dir) {
  DatasetDefaults d;
  const std::string path = dir + "/config.csv";
  if (!files::exists(path)) return d;
  std::vector<Diagnostic> problems;
  auto t = io::parse_csv(files::read_all(path), path, problems);
  if (t.header.empty() || t.rows.empty() || !problems.empty()) return d;
  io::CsvRowReader r(t, problems);
  r.set_row(0);
  if (auto v = r.str("default_scenario", false); !v.empty()) d.scenario = v;
  d.compare_scenario = r.str("default_compare_scenario", false);
  d.profile = r.str("default_profile", false);
  d.headline_section = r.str("headline_section", false);
  return d;
}
}  // namespace

Place Engine::place(network::NodeIdx v) const {
  const auto& n = base.nodes[v];
  return {v, n.id, n.name, n.country};
}

std::string Engine::scenario_or_default(const std::string& s) const {
  return s.empty() ? defaults.scenario : s;
}

std::string Engine::profile_or_default(const std::string& p) const {
  std::string name = p.empty() ? defaults.profile : p;
  if (name.empty() && base.profiles.size() == 1) name = base.profiles.begin()->first;
  std::vector<std::string> known;
  for (const auto& [n, prof] : base.profiles) known.push_back(n);
  if (name.empty())
    throw Error(Errc::usage,
                "no profile given and the dataset's config.csv declares no default_profile: "
                "choose one of " +
                    text::join(known, ", "),
                {}, known);
  if (!base.profiles.count(name))
    throw Error(Errc::usage,
                "unknown profile '" + name + "': expected one of " + text::join(known, ", "), {},
                known);
  return name;
}

std::vector<std::string> Engine::check_countries(const std::vector<std::string>& avoid) const {
  std::vector<std::string> out;
  for (const auto& c : avoid) {
    std::string u = text::to_upper_ascii(c);
    if (!countries.count(u))
      throw Error(
          Errc::usage,
          "unknown country '" + c + "' in avoid: the dataset's countries are " +
              text::join(std::vector<std::string>(countries.begin(), countries.end()), ", "));
    out.push_back(u);
  }
  return out;
}

std::shared_ptr<const Engine> load_engine(const std::string& data_dir) {
  auto e = std::make_shared<Engine>();
  if (data_dir.empty())
    throw Error(Errc::usage,
                "no dataset found: give --data DIR or set CORRIDOR_DATA (looked beside the "
                "corridor binary for share/corridor/caucasus)");
  e->dir = data_dir;
  e->base = io::load_dataset(data_dir);
  e->defaults = load_defaults(data_dir);
  for (const auto& n : e->base.nodes) e->countries.insert(n.country);
  e->scenarios = scenario::load_scenarios(data_dir + "/scenarios", e->base);
  for (const auto& [name, s] : e->scenarios) {
    auto v = std::make_unique<Engine::ScenarioView>();
    v->applied = scenario::apply(e->base, e->scenarios, name);
    v->router = std::make_unique<route::Router>(v->applied.net);
#ifdef CORRIDOR_DEBUG_CHECKS
    auto bad = v->router->check();
    CORRIDOR_ASSERT(bad.empty());
#endif
    e->views.emplace(name, std::move(v));
  }
  for (const auto& n : e->base.nodes) e->place_keys.push_back(keys_of(n));
  if (appraise::has_emission_factors(data_dir))
    e->emissions = appraise::EmissionFactors::load(appraise::appraisal_dir(data_dir));
  std::error_code ec;
  if (std::filesystem::exists(data_dir + "/pairs.csv", ec))
    e->pairs = io::load_pairs(data_dir + "/pairs.csv");
  // Every pair must name known places: a typo in pairs.csv is a dataset error, caught at load.
  std::vector<Diagnostic> bad;
  for (const auto& p : e->pairs) {
    for (const auto* place : {&p.from, &p.to}) {
      try {
        e->resolve(*place);
      } catch (const Error& err) {
        std::string msg = err.what();
        if (!err.suggestions().empty())
          msg += " (did you mean: " + err.suggestions().front() + "?)";
        bad.push_back({p.where, msg});
      }
    }
  }
  if (!bad.empty())
    throw Error(Errc::invalid_dataset,
                "invalid dataset '" + data_dir + "': pairs.csv names unknown places", bad);
  // The declared defaults must name what the dataset has.
  std::vector<Diagnostic> wrong;
  const SourceLocation cfg{data_dir + "/config.csv", 2, 1};
  for (const auto* s : {&e->defaults.scenario, &e->defaults.compare_scenario})
    if (!s->empty() && !e->views.count(*s))
      wrong.push_back({cfg, "default scenario '" + *s + "' is not a scenario of the dataset"});
  if (!e->defaults.profile.empty() && !e->base.profiles.count(e->defaults.profile))
    wrong.push_back(
        {cfg, "default_profile '" + e->defaults.profile + "' is not a profile of params.csv"});
  if (!wrong.empty())
    throw Error(Errc::invalid_dataset, "invalid dataset '" + data_dir + "': config.csv defaults",
                wrong);
  return e;
}

const Engine::ScenarioView& Engine::view(const std::string& name) const {
  auto it = views.find(name);
  if (it != views.end()) return *it->second;
  if (name.size() > text::kMaxNameBytes)  // before any suggestion work
    throw Error(Errc::usage, fmt::format("scenario name is {} bytes long; at most {}", name.size(),
                                         text::kMaxNameBytes));
  scenario::apply(base, scenarios, name);  // throws the unknown-scenario error with suggestions
  throw Error(Errc::usage, "unknown scenario '" + name + "'");
}

namespace {
int kind_rank(network::NodeKind k) {
  switch (k) {
    case network::NodeKind::city:
      return 0;
    case network::NodeKind::port:
      return 1;
    case network::NodeKind::station:
      return 2;
    case network::NodeKind::terminal:
      return 3;
    case network::NodeKind::junction:
      return 4;
    case network::NodeKind::border_post:
      return 5;
  }
  return 6;
}
std::vector<std::string> keys_of(const network::Node& n) {
  std::vector<std::string> k{text::fold(n.id), text::fold(n.name)};
  for (const auto& a : n.aliases) k.push_back(text::fold(a));
  return k;
}
}  // namespace

std::vector<std::pair<network::NodeIdx, double>> Engine::search_places(const std::string& q,
                                                                       size_t limit) const {
  if (q.size() > text::kMaxNameBytes)
    throw Error(Errc::usage, fmt::format("place query is {} bytes long; at most {}", q.size(),
                                         text::kMaxNameBytes));
  std::string fq = text::fold(q);
  std::vector<std::pair<network::NodeIdx, double>> scored;
  for (network::NodeIdx v : base.nodes.ids()) {
    double best = 1e9;
    for (const auto& k : place_keys[v.v]) {
      if (k.empty()) continue;
      double s;
      if (k == fq)
        s = 0;
      else if (!fq.empty() && k.rfind(fq, 0) == 0)
        s = 1 + 0.01 * static_cast<double>(k.size() - fq.size());
      else if (!fq.empty() && k.find(fq) != std::string::npos)
        s = 2;
      else
        s = 3 + static_cast<double>(text::edit_distance_at_most(fq, k, k.size())) /
                    static_cast<double>(std::max<size_t>(1, k.size()));
      best = std::min(best, s);
    }
    best += 0.001 * kind_rank(base.nodes[v].kind);
    scored.push_back({v, best});
  }
  std::stable_sort(scored.begin(), scored.end(),
                   [](auto& a, auto& b) { return a.second < b.second; });
  if (scored.size() > limit) scored.resize(limit);
  return scored;
}

network::NodeIdx Engine::resolve(const std::string& place) const {
  if (place.size() > text::kMaxNameBytes)  // before any lookup or suggestion work
    throw Error(Errc::usage, fmt::format("place name is {} bytes long; at most {}", place.size(),
                                         text::kMaxNameBytes));
  std::string p(text::trim(place));
  if (p.empty()) throw Error(Errc::usage, "empty place name");
  if (auto id = base.find_node(p)) return *id;
  // "lat,lon": the nearest node.
  if (auto comma = p.find(','); comma != std::string::npos) {
    auto lat = text::parse_double(p.substr(0, comma));
    auto lon = text::parse_double(p.substr(comma + 1));
    if (lat && lon) {
      if (std::abs(*lat) > 90 || std::abs(*lon) > 180)
        throw Error(Errc::usage, "coordinates out of range: '" + p + "' (expected lat,lon)");
      network::NodeIdx best{};
      double bd = 1e300;
      for (network::NodeIdx v : base.nodes.ids()) {
        double dy = base.nodes[v].lat - *lat;
        double dx = (base.nodes[v].lon - *lon) * std::cos(*lat * M_PI / 180);
        double d = dx * dx + dy * dy;
        if (d < bd) bd = d, best = v;
      }
      return best;
    }
  }
  std::string fp = text::fold(p);
  std::vector<network::NodeIdx> exact;
  for (network::NodeIdx v : base.nodes.ids()) {
    const auto& keys = place_keys[v.v];
    if (std::find(keys.begin(), keys.end(), fp) != keys.end()) exact.push_back(v);
  }
  if (!exact.empty()) {
    std::stable_sort(exact.begin(), exact.end(), [&](auto a, auto b) {
      return kind_rank(base.nodes[a].kind) < kind_rank(base.nodes[b].kind);
    });
    if (exact.size() == 1 ||
        kind_rank(base.nodes[exact[0]].kind) < kind_rank(base.nodes[exact[1]].kind))
      return exact[0];
    std::vector<std::string> s;
    for (auto v : exact)
      s.push_back(base.nodes[v].id + " (" + base.nodes[v].name + ", " + base.nodes[v].country +
                  ")");
    throw Error(Errc::unknown_place, "ambiguous place '" + p + "': name it by id", {}, s);
  }
  std::vector<std::string> s;
  for (auto [v, score] : search_places(p, 3))
    if (score < 3.8) s.push_back(base.nodes[v].name + " (" + base.nodes[v].id + ")");
  throw Error(Errc::unknown_place, "unknown place '" + p + "'", {}, s);
}

}  // namespace corridor::api
