#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine is missing, then configures and builds tlsconform
# into build/. Called by scripts/run.sh and (with --with-tests) scripts/test.sh; safe to run
# again.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Build tools, the TLS libraries under test and the libraries the code uses.
packages=(
  build-essential cmake pkg-config
  libssl-dev openssl android-libboringssl-dev libmbedtls-dev libwolfssl-dev libgnutls28-dev
  nlohmann-json3-dev libtomlplusplus-dev libcli11-dev libfmt-dev libpugixml-dev
  libgtest-dev libbenchmark-dev
)
# The test tools: Debian's pytest, the outside peers (openssl, gnutls-bin, curl), and a
# headless browser for the HTML report.
if [ "${1:-}" = "--with-tests" ]; then
  packages+=(
    python3 python3-pytest python3-pytest-xdist python3-jsonschema gnutls-bin curl
    chromium chromium-driver python3-selenium python3-pil
  )
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "tlsconform: installing ${missing[*]}" >&2
  sudo_cmd=()
  if [ "$(id -u)" -ne 0 ]; then
    sudo_cmd=(sudo)
  fi
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

cmake -S "$root" -B "$root/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$root/build" -j"$(nproc)"
