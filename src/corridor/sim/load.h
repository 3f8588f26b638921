// Reads a simulation TOML file (format: docs/simulation.md). Every problem is reported with
// file:line:column, what was expected and what was found; all problems of a file at once.
#pragma once
#include <functional>
#include <string>

#include "corridor/sim/model.h"

namespace corridor::sim {

// Throws corridor::Error(invalid_input) listing every problem, or io_error if unreadable.
Model load_model(const std::string& path);
Model load_model_text(const std::string& toml_text, const std::string& file);

// Checks the dataset ids named by the elements: `node_exists` / `link_exists` answer whether an
// id is in the dataset. Throws corridor::Error(invalid_input) with the file positions.
void check_dataset_ids(const Model& m, const std::function<bool(const std::string&)>& node_exists,
                       const std::function<bool(const std::string&)>& link_exists);

}  // namespace corridor::sim
