#!/bin/sh
# Install everything the fork needs on the host from Debian's packages.
# Run as root (or with sudo available). Idempotent: apt-get skips what is
# already installed, and nothing is installed when all packages are present.
set -eu
here=$(dirname "$0")

SUDO=
if [ "$(id -u)" != 0 ]; then
    SUDO=sudo
fi

$SUDO sh "$here/apt-sources.sh"

. /etc/os-release
bpo=${VERSION_CODENAME}-backports

# Host build of QEMU (ppc64-softmmu, minimal features).
pkgs="build-essential ninja-build pkg-config ccache flex bison git
      python3 python3-venv libglib2.0-dev libfdt-dev libslirp-dev
      libpixman-1-dev zlib1g-dev
      xz-utils cpio patch dpkg-dev ca-certificates"
# check parses our reStructuredText docs
pkgs="$pkgs python3-docutils"
# Cross compiler for in-guest test programs (linked static).
pkgs="$pkgs gcc-powerpc64le-linux-gnu libc6-dev-ppc64el-cross"
# From backports: QEMU 10.0 needs meson >= 1.5; pycotap for the TAP harness.
bpo_pkgs="meson python3-pycotap"

missing=
for p in $pkgs; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' ||
        missing="$missing $p"
done
meson_ok=0
if command -v meson >/dev/null 2>&1 &&
   dpkg --compare-versions "$(meson --version)" ge 1.5; then
    meson_ok=1
fi
pycotap_ok=0
/usr/bin/python3 -c 'import pycotap' 2>/dev/null && pycotap_ok=1

if [ -n "$missing" ]; then
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
fi
if [ $meson_ok = 0 ] || [ $pycotap_ok = 0 ]; then
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends -t "$bpo" $bpo_pkgs
fi
