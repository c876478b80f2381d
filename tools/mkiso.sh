#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Build a hybrid BIOS+UEFI GRUB ISO that boots the hypervisor with
# multiboot2. Usage: mkiso.sh OUT.iso basalt.elf "CMDLINE" [module...]
set -euo pipefail
out=$1 elf=$2 cmdline=$3
shift 3
dir=$(mktemp -d "${out%.iso}.XXXXXX.d")
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/boot/grub"
cp "$elf" "$dir/boot/basalt.elf"
{
    echo 'insmod all_video'
    echo 'set timeout=0'
    echo 'set default=0'
    echo 'serial --unit=0 --speed=115200'
    echo 'terminal_input serial console'
    echo 'terminal_output serial console'
    echo 'menuentry "Basalt" {'
    echo "    multiboot2 /boot/basalt.elf $cmdline"
    for m in "$@"; do
        cp "$m" "$dir/boot/"
        echo "    module2 /boot/$(basename "$m") $(basename "$m")"
    done
    # After multiboot2, which resets gfxpayload from the image's framebuffer
    # tag: BIOS machines keep VGA text mode, UEFI ones get the framebuffer.
    echo '    if [ "$grub_platform" = "pc" ]; then set gfxpayload=text; fi'
    echo '    boot'
    echo '}'
} > "$dir/boot/grub/grub.cfg"
grub-mkrescue -o "$out" "$dir" >/dev/null 2>"$dir.log" || {
    cat "$dir.log" >&2
    rm -f "$dir.log"
    exit 1
}
rm -f "$dir.log"
