#!/usr/bin/env bash
# test-summary.sh -- print the totals of every suite `make test` ran.
#
# Usage: scripts/test-summary.sh SUMMARY_FILE [EXPECTED_SUITES...]
# SUMMARY_FILE has one "NAME PASSED FAILED TOTAL" line per suite (written by
# ctest-suite.sh). Prints one line per suite, then the closing line
# "total: P passed, F failed". Exits non-zero when anything failed, or when
# an expected suite never reported (its build failed before ctest ran).
set -uo pipefail

summary=$1
shift
passed=0
failed=0
status=0
echo "---- test totals ----"
for suite in "$@"; do
  if ! grep -q "^${suite} " "$summary" 2>/dev/null; then
    echo "${suite}: did not run (build or configure failed)"
    failed=$((failed + 1))
    status=1
  fi
done
if [ -f "$summary" ]; then
  while read -r name p f t; do
    echo "${name}: ${p} passed, ${f} failed (of ${t})"
    passed=$((passed + p))
    failed=$((failed + f))
    [ "$f" -eq 0 ] || status=1
  done <"$summary"
fi
echo "total: ${passed} passed, ${failed} failed"
exit "$status"
