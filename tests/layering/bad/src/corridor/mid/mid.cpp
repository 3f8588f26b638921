#include "corridor/mid/mid.h"

#include "corridor/high/high.h"  // upward: violation
#include "corridor/low/detail/impl.h"  // another module's detail/: violation
