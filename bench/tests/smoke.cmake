# smoke.cmake -- run openese-bench briefly over every workload and engine
# (the defaults select all) and check exit status 0 and a CSV with a median
# for every row. --records 500 keeps the data rows' pre-loads tiny (and
# makes scans of 100 rows wrap around the end of the index now and then,
# the zipfian mixed rows conflict often at 2 threads, and a temp-sort
# operation a 500-record sort).
# Usage: cmake -DBENCH=<openese-bench> -DCSV=<file> -P smoke.cmake
file(REMOVE ${CSV})
execute_process(
  COMMAND ${BENCH} --seconds 0.1 --runs 1 --threads 1,2 --records 500 --csv ${CSV}
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
# Every workload of the table must have produced rows (a row silently
# dropped from the table would otherwise pass).
foreach(wl session txn-rollback txn-commit context insert insert-batch100 point-read scan cursor
           lifecycle update-heavy read-mostly temp-sort)
  set(found FALSE)
  foreach(line IN LISTS lines)
    if(line MATCHES "^${wl},")
      set(found TRUE)
    endif()
  endforeach()
  if(NOT found)
    message(FATAL_ERROR "CSV ${CSV} has no row of workload ${wl}")
  endif()
endforeach()
foreach(line IN LISTS lines)
  if(NOT line MATCHES "^workload," AND NOT line MATCHES "^[a-z0-9-]+,[a-z]+,[a-z0-9-]*,[12],[0-9]")
    message(FATAL_ERROR "CSV row without a median: ${line}")
  endif()
endforeach()
message(STATUS "openese-bench smoke: ${n} CSV lines")
