// Freight CO2e per tonne carried, by link: cited factors (data/<dataset>/appraisal/
// emission-factors.csv) and the electric share of each rail link (rail-traction.csv).
//
// Intensities are g CO2e per net tonne-km, well-to-wheel (WTW) and tank-to-wheel (TTW), with
// load factors and empty running inside them, so a link emits the same per tonne in both
// directions:
//   electric rail  WTW = energy [Wh/tkm] x grid intensity of the link's country [g/kWh]
//                        / (1 - transmission_loss) / 1000;   TTW = 0
//   diesel rail    TTW = ttw;  WTW = TTW x wtw_ttw_ratio
//   mixed rail     electric_share x electric + (1 - electric_share) x diesel
//   road (truck)   TTW = fuel_co2 x (fuel_loaded + e x fuel_empty) / (payload x load_factor),
//                  e = empty_share / (1 - empty_share) empty km per loaded km;
//                  WTW = TTW x wtw_ttw_ratio
//   ferry          the cited WTW and TTW per tkm (they include average loads and repositioning)
// Transfers, gauge changes and terminals emit nothing here (no cited factor).
//
// This header is a stable API (criticality reports delta tCO2e with it).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "corridor/network/network.h"

namespace corridor::appraise {

// g CO2e per net tonne-km.
struct Intensity {
  double wtw_g_tkm = 0, ttw_g_tkm = 0;
};

// kg CO2e per tonne carried over the whole link (either direction).
struct LinkEmission {
  double wtw_kg_per_t = 0, ttw_kg_per_t = 0;
};

class EmissionFactors {
 public:
  // Reads <dir>/emission-factors.csv and <dir>/rail-traction.csv. Throws Error(invalid_input)
  // with file:line:column for every problem (unknown parameter, value out of range, missing
  // required parameter, duplicate row); Error(io_error) when a file cannot be read.
  static EmissionFactors load(const std::string& dir);
  // The same from file contents (names are used in messages).
  static EmissionFactors parse(std::string_view factors_csv, const std::string& factors_name,
                               std::string_view traction_csv, const std::string& traction_name);

  // Intensity of one link of `net`. Throws Error(invalid_input) when an electrified rail link
  // lies in a country without a grid intensity (and no '*' row).
  Intensity intensity(const network::Network& net, const network::Link& link) const;
  // kg CO2e per tonne over the whole link: intensity x length_km / 1000.
  LinkEmission link(const network::Network& net, network::LinkIdx link) const;
  // link() for every link of `net`, indexed by LinkIdx::value().
  std::vector<LinkEmission> links(const network::Network& net) const;
  // Share of the link's tonne-km hauled electrically (rail links; 0 for other modes).
  double electric_share(const network::Network& net, const network::Link& link) const;

  // Component intensities (g/tkm): electric rail in a country, diesel rail, truck, ferry.
  Intensity electric_rail(const std::string& country) const;
  Intensity diesel_rail() const;
  Intensity truck() const;
  Intensity ferry() const;

 private:
  struct Row {
    std::string parameter, mode, traction, country;
    double value = 0;
  };
  std::vector<Row> rows_;
  std::vector<std::pair<std::string, double>> share_by_country_, share_by_link_;
  double get(std::string_view parameter, std::string_view mode, std::string_view country) const;
  const Row* find(std::string_view parameter, std::string_view mode,
                  std::string_view country) const;
};

// "<dataset_dir>/appraisal": where a dataset keeps its appraisal inputs.
std::string appraisal_dir(const std::string& dataset_dir);
// True when the dataset has emission factors (appraisal/emission-factors.csv).
bool has_emission_factors(const std::string& dataset_dir);

}  // namespace corridor::appraise
