#pragma once
#include "corridor/mid/mid.h"  // a declared dependency: allowed
