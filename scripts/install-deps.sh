#!/usr/bin/env bash
# install-deps.sh -- install the Debian 12 packages openese needs, and only
# those that are missing.
#
# Each package is checked with `dpkg -s`; when all are installed this does
# nothing and takes a fraction of a second. Otherwise it runs apt-get update
# once and installs the missing ones without recommends or prompts (works as
# root with no TTY, e.g. in CI). Run as root, or have sudo available.
#
# Packages: the toolchain (gcc, g++, make, cmake, pkg-config, binutils for
# nm/readelf/objcopy), the engine's libraries (liburcu-dev, libjemalloc-dev),
# the test framework (libcriterion-dev), the benchmark's peers and plotting
# (libwiredtiger-dev, liblmdb-dev, gnuplot-nox).
#
# --fuzz adds what `make fuzz` needs (clang and its libFuzzer/sanitizer
# runtimes, libclang-rt-14-dev); `make test` never asks for them.
set -euo pipefail

packages=(
  cmake pkg-config gcc g++ make binutils
  liburcu-dev libjemalloc-dev libcriterion-dev
  libwiredtiger-dev liblmdb-dev gnuplot-nox
)
for arg in "$@"; do
  case "$arg" in
    --fuzz) packages+=(clang libclang-rt-14-dev) ;;
    *) echo "install-deps: unknown option $arg (known: --fuzz)" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  # dpkg -s exits 0 for any known package, so look at its Status line too.
  if ! dpkg -s "$p" 2>/dev/null | grep -q '^Status: install ok installed'; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
  else
    echo "install-deps: not root and no sudo; install as root: ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -q --no-install-recommends "${missing[@]}"
