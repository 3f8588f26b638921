#pragma once
#include "corridor/low/low.h"  // a declared dependency: allowed
