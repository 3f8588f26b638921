# A drawn module graph high -> mid -> low, whose sources break it four ways (see
# tests/layering/expect_violations.cmake).
set(CORRIDOR_LAYER_MODULES low mid high)
set(CORRIDOR_LAYER_low_DIR "${CMAKE_CURRENT_LIST_DIR}/src/corridor/low")
set(CORRIDOR_LAYER_low_DEPS "")
set(CORRIDOR_LAYER_mid_DIR "${CMAKE_CURRENT_LIST_DIR}/src/corridor/mid")
set(CORRIDOR_LAYER_mid_DEPS "low")
set(CORRIDOR_LAYER_high_DIR "${CMAKE_CURRENT_LIST_DIR}/src/corridor/high")
set(CORRIDOR_LAYER_high_DEPS "mid")
