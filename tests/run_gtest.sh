#!/usr/bin/env bash
# Runs one GoogleTest executable as one CTest test. A run that passes but skipped a case exits 77, which CTest
# reports as skipped (SKIP_RETURN_CODE), so that a skip is never counted as a pass; the log names the skipped cases.
set -u
log=$(mktemp)
trap 'rm -f "$log"' EXIT
"$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
if [[ $status -eq 0 ]] && grep -q '^\[  SKIPPED \]' "$log"; then
  exit 77
fi
exit "$status"
