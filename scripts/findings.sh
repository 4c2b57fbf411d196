#!/usr/bin/env bash
# Regenerates reports/FINDINGS.md, the published comparison of the libraries: sets up and
# builds (scripts/setup.sh), runs the full default suite against every built backend into
# out/findings/, then writes the comparison from that run's report.json. Arguments go to
# `tlsconform run` (a run of part of the suite makes a comparison of that part only).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
status=0
"$root/build/bin/tlsconform" run --quiet --out "$root/out/findings" "$@" || status=$?
# A run with deviations (exit 1) still describes the libraries; a broken one does not.
if [ "$status" -ne 0 ] && [ "$status" -ne 1 ]; then
  exit "$status"
fi
"$root/build/bin/tlsconform" findings "$root/out/findings/report.json" \
  --output "$root/reports/FINDINGS.md"
echo "wrote $root/reports/FINDINGS.md"
