#!/usr/bin/env bash
# ctest-suite.sh -- run one ctest suite of `make test` and record its totals.
#
# Usage: scripts/ctest-suite.sh NAME BUILD_DIR SUMMARY_FILE [CTEST_ARGS...]
# Runs ctest in BUILD_DIR (output also saved as BUILD_DIR/ctest-NAME.log),
# (--timeout 120 is the default for tests that set no TIMEOUT of their own),
# then appends "NAME PASSED FAILED TOTAL" to SUMMARY_FILE, parsed from
# ctest's closing line "N% tests passed, F tests failed out of T". A suite
# that selects no test is an error (--no-tests=error), and so is a ctest run
# that ends without that line. Exits with ctest's status.
set -uo pipefail

name=$1
dir=$2
summary=$3
shift 3

log="${dir}/ctest-${name}.log"
ctest --test-dir "$dir" --output-on-failure --no-tests=error --timeout 120 "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}

line=$(grep -E 'tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -n 1 || true)
if [ -n "$line" ]; then
  failed=$(sed -E 's/.*passed, ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$line")
  total=$(sed -E 's/.*passed, ([0-9]+) tests? failed out of ([0-9]+).*/\2/' <<<"$line")
  echo "${name} $((total - failed)) ${failed} ${total}" >>"$summary"
else
  echo "${name} 0 1 1" >>"$summary"      # ran nothing or crashed: count as a failure
  [ "$rc" -ne 0 ] || rc=1
fi
exit "$rc"
