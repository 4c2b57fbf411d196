#!/usr/bin/env bash
# The main job: set up, build, generate the fixtures and run the default suite against
# every built backend, writing report.json, junit.xml and summary.md into out/.
# Extra arguments go to `tlsconform run` (for example --backend openssl --filter 'server/*').
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
exec "$root/build/bin/tlsconform" run --out "$root/out" "$@"
