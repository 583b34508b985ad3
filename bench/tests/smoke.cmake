# smoke.cmake -- run openese-bench briefly over every workload and engine
# (the defaults select all) and check exit status 0 and a CSV with rows.
# Usage: cmake -DBENCH=<openese-bench> -DCSV=<file> -P smoke.cmake
file(REMOVE ${CSV})
execute_process(
  COMMAND ${BENCH} --seconds 0.1 --runs 1 --threads 1,2 --csv ${CSV}
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "openese-bench exited with '${rc}'")
endif()
if(NOT EXISTS ${CSV})
  message(FATAL_ERROR "openese-bench wrote no CSV file ${CSV}")
endif()
file(STRINGS ${CSV} lines)
list(LENGTH lines n)
if(n LESS 2)
  message(FATAL_ERROR "CSV ${CSV} has no data rows")
endif()
foreach(line IN LISTS lines)
  if(NOT line MATCHES "^workload," AND NOT line MATCHES "^[a-z-]+,[a-z]+,[a-z-]*,[12],[0-9]")
    message(FATAL_ERROR "CSV row without a median: ${line}")
  endif()
endforeach()
message(STATUS "openese-bench smoke: ${n} CSV lines")
