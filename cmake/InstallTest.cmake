# InstallTest.cmake -- ctest script: the installed package works for a consumer.
#
# Usage: cmake -DBUILD_DIR=<openese build> -DCONSUMER_DIR=<tests/install>
#              -DWORK_DIR=<scratch dir> -DGENERATOR=<cmake generator>
#              -DC_COMPILER=<cc> -DPKG_CONFIG=<pkg-config> -P InstallTest.cmake
# Steps (each must succeed):
#   1. cmake --install BUILD_DIR into the fresh prefix WORK_DIR/prefix;
#   2. configure + build tests/install with find_package(openese), run its
#      two programs (openese::openese and openese::openese_static);
#   3. compile consumer.c with `pkg-config --cflags --libs openese`
#      (PKG_CONFIG_PATH = the prefix only), run it with LD_LIBRARY_PATH;
#   4. the installed tree holds esent.h, libopenese.so, libopenese.a,
#      openese.pc and openeseConfig.cmake.
foreach(v BUILD_DIR CONSUMER_DIR WORK_DIR C_COMPILER PKG_CONFIG)
  if(NOT ${v})
    message(FATAL_ERROR "InstallTest: -D${v}= is required")
  endif()
endforeach()

# run -- execute a command, echo it, fail the test with its output on error.
function(run)
  cmake_parse_arguments(R "" "WORKING_DIRECTORY;OUTPUT" "COMMAND" ${ARGN})
  string(REPLACE ";" " " shown "${R_COMMAND}")
  message(STATUS "+ ${shown}")
  if(NOT R_WORKING_DIRECTORY)
    set(R_WORKING_DIRECTORY "${WORK_DIR}")
  endif()
  execute_process(COMMAND ${R_COMMAND} WORKING_DIRECTORY "${R_WORKING_DIRECTORY}"
    OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${shown}\n${out}\n${err}")
  endif()
  if(R_OUTPUT)
    string(STRIP "${out}" out)
    set(${R_OUTPUT} "${out}" PARENT_SCOPE)
  endif()
endfunction()

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
set(prefix "${WORK_DIR}/prefix")

# 1. install
run(COMMAND ${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${prefix}")
file(GLOB_RECURSE installed RELATIVE "${prefix}" "${prefix}/*")
foreach(want "include/esent.h" "/libopenese\\.so$" "/libopenese\\.a$"
        "/pkgconfig/openese\\.pc$" "/cmake/openese/openeseConfig\\.cmake$")
  set(hit ${installed})
  list(FILTER hit INCLUDE REGEX "${want}")
  if(NOT hit)
    message(FATAL_ERROR "install tree lacks ${want}; it has:\n${installed}")
  endif()
endforeach()
file(GLOB_RECURSE pcfile "${prefix}/*/openese.pc")
get_filename_component(pcdir "${pcfile}" DIRECTORY)
get_filename_component(libdir "${pcdir}" DIRECTORY)

# 2. CMake consumer
set(gen_args)
if(GENERATOR)
  set(gen_args -G "${GENERATOR}")
endif()
run(COMMAND ${CMAKE_COMMAND} ${gen_args} -S "${CONSUMER_DIR}" -B "${WORK_DIR}/cmake-build"
    -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_C_COMPILER=${C_COMPILER} -DCMAKE_BUILD_TYPE=Release)
run(COMMAND ${CMAKE_COMMAND} --build "${WORK_DIR}/cmake-build")
run(COMMAND "${WORK_DIR}/cmake-build/openese_consumer" OUTPUT said)
message(STATUS "cmake consumer (openese::openese): ${said}")
run(COMMAND "${WORK_DIR}/cmake-build/openese_consumer_static" OUTPUT said)
message(STATUS "cmake consumer (openese::openese_static): ${said}")

# 3. pkg-config consumer (the fresh prefix first on the search path)
set(ENV{PKG_CONFIG_PATH} "${pcdir}")
run(COMMAND ${PKG_CONFIG} --cflags --libs openese OUTPUT flags)
separate_arguments(flags UNIX_COMMAND "${flags}")
run(COMMAND ${C_COMPILER} -std=c11 -Wall -Werror "${CONSUMER_DIR}/consumer.c" ${flags}
    -o "${WORK_DIR}/pc_consumer")
set(ENV{LD_LIBRARY_PATH} "${libdir}")
run(COMMAND "${WORK_DIR}/pc_consumer" OUTPUT said)
message(STATUS "pkg-config consumer: ${said}")
