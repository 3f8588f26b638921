// Writers for assignment results. Every file goes through files::write_atomic ("-" = stdout).
#pragma once
#include <string>
#include <vector>

#include "corridor/assign/assign.h"

namespace corridor::assign {

// Text renderers (also used by the writers below).
// link,init_node,term_node,flow,cost,voc — node ids as given (node_base added, 1 for TNTP).
std::string link_csv(const AssignProblem& problem, const AssignResult& result,
                     uint32_t node_base = 1);
// iteration,seconds,relative_gap,aec,beckmann,tstt
std::string convergence_csv(const std::vector<LogRow>& log);
// Relative gap (log scale) against seconds.
std::string gap_svg(const std::vector<LogRow>& log, const std::string& title);
// {"iterations","relative_gap","beckmann","tstt","seconds","algorithm", ...}
std::string summary_json(const AssignSummary& summary);

void write_link_csv(const std::string& path, const AssignProblem& problem,
                    const AssignResult& result, uint32_t node_base = 1);
void write_convergence_csv(const std::string& path, const std::vector<LogRow>& log);
void write_gap_svg(const std::string& path, const std::vector<LogRow>& log,
                   const std::string& title);
void write_summary_json(const std::string& path, const AssignSummary& summary);

}  // namespace corridor::assign
