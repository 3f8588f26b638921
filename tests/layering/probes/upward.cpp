// Must not compile: route/ is above network/, so linking network does not expose it.
#include "corridor/route/graph.h"
