#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Boot a PV test kernel as the initial domain of real Xen 4.17 under QEMU TCG
# and judge it: the oracle for Basalt's PV ABI.
#
# usage: tests/guests/xen-oracle.sh [-v] GUEST.elf [TIMEOUT_SECONDS]
#   -v  print Xen's whole log, not only the guest's lines
# ORACLE_INITRD=FILE in the environment gives dom0 that initrd module.
# Exit 0 when the guest printed "guest: exit 0" and no check failed, 1 when
# it failed or never finished, 2 when Xen could not be fetched or started.
# Debian's xen-hypervisor-4.17-amd64 is downloaded once into
# build/xen-oracle/ (apt-get download, dpkg -x) and reused afterwards.
set -u

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CACHE=${XEN_ORACLE_DIR:-$ROOT/build/xen-oracle}
PKG="xen-hypervisor-4.17-amd64"
XEN_ARGS="console=com1 loglvl=all guest_loglvl=all noreboot"

verbose=0
if [ "${1:-}" = "-v" ]; then
    verbose=1
    shift
fi
guest=${1:?usage: xen-oracle.sh [-v] GUEST.elf [TIMEOUT_SECONDS]}
limit=${2:-60}
[ -f "$guest" ] || { echo "xen-oracle: no such guest: $guest" >&2; exit 2; }

# First existing file matching the glob(s), or nothing.
first() {
    local f
    for f in "$@"; do
        [ -f "$f" ] && { echo "$f"; return 0; }
    done
    return 1
}

# Fetch and unpack Xen once; print the path of the uncompressed image.
xen_image() {
    local img deb
    if img=$(first "$CACHE"/xen-4.17*-amd64); then
        echo "$img"
        return 0
    fi
    mkdir -p "$CACHE/pkg" || return 1
    if ! deb=$(first "$CACHE/${PKG}"_*.deb); then
        (cd "$CACHE" && apt-get download "$PKG" >&2) || return 1
        deb=$(first "$CACHE/${PKG}"_*.deb) || return 1
    fi
    dpkg -x "$deb" "$CACHE/pkg" || return 1
    img=$(first "$CACHE"/pkg/boot/xen-4.17*-amd64.gz \
        "$CACHE"/pkg/boot/xen-4.17*-amd64) || return 1
    case $img in
    *.gz) gunzip -c "$img" > "$CACHE/$(basename "${img%.gz}")" ;;
    *) cp "$img" "$CACHE/" ;;
    esac || return 1
    echo "$CACHE/$(basename "${img%.gz}")"
}

xen=$(xen_image) || { echo "xen-oracle: cannot get $PKG" >&2; exit 2; }
name=$(basename "$guest" .elf)
log=$CACHE/$name.log
: > "$log"

# Xen halts (it does not power off) after dom0 shuts down with noreboot,
# so QEMU never exits by itself: watch the log and stop QEMU ourselves.
qemu-system-x86_64 -accel tcg -cpu max -m 512 -display none -monitor none \
    -serial "file:$log" -no-reboot -kernel "$xen" -initrd "$guest${ORACLE_INITRD:+,$ORACLE_INITRD}" \
    -append "$XEN_ARGS" </dev/null >/dev/null 2>"$log.qemu" &
qpid=$!
end=$((SECONDS + limit))
done_re='Hardware Dom0 (halted|crashed|shutdown)|Panic on CPU|Domain 0 crashed'
while kill -0 "$qpid" 2>/dev/null && [ $SECONDS -lt $end ]; do
    if grep -aqE "$done_re" "$log"; then
        sleep 0.5 # let the last lines drain
        break
    fi
    sleep 0.2
done
timed_out=0
[ $SECONDS -ge $end ] && timed_out=1
kill "$qpid" 2>/dev/null
wait "$qpid" 2>/dev/null

# Dom0's console_io output is written raw; a domU's would carry "(dN) ".
clean=$(tr -d '\r\000' < "$log" | sed -E 's/\x1b\[[0-9;]*[A-Za-z]//g')
guest_lines=$(printf '%s\n' "$clean" | sed -E 's/^\(d[0-9]+\) //' |
    grep -aE '^(PASS |FAIL |guest: |info: |Hello|hypercall_basic: |console_io: )')
if [ $verbose = 1 ]; then
    printf '%s\n' "$clean"
else
    printf '%s\n' "$guest_lines"
    printf '%s\n' "$clean" | grep -aE '^\(XEN\) .*(Hardware Dom0|Panic|crash|Domain 0)' || true
fi

status=$(printf '%s\n' "$guest_lines" | sed -nE 's/^guest: exit (-?[0-9]+)$/\1/p' | tail -1)
failed=$(printf '%s\n' "$guest_lines" | sed -nE 's/^guest: [0-9]+ passed, ([0-9]+) failed$/\1/p' | tail -1)
nfail=$(printf '%s\n' "$guest_lines" | grep -c '^FAIL ')
if [ "$status" = 0 ] && [ "${failed:-0}" = 0 ] && [ "$nfail" = 0 ]; then
    echo "xen-oracle: $name PASS"
    exit 0
fi
why="exit ${status:-none}, ${failed:+$failed failed}${failed:-no summary}"
[ $timed_out = 1 ] && why="$why, timed out after ${limit}s"
echo "xen-oracle: $name FAIL ($why; log $log)"
exit 1
