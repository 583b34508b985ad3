# CheckExports.cmake -- ctest script: libopenese.so exports only the Jet* API.
#
# Usage: cmake -DLIB=<libopenese.so> -DNM=<nm> -DREADELF=<readelf>
#              -DJEMALLOC_MODE=<embedded|shared|none> -P CheckExports.cmake
# Fails when
#   - a defined dynamic symbol does not start with "Jet" (besides the
#     linker's own _init/_fini/_edata/_end/__bss_start and friends);
#   - no Jet* symbol is exported at all (a visibility mistake in esent.h);
#   - jemalloc is embedded but the library still depends on libjemalloc.so,
#     or exports any allocator name (malloc, free, mallocx, ...).
foreach(v LIB NM READELF)
  if(NOT ${v})
    message(FATAL_ERROR "CheckExports: -D${v}= is required")
  endif()
endforeach()

execute_process(COMMAND ${NM} -D --defined-only --format=posix ${LIB}
  OUTPUT_VARIABLE out RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "nm failed on ${LIB}")
endif()
string(REPLACE "\n" ";" lines "${out}")

set(allowed _init _fini _edata _end __bss_start _DYNAMIC _GLOBAL_OFFSET_TABLE_
    __data_start data_start __dso_handle _IO_stdin_used)
set(bad "")
set(njet 0)
foreach(line IN LISTS lines)
  if(line STREQUAL "")
    continue()
  endif()
  string(REGEX REPLACE " .*" "" sym "${line}")
  string(REGEX REPLACE "@.*" "" sym "${sym}")     # symbol versions, if any
  if(sym MATCHES "^Jet")
    math(EXPR njet "${njet} + 1")
  elseif(NOT sym IN_LIST allowed)
    list(APPEND bad "${sym}")
  endif()
endforeach()

if(bad)
  list(JOIN bad "\n  " badtxt)
  message(FATAL_ERROR "libopenese.so exports non-Jet symbols:\n  ${badtxt}")
endif()
if(njet EQUAL 0)
  message(FATAL_ERROR "libopenese.so exports no Jet* symbol at all")
endif()

if(JEMALLOC_MODE STREQUAL "embedded" OR JEMALLOC_MODE STREQUAL "none")
  execute_process(COMMAND ${READELF} -d ${LIB} OUTPUT_VARIABLE dyn RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "readelf failed on ${LIB}")
  endif()
  if(dyn MATCHES "libjemalloc")
    message(FATAL_ERROR "libopenese.so (jemalloc ${JEMALLOC_MODE}) must not need libjemalloc.so:\n${dyn}")
  endif()
endif()
message(STATUS "libopenese.so: ${njet} Jet* symbols exported, nothing else")
