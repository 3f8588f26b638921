// params.csv: value_of_time may be split into cited components (vot_inventory, vot_equipment);
// the stated total must then equal their sum.
#include <gtest/gtest.h>

#include "corridor/core/error.h"
#include "corridor/io/dataset.h"

using namespace corridor;

namespace {

io::DatasetText world(const std::string& teu_vot, const std::string& inventory,
                      const std::string& equipment) {
  io::DatasetText t;
  t.nodes =
      "node_id,name,x_coord,y_coord,country,node_type,source\n"
      "A,Alpha,49.8,40.4,AZ,city,test\n"
      "B,Beta,44.8,41.7,GE,city,test\n";
  t.links =
      "link_id,from_node_id,to_node_id,directed,mode,link_type,length,free_speed,gauge_mm,status,"
      "source\n"
      "AB,A,B,0,road,border,10,50,,operating,test\n";
  t.params =
      "profile,parameter,mode,country,value,source\n"
      "teu,value_of_time,,," +
      teu_vot +
      ",s\n"
      "teu,vot_inventory,,," +
      inventory +
      ",s\n"
      "teu,vot_equipment,,," +
      equipment +
      ",s\n"
      "teu,money_per_teu,,,1,s\n"
      "teu,tonnes_per_unit,,,14,s\n"
      "teu,tariff_km,road,*,1.4,s\n"
      "tonne,value_of_time,,,0.1,s\n"
      "tonne,money_per_teu,,,0.0714286,s\n"
      "tonne,tonnes_per_unit,,,1,s\n"
      "tonne,tariff_km,road,*,0.1,s\n";
  return t;
}

}  // namespace

TEST(ParamsVot, ComponentsThatAddUpLoad) {
  auto net = io::load_dataset_text(world("1.0", "0.571", "0.429"));
  EXPECT_DOUBLE_EQ(net.profiles.at("teu").value_of_time, 1.0);
}

TEST(ParamsVot, ComponentsThatDoNotAddUpAreReportedAtTheTotal) {
  try {
    io::load_dataset_text(world("2.0", "0.571", "0.429"));
    FAIL() << "2.0 != 0.571 + 0.429";
  } catch (const Error& e) {
    ASSERT_EQ(e.details().size(), 1u);
    EXPECT_EQ(e.details()[0].to_string(),
              "params.csv:2:21: column 'value': expected value_of_time = vot_inventory + "
              "vot_equipment = 1 for profile 'teu', found 2");
  }
}
