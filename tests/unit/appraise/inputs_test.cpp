// The bundled capex and carbon-price files load; bad rows name file:line:column.
#include "corridor/appraise/inputs.h"

#include <gtest/gtest.h>

#include "corridor/appraise/montecarlo.h"
#include "corridor/core/error.h"

namespace corridor::appraise {
namespace {

const std::string kDir = std::string(CORRIDOR_SOURCE_DIR) + "/data/caucasus/appraisal";

TEST(Inputs, BundledFilesLoad) {
  auto capex = load_capex(kDir + "/capex.csv");
  ASSERT_EQ(capex.size(), 3u);
  EXPECT_EQ(capex[0].id, "meghri");
  EXPECT_DOUBLE_EQ(capex[0].usd, 221e6);
  EXPECT_FALSE(capex[0].estimate);
  EXPECT_TRUE(capex[1].estimate);
  // The two estimates split US$1.2 bn - 221 m by length (110.4 and 188 km), 30 % of H–A left.
  EXPECT_NEAR(capex[1].usd / 0.3 + capex[2].usd, 979e6, 1e5);
  auto c = load_carbon_price(kDir + "/carbon-price.csv");
  EXPECT_DOUBLE_EQ(c.at(2030), 75);
  EXPECT_DOUBLE_EQ(load_carbon_price(kDir + "/carbon-price.csv", "low").at(2050), 78);
  EXPECT_DOUBLE_EQ(c.at(2040), 96);
  auto u = Uncertainty::load(kDir + "/uncertainty.toml");
  EXPECT_EQ(u.names.size(), 6u);
  ASSERT_TRUE(u.find("capex"));
  EXPECT_NEAR(u.find("capex")->quantile(0.5), 1.403, 1e-3);
  EXPECT_NEAR(u.find("demand")->mean(), 1 / 2.06, 1e-3);
  EXPECT_NEAR(u.find("demand")->quantile(0.9), 1.0, 1e-3);
}

TEST(Inputs, BadRowsNameTheCell) {
  const std::string head =
      "item,name,usd,price_year,start_year,end_year,life_years,maintenance_share,estimate,source\n";
  try {
    parse_capex(head + "a,A,100,2021,2028,2026,50,0.01,0,s\n", "c.csv");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(e.full_text().find("c.csv:2:"), std::string::npos) << e.full_text();
  }
  EXPECT_THROW(parse_capex(head + "a,A,-5,2021,2026,2028,50,0.01,0,s\n", "c.csv"), Error);
  EXPECT_THROW(parse_capex(head, "c.csv"), Error);
  try {
    parse_carbon_price("year,low,central,high,source\n2030,1,2,3,s\n2020,1,2,3,s\n", "p.csv");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(e.full_text().find("p.csv:3:"), std::string::npos) << e.full_text();
  }
}

TEST(Inputs, OperatingCosts) {
  auto oc = load_operating_costs(kDir + "/operating-costs.csv");
  ASSERT_TRUE(oc.by_mode[0] && oc.by_mode[1] && oc.by_mode[2]);
  // Rail: US$28.65 per train-km of 1,000 net t; road: US$2.742 per truck-km of 28 t.
  EXPECT_NEAR(oc.usd_per_tkm(0), 0.02865, 1e-12);
  EXPECT_NEAR(oc.usd_per_tkm(1), 2.742 / 28, 1e-12);
  EXPECT_NEAR(oc.usd_per_tkm(2), 0.0426, 1e-12);
  EXPECT_EQ(oc.by_mode[1]->basis, "truck-km");
  const std::string head = "mode,basis,usd,net_tonnes,estimate,source\n";
  try {
    parse_operating_costs(head + "rail,train-km,10,1000,1,s\nboat,tonne-km,1,1,1,s\n", "o.csv");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(e.full_text().find("o.csv:3:"), std::string::npos) << e.full_text();
    EXPECT_NE(e.full_text().find("boat"), std::string::npos) << e.full_text();
  }
  EXPECT_THROW(parse_operating_costs(head + "rail,train-km,10,0,1,s\n", "o.csv"), Error);
  EXPECT_THROW(parse_operating_costs(head + "rail,tonne-km,10,5,1,s\n", "o.csv"), Error);
  EXPECT_THROW(parse_operating_costs(head + "rail,furlong,10,5,1,s\n", "o.csv"), Error);
  EXPECT_THROW(
      parse_operating_costs(head + "rail,train-km,1,1000,1,s\nrail,train-km,2,1000,1,s\n", "o"),
      Error);
}

}  // namespace
}  // namespace corridor::appraise
