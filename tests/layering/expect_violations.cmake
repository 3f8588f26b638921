# ctest: the layering check must fail on tests/layering/bad and report exactly its four
# violations, each with file:line (and nothing for the includes the graph allows).
set(here ${CMAKE_CURRENT_LIST_DIR})
execute_process(
  COMMAND ${CMAKE_COMMAND} -DMANIFEST=${here}/bad/manifest.cmake -P ${CHECK}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(rc EQUAL 0)
  message(FATAL_ERROR "the layering check accepted a tree with violations:\n${out}")
endif()
set(src ${here}/bad/src/corridor)
foreach(expected
    "${src}/high/high.cpp:2: layering violation: module 'high' includes corridor/low/low.h, but 'low' is not in its DEPENDS (mid)"
    "${src}/high/high.cpp:3: layering violation: includes corridor/nosuch/x.h, but there is no module 'nosuch'"
    "${src}/mid/mid.cpp:3: layering violation: module 'mid' includes corridor/high/high.h, but 'high' is not in its DEPENDS (low)"
    "${src}/mid/mid.cpp:4: layering violation: module 'mid' includes corridor/low/detail/impl.h: detail/ headers are private to 'low'"
    "4 layering violation(s) of the module graph")
  string(FIND "${out}" "${expected}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "missing from the layering report: ${expected}\nreport:\n${out}")
  endif()
endforeach()
message(STATUS "the layering check reported exactly the four violations")
