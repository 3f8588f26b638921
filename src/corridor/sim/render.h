// Renderers of a SimResult: plain text, JSON and a self-contained HTML report with SVG charts
// (no external resources). They only read the result; the model never formats anything.
#pragma once
#include <string>

#include "corridor/sim/result.h"

namespace corridor::sim {

std::string render_text(const SimResult& r);
std::string render_json(const SimResult& r);
std::string render_html(const SimResult& r);

}  // namespace corridor::sim
