#!/bin/sh
# Download ppc64el (and arch:all) .debs with a private apt configuration, so
# the host's dpkg architecture list and apt state are never changed.
# The archive URI is the one scripts/powerio/apt-sources.sh derived from the
# host's own sources.
# Usage: guest-apt.sh APT_DIR OUT_DIR PACKAGE[/SUITE] ...
set -eu
aptdir=$(realpath -m "$1"); out=$(realpath -m "$2"); shift 2

uri=$(sed -n 's/^URIs:[[:space:]]*//p' /etc/apt/sources.list.d/powerio.sources | head -n 1)
[ -n "$uri" ] || { echo "guest-apt: run scripts/powerio/apt-sources.sh first" >&2; exit 1; }
. /etc/os-release
suite=$VERSION_CODENAME

mkdir -p "$aptdir/parts" "$aptdir/lists/partial" "$aptdir/cache/archives/partial" "$out"
touch "$aptdir/status"
cat >"$aptdir/parts/guest.sources.new" <<SRC
Types: deb
URIs: $uri
Suites: $suite $suite-updates $suite-backports
Components: main
Architectures: ppc64el
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
mv "$aptdir/parts/guest.sources.new" "$aptdir/parts/guest.sources"

APT_OPTS="-o APT::Architecture=ppc64el -o APT::Architectures::=ppc64el
 -o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts=$aptdir/parts
 -o Dir::Etc::Preferences=/dev/null -o Dir::Etc::PreferencesParts=/dev/null
 -o Dir::State=$aptdir -o Dir::State::Lists=$aptdir/lists
 -o Dir::State::status=$aptdir/status -o Dir::Cache=$aptdir/cache
 -o Debug::NoLocking=1 -o APT::Sandbox::User=root -q"

if [ ! -f "$aptdir/updated" ] || [ -n "$(find "$aptdir/updated" -mtime +1)" ]; then
    apt-get $APT_OPTS update >/dev/null
    touch "$aptdir/updated"
fi

for spec in "$@"; do
    pkg=${spec%%/*}
    rel=
    [ "$pkg" = "$spec" ] || rel=${spec#*/}
    if [ -n "$rel" ]; then
        ver=$(apt-cache $APT_OPTS policy "$pkg" | awk -v r="$rel" '
            NF == 2 && $2 ~ /^[0-9]+$/ { v = $1 }
            $1 == "***" { v = $2 }
            index($0, r "/main") && v != "" { print v; exit }')
    else
        ver=$(apt-cache $APT_OPTS policy "$pkg" | sed -n 's/^ *Candidate: //p')
    fi
    [ -n "$ver" ] && [ "$ver" != "(none)" ] || {
        echo "guest-apt: no version of $spec is served for ppc64el" >&2; exit 1; }
    (cd "$out" && apt-get $APT_OPTS download "$pkg=$ver" >/dev/null)
    echo "$pkg $ver"
done
