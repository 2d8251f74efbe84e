#!/bin/sh
# Fetch the pinned QEMU base (Debian's qemu source package) with apt,
# verify the orig tarball's sha256 and unpack it into BUILD/base/.
# Usage: fetch-base.sh BUILD_DIR
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/base.conf"
build=$1
dl=$build/dl
dest=$build/base/qemu-$BASE_UPSTREAM

if [ -f "$dest/.powerio-verified" ]; then
    exit 0
fi

mkdir -p "$dl"
if [ ! -f "$dl/$BASE_ORIG" ]; then
    echo "fetch-base: downloading $BASE_PACKAGE=$BASE_VERSION source with apt"
    if ! (cd "$dl" && apt-get source --download-only -q \
            "$BASE_PACKAGE=$BASE_VERSION" >apt-source.log 2>&1); then
        cat "$dl/apt-source.log" >&2
        cat >&2 <<MSG

fetch-base: Debian's mirror no longer serves $BASE_PACKAGE $BASE_VERSION
(suite $BASE_SUITE, deb-src written by scripts/powerio/apt-sources.sh).
To move the pin to a version that is served:
  apt-cache showsrc $BASE_PACKAGE | grep ^Version    # pick a 10.0.x version
then update scripts/powerio/base.conf (BASE_VERSION, BASE_UPSTREAM,
BASE_ORIG, BASE_ORIG_SHA256, BASE_SUITE), refresh patches/ and rebuild;
see docs/devel/powerio-workflow.rst, "Moving the base pin".
MSG
        exit 1
    fi
fi

echo "$BASE_ORIG_SHA256  $dl/$BASE_ORIG" | sha256sum -c --quiet - || {
    echo "fetch-base: $BASE_ORIG does not match the pinned sha256;" \
         "refusing to use it (delete $dl/$BASE_ORIG to download again)" >&2
    exit 1
}

rm -rf "$dest" "$dest.tmp"
mkdir -p "$dest.tmp"
tar -xf "$dl/$BASE_ORIG" -C "$dest.tmp" --strip-components=1
touch "$dest.tmp/.powerio-verified"
mv "$dest.tmp" "$dest"
echo "fetch-base: base unpacked in $dest"
