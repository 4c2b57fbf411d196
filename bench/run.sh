#!/usr/bin/env bash
# The harness benchmark: for every pair of built backends, interop cases per second through
# the runner and the shims, on RSA-2048 and P-256 fixtures under TLS 1.2 and 1.3, beside each
# backend's floor (the same handshake by its own code in one process). Prints a Markdown table
# with the ratio harness/floor per case (the target is 1.5 or less) and leaves the raw
# Google Benchmark JSON in build/bench/. Run scripts/setup.sh first.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="$root/build/bin"
out="$root/build/bench"
mkdir -p "$out"
fixtures="$(mktemp -d)"
trap 'rm -rf "$fixtures"' EXIT

"$bin/tlsconform" fixtures --out "$fixtures/set" >/dev/null
backends="$("$bin/tlsconform" backends | awk '$2 != "not" {print $1}' | paste -sd, -)"
export TLSCONFORM_BENCH_FIXTURES="$fixtures/set" TLSCONFORM_BENCH_BACKENDS="$backends"

for backend in ${backends//,/ }; do
  "$bin/tlsconform_bench_floor_$backend" --benchmark_format=json \
    --benchmark_out="$out/floor-$backend.json" >/dev/null
done
"$bin/tlsconform_bench_harness" --benchmark_format=json --benchmark_out="$out/harness.json" \
  >/dev/null

/usr/bin/python3 - "$out" <<'PY'
import json, pathlib, sys
out = pathlib.Path(sys.argv[1])
def per_case_ms(path):
    rows = {}
    for bench in json.loads(path.read_text())["benchmarks"]:
        bench["name"] = bench["name"].split("/min_time:")[0].split("/real_time")[0]
        if "error_occurred" in bench and bench["error_occurred"]:
            rows[bench["name"]] = None
        else:
            rows[bench["name"]] = 1000.0 / bench["items_per_second"]
    return rows
floor = {}
for path in sorted(out.glob("floor-*.json")):
    for name, ms in per_case_ms(path).items():
        _, backend, version, fixture = name.split("/", 3)
        floor[(backend, version, fixture)] = ms
print("| client | server | TLS | fixture | harness ms/case | cases/s | floor ms/case | harness/floor |")
print("|---|---|---|---|---:|---:|---:|---:|")
for name, ms in per_case_ms(out / "harness.json").items():
    _, client, server, version, fixture = name.split("/", 4)
    if ms is None:
        print(f"| {client} | {server} | {version} | {fixture} | error | | | |")
        continue
    base = floor.get((client, version, fixture)) if client == server else None
    ratio = f"{ms / base:.2f}" if base else "—"
    base_text = f"{base:.2f}" if base else "—"
    print(f"| {client} | {server} | {version} | {fixture} | {ms:.2f} | {1000 / ms:.0f} | {base_text} | {ratio} |")
PY
