#!/usr/bin/env bash
# phase.sh -- run one phase of a make target and say how long it took.
#
# Usage: scripts/phase.sh NAME COMMAND [ARGS...]
# Prints "==> NAME" before and "<== NAME: 12.3 s (ok|FAILED rc=N)" after, and
# exits with COMMAND's status. If OE_PHASE_LOG names a file, the timing line
# is appended to it too (make test prints that file as its recap).
set -uo pipefail

name=$1
shift
echo "==> ${name}"
start=$(date +%s.%N)
"$@"
rc=$?
end=$(date +%s.%N)
secs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
if [ "$rc" -eq 0 ]; then
  line="<== ${name}: ${secs} s (ok)"
else
  line="<== ${name}: ${secs} s (FAILED rc=${rc})"
fi
echo "$line"
if [ -n "${OE_PHASE_LOG:-}" ]; then
  mkdir -p "$(dirname "$OE_PHASE_LOG")"
  echo "$line" >>"$OE_PHASE_LOG"
fi
exit "$rc"
