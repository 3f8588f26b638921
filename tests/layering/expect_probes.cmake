# ctest: include paths follow the module graph. Builds three probe objects in BUILD_DIR:
#   corridor_probe_ok      links network, includes corridor/network/network.h -> compiles
#   corridor_probe_upward  links network, includes corridor/route/graph.h     -> not found
#   corridor_probe_detail  links assign, includes corridor/assign/detail/...  -> not found
function(build target out_rc out_text)
  execute_process(COMMAND ${CMAKE_COMMAND} --build ${BUILD_DIR} --target ${target}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE text ERROR_VARIABLE text)
  set(${out_rc} ${rc} PARENT_SCOPE)
  set(${out_text} "${text}" PARENT_SCOPE)
endfunction()
build(corridor_probe_ok rc text)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the control probe does not compile, so the others prove nothing:\n${text}")
endif()
foreach(pair "corridor_probe_upward|corridor/route/graph.h"
             "corridor_probe_detail|corridor/assign/detail/network.h")
  string(REPLACE "|" ";" pair "${pair}")
  list(GET pair 0 target)
  list(GET pair 1 header)
  build(${target} rc text)
  if(rc EQUAL 0)
    message(FATAL_ERROR "${target} compiled: ${header} is reachable where the graph forbids it")
  endif()
  string(FIND "${text}" "${header}: No such file" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "${target} failed, but not because ${header} was unreachable:\n${text}")
  endif()
endforeach()
message(STATUS "include paths: only declared dependencies' public headers are reachable")
