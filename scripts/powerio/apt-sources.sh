#!/bin/sh
# Add the apt sources the fork needs, derived from the machine's own Debian
# sources (never a hard-coded mirror):
#   - deb + deb-src for <host suite>-backports (meson >= 1.5, qemu-system-data
#     10.0.x with skiboot/SLOF/VOF, linux-image-powerpc64le 6.12.x)
#   - deb-src for the suite that carries the pinned QEMU base (trixie)
# Idempotent: rewrites /etc/apt/sources.list.d/powerio.sources only if its
# content changes, and runs 'apt-get update' only then (or when the lists
# are missing).
set -eu

. "$(dirname "$0")/base.conf"

out=/etc/apt/sources.list.d/powerio.sources

# The first Debian archive URI (not -security) in the configured sources,
# deb822 or one-line format.
debian_uri() {
    {
        cat /etc/apt/sources.list.d/*.sources 2>/dev/null |
            sed -n 's/^URIs:[[:space:]]*//p' | tr ' ' '\n'
        cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
            sed -n 's/^deb\(-src\)\?[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\?\([^[:space:]]\+\).*/\3/p'
    } | grep -E '/debian/?$' | grep -v -- '-security' | head -n 1
}

security_uri() {
    {
        cat /etc/apt/sources.list.d/*.sources 2>/dev/null |
            sed -n 's/^URIs:[[:space:]]*//p' | tr ' ' '\n'
        cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
            sed -n 's/^deb\(-src\)\?[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\?\([^[:space:]]\+\).*/\3/p'
    } | grep -E -- '-security/?$' | head -n 1
}

uri=$(debian_uri)
if [ -z "$uri" ]; then
    echo "powerio: no Debian archive URI found in /etc/apt/sources.list{,.d}" >&2
    exit 1
fi
suri=$(security_uri)
. /etc/os-release
host_suite=${VERSION_CODENAME:?}
keyring=/usr/share/keyrings/debian-archive-keyring.gpg

tmp=$(mktemp)
{
    echo "# Written by scripts/powerio/apt-sources.sh (derived from the host's sources)"
    echo "Types: deb deb-src"
    echo "URIs: $uri"
    echo "Suites: $host_suite-backports"
    echo "Components: main"
    echo "Signed-By: $keyring"
    echo
    echo "Types: deb-src"
    echo "URIs: $uri"
    echo "Suites: $BASE_SUITE $BASE_SUITE-updates"
    echo "Components: main"
    echo "Signed-By: $keyring"
    if [ -n "$suri" ]; then
        echo
        echo "Types: deb-src"
        echo "URIs: $suri"
        echo "Suites: $BASE_SUITE-security"
        echo "Components: main"
        echo "Signed-By: $keyring"
    fi
} >"$tmp"

if ! cmp -s "$tmp" "$out" 2>/dev/null; then
    install -m 0644 "$tmp" "$out"
    need_update=1
fi
rm -f "$tmp"

if [ "${need_update:-0}" = 1 ] ||
   ! ls /var/lib/apt/lists/*"${host_suite}-backports"*Packages* >/dev/null 2>&1 ||
   ! ls /var/lib/apt/lists/*"${BASE_SUITE}"*Sources* >/dev/null 2>&1; then
    apt-get update -q
fi
