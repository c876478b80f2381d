#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Build newlib (libc.a, libm.a, headers) for dom0 from Debian's
# newlib-source, with the host gcc. Usage: build.sh OUTDIR
# Result: OUTDIR/x86_64-elf/{include,lib}; skipped when already built.
set -euo pipefail

out=$(realpath -m "${1:?usage: build.sh OUTDIR}")
tarball=${NEWLIB_TARBALL:-$(ls /usr/src/newlib/newlib-*.tar.* 2>/dev/null | head -1)}
stamp=$out/.built

[ -f "$stamp" ] && exit 0
[ -n "$tarball" ] && [ -f "$tarball" ] || {
    echo "newlib: no source tarball in /usr/src/newlib;" \
        "install the newlib-source package (make deps)" >&2
    exit 1
}

# dom0 is a PV kernel: no red zone (event upcalls land on the current
# stack), absolute addressing in the low 2 GiB (-mcmodel=small, no PIC),
# no stack protector or unwind tables (nothing provides them).
cflags="-O2 -g -mno-red-zone -fno-pic -fno-pie -ffreestanding \
-fno-stack-protector -fno-asynchronous-unwind-tables -fno-omit-frame-pointer"

work=$out.work
rm -rf "$work" "$out"
mkdir -p "$work/src" "$work/obj"
start=$(date +%s)
# libgloss is not needed: dom0-tools/os/ supplies the system calls.
tar -xf "$tarball" -C "$work/src" --strip-components=1 \
    --exclude='*/libgloss'

cd "$work/obj"
"$work/src/configure" --target=x86_64-elf --prefix="$out" \
    --disable-multilib --disable-nls \
    --disable-newlib-supplied-syscalls --enable-newlib-io-long-long \
    --enable-newlib-io-c99-formats --disable-newlib-multithread \
    --disable-newlib-fvwrite-in-streamio --enable-newlib-global-atexit \
    CC_FOR_TARGET=gcc AR_FOR_TARGET=ar AS_FOR_TARGET=as LD_FOR_TARGET=ld \
    NM_FOR_TARGET=nm RANLIB_FOR_TARGET=ranlib \
    CFLAGS_FOR_TARGET="$cflags" >config.out 2>&1 || {
    tail -30 config.out >&2
    exit 1
}
# Quiet on success; the last lines of the log on failure.
make -j"$(nproc)" all-target-newlib >make.out 2>&1 || {
    tail -40 make.out >&2
    exit 1
}
make install-target-newlib >install.out 2>&1 || {
    tail -20 install.out >&2
    exit 1
}
cd /
rm -rf "$work"
touch "$stamp"
echo "newlib: built in $(($(date +%s) - start)) s into $out"
