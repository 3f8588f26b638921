// Control: a target linking corridor::network reaches its public header.
#include "corridor/network/network.h"

int corridor_probe_ok() { return corridor::network::kNumModes; }
