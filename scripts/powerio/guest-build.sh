#!/bin/sh
# Build the guest side: Debian's ppc64el kernel, busybox-static, the
# firmware (skiboot, SLOF, VOF from Debian's qemu-system-data) and an
# initramfs holding busybox, the kernel modules the tests need, our init,
# powerpc-utils' errinjct and Linux's EEH selftest.
#
# Usage: guest-build.sh BUILD_DIR REPO_DIR
# Environment:
#   KERNEL=/path/to/vmlinux   use this kernel instead of Debian's
#   MODULES=/path/lib/modules/VERSION   modules for KERNEL (optional; if not
#                             given, the kernel must have what the tests need
#                             built in, which the guest init reports)
#   GUEST_PROGS=dir           extra static ppc64le programs to put in /tests
#   POWERIO_PROGS="f ..."     the project's test programs (set by the Makefile)
#   POWERIO_SELFTEST_PROGS="f ..."  the harness self-test's stand-ins, in an
#                             initramfs of their own (initramfs-selftest)
set -eu
build=$(realpath -m "$1"); repo=$(realpath "$2")
here=$repo/scripts/powerio
g=$build/guest
. /etc/os-release

mkdir -p "$g/debs" "$build/firmware"

# --- packages ---------------------------------------------------------------
kmeta=linux-image-powerpc64le/$VERSION_CODENAME-backports
fwpkg=qemu-system-data/$VERSION_CODENAME-backports
stamp=$g/debs/.fetched
if [ ! -f "$stamp" ]; then
    sh "$here/guest-apt.sh" "$g/apt" "$g/debs" "$kmeta" busybox-static "$fwpkg" \
        seabios ipxe-qemu \
        >"$g/debs/versions"
    meta=$(ls "$g"/debs/linux-image-powerpc64le_*.deb)
    # The metapackage depends on the versioned kernel image package.
    kpkg=$(dpkg-deb -f "$meta" Depends | tr ',' '\n' |
           sed -n 's/^ *\(linux-image-[0-9][^ ]*\).*/\1/p' | head -n 1)
    [ -n "$kpkg" ] || { echo "guest-build: cannot find the kernel package" >&2; exit 1; }
    sh "$here/guest-apt.sh" "$g/apt" "$g/debs" "$kpkg" >>"$g/debs/versions"
    touch "$stamp"
fi

# --- firmware, where the built binary finds it without -L -------------------
# skiboot, SLOF and VOF from qemu-system-data; the VGA BIOS (pseries' default
# VGA) from seabios and the NIC option ROMs from ipxe-qemu, which base qtests
# (boot-serial-test, rtas-test) need.
fw=$build/firmware
if [ ! -f "$fw/.extracted" ]; then
    rm -rf "$fw"
    mkdir -p "$fw/root"
    for p in qemu-system-data seabios ipxe-qemu; do
        dpkg-deb -x "$(ls "$g"/debs/${p}_*.deb)" "$fw/root"
    done
    for f in skiboot.lid slof.bin vof.bin; do
        cp "$fw/root/usr/share/qemu/$f" "$fw/$f"
    done
    cp "$fw"/root/usr/share/seabios/vgabios-stdvga.bin "$fw"/
    cp -L "$fw"/root/usr/lib/ipxe/qemu/efi-*.rom "$fw"/
    rm -rf "$fw/root"
    touch "$fw/.extracted"
fi

# --- Debian's kernel ---------------------------------------------------------
kroot=$g/kernel
if [ ! -f "$kroot/.extracted" ]; then
    rm -rf "$kroot"
    kdeb=$(ls "$g"/debs/linux-image-[0-9]*.deb)
    dpkg-deb -x "$kdeb" "$kroot"
    touch "$kroot/.extracted"
fi
kver=$(ls "$kroot/lib/modules" | head -n 1)
ln -sfn "$kroot/boot/vmlinux-$kver" "$g/vmlinux"
ln -sfn "$kroot/lib/modules/$kver" "$g/modules"

# --- busybox -----------------------------------------------------------------
if [ ! -f "$g/busybox/.extracted" ]; then
    rm -rf "$g/busybox"
    dpkg-deb -x "$(ls "$g"/debs/busybox-static_*.deb)" "$g/busybox"
    touch "$g/busybox/.extracted"
fi

# --- powerpc-utils' errinjct: a real client of ibm,errinjct --------------------
# Debian's powerpc-ibm-utils, dynamic: with its librtas and glibc (the
# only libraries it needs: readelf NEEDED), in the guest's /usr/sbin.
ei=$g/errinjct
if [ ! -f "$ei/.extracted" ]; then
    rm -rf "$ei"
    mkdir -p "$ei/debs"
    sh "$here/guest-apt.sh" "$g/apt" "$ei/debs" powerpc-ibm-utils librtas2 \
        libc6 >"$ei/versions"
    for p in powerpc-ibm-utils librtas2 libc6; do
        dpkg-deb -x "$(ls "$ei"/debs/${p}_*.deb)" "$ei/root"
    done
    rm -rf "$ei/debs"
    touch "$ei/.extracted"
fi
tri=powerpc64le-linux-gnu
for f in usr/sbin/errinjct usr/lib/$tri/librtas.so.2 lib/$tri/libc.so.6 \
         lib/$tri/ld64.so.2; do
    [ -e "$ei/root/$f" ] || { echo "guest-build: $f not in the packages" >&2; exit 1; }
done
eif="--file $ei/root/usr/sbin/errinjct=usr/sbin/errinjct
 --file $ei/root/usr/lib/$tri/librtas.so.2=usr/lib/$tri/librtas.so.2
 --file $ei/root/lib/$tri/libc.so.6=lib/$tri/libc.so.6
 --file $ei/root/lib/$tri/ld64.so.2=lib/$tri/ld64.so.2
 --symlink lib64/ld64.so.2=/lib/$tri/ld64.so.2"

# --- Linux's EEH selftest, from the kernel's source package -----------------------
sh "$here/kselftest-fetch.sh" "$g/debs" "$g/kselftest"
kst="--kselftest $g/kselftest --kselftest-run $repo/tests/guest/kselftest-run"

# --- initramfs(es) -------------------------------------------------------------
# One for Debian's kernel; one per user kernel (keyed by its modules dir).
progs=
for p in ${POWERIO_PROGS:-}; do
    progs="$progs --prog $p"
done
python3 "$here/mkinitramfs.py" --busybox "$g/busybox/bin/busybox" \
    --init "$repo/tests/guest/init" --modules "$g/modules" \
    $progs ${GUEST_PROGS:+--progs "$GUEST_PROGS"} $kst $eif \
    --out "$g/initramfs.cpio.gz"
# The harness self-test's: only the stand-in programs (check.py)
if [ -n "${POWERIO_SELFTEST_PROGS:-}" ]; then
    sprogs=
    for p in $POWERIO_SELFTEST_PROGS; do
        sprogs="$sprogs --prog $p"
    done
    python3 "$here/mkinitramfs.py" --busybox "$g/busybox/bin/busybox" \
        --init "$repo/tests/guest/init" --modules "$g/modules" \
        $sprogs --out "$g/initramfs-selftest.cpio.gz"
fi
if [ -n "${KERNEL:-}" ]; then
    [ -f "$KERNEL" ] || { echo "guest-build: KERNEL=$KERNEL does not exist" >&2; exit 1; }
    python3 "$here/mkinitramfs.py" --busybox "$g/busybox/bin/busybox" \
        --init "$repo/tests/guest/init" ${MODULES:+--modules "$MODULES"} \
        $progs ${GUEST_PROGS:+--progs "$GUEST_PROGS"} $kst $eif \
        --out "$g/initramfs-user.cpio.gz"
fi
