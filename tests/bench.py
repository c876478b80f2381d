#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
# make bench: boot the hypervisor under QEMU with -icount shift=0,sleep=off
# (the TSC counts guest instructions, so every run gives the same numbers)
# and print its micro-benchmark table: cycles per operation.
import os
import re
import glob
import subprocess
import sys

from bench_dom0 import bench_dom0

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, os.environ.get("BASALT_BUILD", "build"))
ELF = os.path.join(BUILD, "basalt.elf")
PV_BENCHES = sorted(glob.glob(os.path.join(BUILD, "guests", "bench_*.elf")))
QEMU = ["qemu-system-x86_64", "-machine", "q35", "-accel", "tcg",
        "-icount", "shift=0,sleep=off", "-cpu", "max", "-smp", "2",
        "-m", "512M", "-display", "none", "-monitor", "none",
        "-serial", "stdio", "-no-reboot",
        "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
        "-kernel", ELF]
CMDLINE = "console=com1 bench selftest"
# bench_pv also switches between two vCPUs of dom0 pinned to CPU 0 (0, 2).
EXTRA_CMDLINE = {"bench_pv.elf": " dom0_max_vcpus=3 dom0_vcpus_pin"}


def run(extra, cmdline=CMDLINE):
    try:
        out = subprocess.run(QEMU + ["-append", cmdline] + extra,
                             capture_output=True, timeout=300).stdout
    except subprocess.TimeoutExpired:
        sys.exit("bench: QEMU did not finish within 300 s")
    return out.decode("utf-8", "replace").replace("\r", "")


def main():
    if not os.path.exists(ELF) or not PV_BENCHES:
        sys.exit("bench: %s or the bench_* kernels are missing; run make"
                 % ELF)
    log = run([])
    # Each PV benchmark kernel runs as dom0 (multiboot1 module via -initrd).
    for kernel in PV_BENCHES:
        pv = run(["-initrd", kernel], CMDLINE +
                 EXTRA_CMDLINE.get(os.path.basename(kernel), ""))
        if "guest: exit 0" not in pv:
            sys.stderr.write(pv[-2000:])
            sys.exit("bench: %s failed" % os.path.basename(kernel))
        log += "\n" + "\n".join(line for line in pv.splitlines()
                                if line.startswith("bench: ") and
                                "(basalt)" not in line)
    rows = re.findall(r"^(?:\(basalt\) )?bench: (.+?)\s+(\d+) cycles$", log,
                      re.M)
    if not rows or "bench: done" not in log:
        sys.stderr.write(log[-2000:])
        sys.exit("bench: no results in the log")
    print("Basalt micro-benchmarks (QEMU -icount shift=0, median of 1000)")
    for name, cycles in rows:
        print("  %-45s %8s cycles" % (name, cycles))
    # The toolstack, from dom0's shell on the default image (one run each).
    dom0 = bench_dom0(QEMU[:QEMU.index("-kernel")] + ["-m", "1G"],
                      os.path.join(BUILD, "basalt-dom0.iso"))
    if dom0:
        print("Toolstack (QEMU -icount shift=0, one run)")
    for name, cycles in dom0:
        print("  %-45s %8s cycles" % (name, cycles))


if __name__ == "__main__":
    main()
