# SPDX-License-Identifier: BSD-2-Clause
# make bench, the toolstack part: boot the default image under QEMU
# -icount (TSC = guest instructions), type xl commands at dom0's prompt
# under the shell's `time`, and read back cycles per operation.
import os
import re
import select
import subprocess
import time

PROMPT = re.compile(rb"^basalt# ", re.M)
STEPS = [  # (command, what its `time` line measures; None: not timed)
    ("time xl create /etc/xl/ticker.cfg", "xl create (ticker, 16 MiB)"),
    ("time xl destroy ticker", "xl destroy (ticker)"),
    ("time xl create -c /etc/xl/hello.cfg",
     "xl create -c hello, to its exit"),
    ("xl create /etc/xl/pong.cfg", None),
    ("xl create -c /etc/xl/ping.cfg", None),
]


def _type_steps(proc, deadline):
    out, pos, steps = b"", 0, list(STEPS) + [("echo BENCH-END", None)]
    fd = proc.stdout.fileno()
    while time.monotonic() < deadline and b"BENCH-END\r\n" not in out \
            and b"BENCH-END\n" not in out:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            out += chunk
        m = PROMPT.search(out, pos)
        if m and steps:
            pos = m.end()
            proc.stdin.write((steps.pop(0)[0] + "\n").encode())
            proc.stdin.flush()
    return out.decode("utf-8", "replace").replace("\r", "")


def bench_dom0(qemu_base, iso):
    """Rows (name, cycles) for the toolstack, or [] if the image is
    missing."""
    if not os.path.exists(iso):
        return []
    proc = subprocess.Popen(qemu_base + ["-cdrom", iso],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL)
    try:
        log = _type_steps(proc, time.monotonic() + 300)
    finally:
        proc.kill()
        proc.wait()
    found = re.findall(r"^time: .* (\d+) cycles, from tsc (\d+)$", log, re.M)
    times = [int(c) for c, _ in found]
    names = [what for _, what in STEPS if what]
    rows = list(zip(names, times))
    if len(times) >= 2:
        rows.append(("xl create + destroy cycle", times[0] + times[1]))
    greet = re.search(r"hello: greeting at tsc (\d+)", log)
    if greet and len(found) >= 3:
        rows.append(("xl create to the guest's first console byte",
                     int(greet.group(1)) - int(found[2][1])))
    m = re.search(r"^ping: 1000 round trips, median (\d+) cycles", log, re.M)
    if m:
        rows.append(("interdomain event ping-pong round trip",
                     int(m.group(1))))
    if len(rows) < len(names) + 3:
        raise SystemExit("bench: the dom0 run gave no results:\n" + log[-2000:])
    return [(n, str(c)) for n, c in rows]
