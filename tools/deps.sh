#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Installs the Debian 12 packages Basalt's build and tests need; idempotent.
set -euo pipefail

PACKAGES=(
    qemu-system-x86 grub-pc-bin grub-efi-amd64-bin grub-common xorriso mtools
    ovmf bochs bochsbios vgabios bochs-term console-setup-linux
    python3 gcc clang clang-format make binutils git newlib-source xz-utils
)

die() {
    echo "deps: $*" >&2
    exit 1
}

# dpkg-query fails for unknown packages and reports "deinstall ..." for
# removed ones: only "install ok installed" counts as present.
find_missing() {
    missing=()
    local pkg status
    for pkg in "$@"; do
        status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
        if [ "$status" != "install ok installed" ]; then
            missing+=("$pkg")
        fi
    done
}

find_missing "${PACKAGES[@]}"

if [ ${#missing[@]} -eq 0 ]; then
    echo "deps: all present"
    exit 0
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 ||
        die "not root and sudo not found; install as root: ${missing[*]}"
    SUDO=(sudo)
fi

echo "deps: installing ${missing[*]}"
"${SUDO[@]}" apt-get update -qq >/dev/null ||
    die "apt-get update failed"
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
    die "apt-get install failed for: ${missing[*]}"
wanted=("${missing[@]}")
find_missing "${wanted[@]}"
[ ${#missing[@]} -eq 0 ] || die "still missing after install: ${missing[*]}"
echo "deps: installed ${#wanted[@]} package(s)"
