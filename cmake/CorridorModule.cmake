# corridor_module(NAME <name> DEPENDS <targets...> [PUBLIC_LIBS <libs...>])
# Creates the static library corridor_<name> (alias corridor::<name>) from
# src/corridor/<name>/*.cpp (recursively), and, when tests are enabled and
# tests/unit/<name>/ has sources, the test executable corridor_<name>_tests.
function(corridor_module)
  cmake_parse_arguments(M "" "NAME" "DEPENDS;PUBLIC_LIBS;TEST_LIBS" ${ARGN})
  file(GLOB_RECURSE srcs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  set(target corridor_${M_NAME})
  if(srcs)
    add_library(${target} STATIC ${srcs})
    target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(${target} PUBLIC ${M_DEPENDS} ${M_PUBLIC_LIBS})
  else()
    add_library(${target} INTERFACE)
    target_include_directories(${target} INTERFACE ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(${target} INTERFACE ${M_DEPENDS} ${M_PUBLIC_LIBS})
  endif()
  add_library(corridor::${M_NAME} ALIAS ${target})
  if(CORRIDOR_BUILD_TESTS)
    file(GLOB_RECURSE tsrcs CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/tests/unit/${M_NAME}/*.cpp)
    if(tsrcs)
      add_executable(${target}_tests ${tsrcs})
      target_link_libraries(${target}_tests PRIVATE ${target} corridor_test_support ${M_TEST_LIBS}
                            GTest::gtest GTest::gtest_main)
      target_compile_definitions(${target}_tests PRIVATE
        CORRIDOR_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
        CORRIDOR_SHARED_DATA="${PROJECT_SOURCE_DIR}/../shared/data")
      gtest_discover_tests(${target}_tests DISCOVERY_TIMEOUT 60
                           PROPERTIES ENVIRONMENT "CORRIDOR_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
    endif()
  endif()
endfunction()
