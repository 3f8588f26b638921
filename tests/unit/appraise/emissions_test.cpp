// Emissions: a hand-computed route under test factors, the bundled factors' derived intensities,
// and loader errors with file:line:column.
#include "corridor/appraise/emissions.h"

#include <gtest/gtest.h>

#include "corridor/core/error.h"

namespace corridor::appraise {
namespace {

const char* kFactors =
    "parameter,mode,traction,country,value,unit,source\n"
    "energy,rail,electric,*,30,Wh,t\n"
    "transmission_loss,rail,electric,*,0,share,t\n"
    "grid_intensity,rail,electric,AZ,500,g/kWh,t\n"
    "ttw,rail,diesel,*,20,g/tkm,t\n"
    "wtw_ttw_ratio,rail,diesel,*,1.25,ratio,t\n"
    "fuel_loaded,road,diesel,*,0.4,L/km,t\n"
    "fuel_empty,road,diesel,*,0.2,L/km,t\n"
    "fuel_co2,road,diesel,*,2500,g/L,t\n"
    "wtw_ttw_ratio,road,diesel,*,1.2,ratio,t\n"
    "payload,road,diesel,*,20,t,t\n"
    "load_factor,road,diesel,*,1,share,t\n"
    "empty_share,road,diesel,*,0.2,share,t\n"
    "wtw,ferry,fuel_oil,*,100,g/tkm,t\n"
    "ttw,ferry,fuel_oil,*,80,g/tkm,t\n";
const char* kTraction =
    "country,link_id,electric_share,source\n"
    "AZ,,1,t\n"
    ",MIXED,0.5,t\n";

network::Network test_net() {
  network::Network net;
  for (auto [id, c] : {std::pair{"A", "AZ"}, {"B", "AZ"}, {"C", "AZ"}, {"D", "KZ"}, {"E", "AZ"}}) {
    network::Node n;
    n.id = id;
    n.country = c;
    net.nodes.push_back(n);
  }
  auto add = [&](const char* id, uint32_t a, uint32_t b, network::Mode m, double km) {
    network::Link l;
    l.id = id;
    l.from = network::NodeIdx(a);
    l.to = network::NodeIdx(b);
    l.mode = m;
    l.length_km = km;
    net.links.push_back(l);
  };
  add("ELEC", 0, 1, network::Mode::rail, 100);
  add("ROAD", 1, 2, network::Mode::road, 40);
  add("FERRY", 2, 3, network::Mode::ferry, 200);
  add("MIXED", 0, 4, network::Mode::rail, 60);
  net.reindex();
  return net;
}

TEST(Emissions, HandComputedRoute) {
  auto ef = EmissionFactors::parse(kFactors, "f.csv", kTraction, "t.csv");
  auto net = test_net();
  // Electric AZ: 30 Wh x 500 g/kWh / 1000 = 15 g/tkm WTW, 0 TTW -> 100 km: 1.5 kg/t.
  // Truck: e = 0.2/0.8 = 0.25; TTW = 2500 x (0.4 + 0.25 x 0.2) / (20 x 1) = 56.25 g/tkm,
  //   WTW = 67.5 -> 40 km: 2.7 / 2.25 kg/t.
  // Ferry: 200 km x 100 / 80 g -> 20 / 16 kg/t.
  // Mixed rail 50 %: WTW 0.5 x 15 + 0.5 x 25 = 20, TTW 0.5 x 0 + 0.5 x 20 = 10 -> 60 km:
  //   1.2 / 0.6 kg/t.
  double wtw = 0, ttw = 0;
  for (const char* id : {"ELEC", "ROAD", "FERRY", "MIXED"}) {
    auto e = ef.link(net, *net.find_link(id));
    wtw += e.wtw_kg_per_t;
    ttw += e.ttw_kg_per_t;
  }
  EXPECT_NEAR(wtw, 1.5 + 2.7 + 20 + 1.2, 1e-9);
  EXPECT_NEAR(ttw, 0 + 2.25 + 16 + 0.6, 1e-9);
  auto all = ef.links(net);
  ASSERT_EQ(all.size(), 4u);
  EXPECT_NEAR(all[1].wtw_kg_per_t, 2.7, 1e-9);
  EXPECT_DOUBLE_EQ(ef.electric_share(net, net.links[*net.find_link("ROAD")]), 0);
}

TEST(Emissions, ElectricRailWithoutGridIntensityIsAnError) {
  auto ef = EmissionFactors::parse(kFactors, "f.csv",
                                   "country,link_id,electric_share,source\nKZ,,1,t\n", "t.csv");
  network::Network net = test_net();
  net.links[network::LinkIdx(0)].from = network::NodeIdx(3);  // starts in KZ
  EXPECT_THROW(ef.link(net, network::LinkIdx(0)), Error);
}

TEST(Emissions, BundledFactorsGiveTheDocumentedIntensities) {
  auto ef = EmissionFactors::load(std::string(CORRIDOR_SOURCE_DIR) + "/data/caucasus/appraisal");
  // appraisal-facts §A.2 [calc]: 32.2 Wh x 518 g/kWh = 16.7 g/tkm before losses; / 0.92.
  EXPECT_NEAR(ef.electric_rail("AZ").wtw_g_tkm, 32.2 * 518.24 / 0.92 / 1000, 1e-9);
  EXPECT_NEAR(ef.electric_rail("GE").wtw_g_tkm, 32.2 * 168 / 0.92 / 1000, 1e-9);
  // Truck: e = 0.202 / 0.798; 2670 x (0.30 + e x 0.22) / (25 x 0.8) = 47.48 g/tkm TTW.
  EXPECT_NEAR(ef.truck().ttw_g_tkm, 47.4845, 1e-3);
  EXPECT_NEAR(ef.truck().wtw_g_tkm, 47.4845 * 1.22, 1e-3);
  EXPECT_NEAR(ef.diesel_rail().ttw_g_tkm, 25.5, 1e-12);
  EXPECT_NEAR(ef.ferry().wtw_g_tkm, 129.7, 1e-12);
  // Ordering a reviewer expects: electric rail < diesel rail < truck per tonne-km (WTW).
  EXPECT_LT(ef.electric_rail("AZ").wtw_g_tkm, ef.diesel_rail().wtw_g_tkm);
  EXPECT_LT(ef.diesel_rail().wtw_g_tkm, ef.truck().wtw_g_tkm);
}

TEST(Emissions, BadFileNamesLineAndColumn) {
  std::string bad = kFactors;
  bad += "payload,road,diesel,*,-3,t,t\n";  // line 16: out of range (and duplicate)
  try {
    EmissionFactors::parse(bad, "f.csv", kTraction, "t.csv");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::invalid_input);
    ASSERT_FALSE(e.details().empty());
    EXPECT_EQ(e.details()[0].where.file, "f.csv");
    EXPECT_EQ(e.details()[0].where.line, 16);
    EXPECT_GT(e.details()[0].where.column, 0);
  }
  try {
    EmissionFactors::parse(kFactors, "f.csv", "country,link_id,electric_share,source\nAZ,X,1,t\n",
                           "t.csv");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(e.full_text().find("t.csv:2:"), std::string::npos) << e.full_text();
  }
  std::string unknown = kFactors;
  unknown += "speed,rail,electric,*,3,x,t\n";
  EXPECT_THROW(EmissionFactors::parse(unknown, "f.csv", kTraction, "t.csv"), Error);
  std::string missing = "parameter,mode,traction,country,value,unit,source\n";
  EXPECT_THROW(EmissionFactors::parse(missing, "f.csv", kTraction, "t.csv"), Error);
}

}  // namespace
}  // namespace corridor::appraise
