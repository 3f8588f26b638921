#pragma once
#include "corridor/low/detail/impl.h"  // its own detail: allowed
