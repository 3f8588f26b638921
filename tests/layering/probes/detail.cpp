// Must not compile: assign/detail/ is private to assign, even for targets that link it.
#include "corridor/assign/detail/network.h"
