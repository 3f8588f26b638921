// Writers for assignment results. Every file goes through files::write_atomic ("-" = stdout).
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "corridor/assign/assign.h"

namespace corridor::assign {

// Text renderers (also used by the writers below).
// Tidy CSV, units in the column names (TNTP conventions: demand and capacity per hour, link
// times in minutes): link,init_node,term_node,flow_veh_per_h,cost_min (generalized cost: time plus
// toll and distance factors, in minutes),vc_ratio — node ids as given (node_base added, 1 for
// TNTP).
std::string link_csv(const AssignProblem& problem, const AssignResult& result,
                     uint32_t node_base = 1);
// RFC 7946 FeatureCollection of the links as straight LineStrings between their nodes, with
// flow, cost and voc. x/y are longitude/latitude per node (index = problem node id); throws
// Error(invalid_input) if a used node has no coordinates or they are not WGS84 degrees.
std::string link_geojson(const AssignProblem& problem, const AssignResult& result,
                         const std::vector<double>& x, const std::vector<double>& y,
                         uint32_t node_base = 1);
// True if every node that links use has finite coordinates within longitude/latitude ranges.
bool coordinates_are_lonlat(const AssignProblem& problem, const std::vector<double>& x,
                            const std::vector<double>& y);
// iteration,elapsed_s,relative_gap,aec_min (average excess cost),beckmann_veh_min_per_h,
// tstt_veh_min_per_h (total system travel time)
std::string convergence_csv(const std::vector<LogRow>& log);
// Relative gap (log scale) against seconds.
std::string gap_svg(const std::vector<LogRow>& log, const std::string& title);
// {"iterations","relative_gap","beckmann","tstt","seconds","algorithm", ...}
nlohmann::ordered_json summary_object(const AssignSummary& summary);
std::string summary_json(const AssignSummary& summary);  // summary_object, dumped

void write_link_csv(const std::string& path, const AssignProblem& problem,
                    const AssignResult& result, uint32_t node_base = 1);
void write_link_geojson(const std::string& path, const AssignProblem& problem,
                        const AssignResult& result, const std::vector<double>& x,
                        const std::vector<double>& y, uint32_t node_base = 1);
void write_convergence_csv(const std::string& path, const std::vector<LogRow>& log);
void write_gap_svg(const std::string& path, const std::vector<LogRow>& log,
                   const std::string& title);
void write_summary_json(const std::string& path, const AssignSummary& summary);

}  // namespace corridor::assign
