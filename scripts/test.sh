#!/usr/bin/env bash
# All tests: set up, build, then CTest runs the GoogleTest suites and the pytest end-to-end
# tests (labels: unit, e2e). Extra arguments go to ctest (for example -L unit).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh" --with-tests
exec ctest --test-dir "$root/build" --output-on-failure -j"$(nproc)" "$@"
