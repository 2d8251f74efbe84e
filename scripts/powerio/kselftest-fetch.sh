#!/bin/sh
# Fetch Linux's own EEH selftest (tools/testing/selftests/powerpc/eeh/)
# from the Debian source package of the guest kernel, so that the guest
# runs the test of the kernel it boots (with a user's KERNEL=, Debian's
# kernel's selftest all the same).  apt checks the files against the
# signed Sources index; nothing of it is committed.  Only the selftest's
# directory is unpacked, into OUT/powerpc/eeh/.
#
# Usage: kselftest-fetch.sh DEBS_DIR OUT_DIR
#   DEBS_DIR  build/guest/debs, holding the kernel image .deb (its Source
#             and Version name the source package)
set -eu
debs=$(realpath "$1"); out=$(realpath -m "$2")
sel=tools/testing/selftests/powerpc/eeh

kdeb=$(ls "$debs"/linux-image-[0-9]*.deb | head -n 1)
src=$(dpkg-deb -f "$kdeb" Source | sed 's/ .*//')
ver=$(dpkg-deb -f "$kdeb" Version)
# "Source: linux (X)" names a source version other than the binary's
sver=$(dpkg-deb -f "$kdeb" Source | sed -n 's/.*(\(.*\)).*/\1/p')
[ -n "$src" ] || src=linux
[ -n "$sver" ] || sver=$ver

stamp=$out/.fetched-$src-$sver
[ -f "$stamp" ] && exit 0

dl=$out/dl
mkdir -p "$dl"
if ! ls "$dl"/${src}_*.orig.tar.* >/dev/null 2>&1; then
    echo "kselftest-fetch: downloading the $src $sver source with apt"
    if ! (cd "$dl" && apt-get source --download-only -q "$src=$sver" \
            >apt-source.log 2>&1); then
        cat "$dl/apt-source.log" >&2
        echo "kselftest-fetch: Debian's mirror does not serve $src $sver" \
             "as source (deb-src of scripts/powerio/apt-sources.sh)" >&2
        exit 1
    fi
fi
orig=$(ls "$dl"/${src}_*.orig.tar.* | head -n 1)

rm -rf "$out/powerpc" "$out/tmp"
mkdir -p "$out/tmp"
tar -xf "$orig" -C "$out/tmp" --wildcards "*/$sel/*"
mkdir -p "$out/powerpc"
mv "$out"/tmp/*/$sel "$out/powerpc/eeh"
rm -rf "$out/tmp"
# The Debian patches of this version, checked: none touches the selftest
if tar -xOf "$(ls "$dl"/${src}_*.debian.tar.* | head -n 1)" \
        --wildcards 'debian/patches/*' 2>/dev/null | grep -q "$sel/"; then
    echo "kselftest-fetch: a Debian patch changes $sel; apply it here" >&2
    exit 1
fi
# the orig tarball is 150 MB; the selftest is all we keep
rm -f "$dl"/*.orig.tar.*
touch "$stamp"
echo "kselftest-fetch: $sel of $src $sver in $out/powerpc/eeh"
