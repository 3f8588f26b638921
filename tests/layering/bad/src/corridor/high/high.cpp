#include "corridor/high/high.h"
#include "corridor/low/low.h"  // reachable through mid, not declared: violation
#include <corridor/nosuch/x.h>  // no such module: violation
