#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
# Test runner: host unit binaries, QEMU boot scenarios and the Bochs VT-x run.
"""Run Basalt's tests and print one line per test, then "N passed, M failed".

usage: python3 tests/run.py [--only SUBSTR] [--list] [--jobs N]

The boot scenarios and their checks are listed in tests/scenarios.py.

Unit binaries (build/unit/test_*) run first, then at most --jobs emulators at
once (each emulator wants a whole core).  Every emulator's serial log, with
ANSI escapes and CRs removed, is saved as build/test-logs/<name>.log.

Bochs recipe (checked on Debian 12, Bochs 2.7): Debian's build has no "nogui"
and its default display is RFB, which waits for a VNC client and never boots,
so bochsrc must say "display_library: term".  The term display wants a tty,
hence the run under `script` with TERM=xterm and stdin from /dev/null; the
debugger is compiled in, so "-rc dbg.rc" holding "c" and "quit" starts the
simulation.  Bochs exits with status 1 however it ends (a write of "Shutdown"
to port 0x8900, ACPI power-off, or a fatal panic), so only the serial file is
judged.  GRUB 2.06 gives a multiboot2 kernel with a framebuffer tag a
1024x768x32 VBE mode even with gfxpayload=text, and the term display then
panics ("32 bpp graphics mode not supported"): "term=report" makes only that
module's panics non-fatal (the alternative, "vga: extension=none", would hide
VBE from GRUB).  A triple fault stays fatal: with reset_on_triple_fault=0
Bochs panics "Entering to shutdown state" and exits at once.  `script` puts
Bochs in a session of its own and Bochs ignores SIGTERM: on timeout the runner
SIGKILLs the recorded descendants by pid, then the process group.
"""
import argparse
import concurrent.futures
import os
import pty
import re
import select
import shutil
import signal
import subprocess
import sys
import threading
import time

# Keep tests/ free of __pycache__ (not ignored by git).
sys.dont_write_bytecode = True
from scenarios import BUILD, ELF, ROOT, SCENARIOS  # noqa: E402

LOGS = os.path.join(BUILD, "test-logs")

QEMU = ["qemu-system-x86_64", "-machine", "q35", "-accel", "tcg",
        "-cpu", "max", "-display", "none", "-monitor", "none", "-no-reboot",
        "-serial", "stdio",
        "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]

BOCHSRC = """megs: 512
romimage: file=/usr/share/bochs/BIOS-bochs-latest
vgaromimage: file=/usr/share/vgabios/vgabios.bin
display_library: term
cpu: model=corei7_haswell_4770, count={cpus}, ips=10000000, reset_on_triple_fault=0
ata0: enabled=1, ioaddr1=0x1f0, ioaddr2=0x3f0, irq=14
ata0-master: type=cdrom, path={iso}, status=inserted
boot: cdrom
com1: enabled=1, mode=file, dev=serial.txt
log: bochs.log
panic: action=fatal, term=report
clock: sync=none, time0=946684800
"""

# isa-debug-exit turns a write of v to port 0xf4 into exit status (v<<1)|1.
EXIT_MEANING = {33: "selftest passed", 35: "selftest failed", 37: "panic",
                0: "QEMU shut down: triple fault or power-off"}

UNIT_TIMEOUT = 60  # seconds per unit binary
IDLE_GRACE = 1.0  # seconds an idling scenario must stay up after its lines

ANSI = re.compile(rb"\x1b(\[[0-9;?]*[ -/]*[@-~]|[()][0-9A-Za-z]|[=>78cDEHM])")


def clean(raw):
    """Serial bytes to text: GRUB and OVMF sprinkle escapes and CRs."""
    return ANSI.sub(b"", raw).replace(b"\r", b"").decode("utf-8", "replace")


RUNNING, RUNNING_LOCK, STOPPING = set(), threading.Lock(), []


def spawn(cmd, **kw):
    """Start cmd in a session of its own (so a timeout can kill all of it)
    and remember it, so an interrupted runner leaves no emulator behind."""
    with RUNNING_LOCK:
        if STOPPING:
            raise RuntimeError("runner is stopping")
        kw.setdefault("stdin", subprocess.DEVNULL)
        proc = subprocess.Popen(cmd, start_new_session=True, **kw)
        RUNNING.add(proc)
    return proc


def stop_all():
    with RUNNING_LOCK:
        STOPPING.append(True)
        procs = [p for p in RUNNING if p.poll() is None]
    for proc in procs:
        kill_tree(proc)


def descendants(pid):
    """Pids below pid, read from /proc (script(1) moves Bochs to its own
    session, out of reach of killpg)."""
    children = {}
    for entry in os.listdir("/proc"):
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry))
        except (ValueError, OSError, IndexError):
            continue
    out, todo = [], [pid]
    while todo:
        kids = children.get(todo.pop(), [])
        out += kids
        todo += kids
    return out


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def kill_tree(proc):
    """Kill the emulators below the leader first (Bochs ignores SIGTERM), so
    the leader (script) reaps them; then TERM, then KILL, the leader's group."""
    pids = descendants(proc.pid)
    for pid in reversed(pids):
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    end = time.monotonic() + 2.0
    while time.monotonic() < end and any(alive(p) for p in pids):
        time.sleep(0.05)
    for sig in (None, signal.SIGTERM, signal.SIGKILL):
        try:
            if sig:
                os.killpg(proc.pid, sig)
            proc.wait(timeout=1.0 if pids or sig else 0.01)
            return
        except (OSError, subprocess.TimeoutExpired):
            pass


def first_failure(checks, log):
    for c in checks:
        why = c.fail(log)
        if why:
            return why
    return None


def run_qemu(sc):
    """Returns (serial text, exit status or None, timed out, extra text)."""
    cmd = QEMU + sc.args + (["-cdrom", sc.iso] if sc.iso else [])
    proc = spawn(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                 stdin=subprocess.PIPE if sc.send else subprocess.DEVNULL)
    steps, pos = list(sc.send), 0
    raw, deadline, timed_out, fd = b"", time.monotonic() + sc.timeout, False, \
        proc.stdout.fileno()
    eof, seen_at = False, None
    while not eof:
        left = deadline - time.monotonic()
        if left <= 0:
            timed_out = True
            break
        ready, _, _ = select.select([fd], [], [], min(left, 0.5))
        if not ready:
            continue
        chunk = os.read(fd, 65536)
        eof = not chunk
        raw += chunk
        while steps:  # each step waits for its text after the last one
            m = steps[0][0].search(clean(raw), pos)
            if not m:
                break
            pos = m.end()
            proc.stdin.write(steps.pop(0)[1])
            proc.stdin.flush()
        if sc.stop_when_seen and seen_at is None and b"\n" in chunk and \
                first_failure(sc.checks, clean(raw)) is None:
            # Keep watching briefly: the system must stay up, not exit.
            seen_at = time.monotonic()
            deadline = min(deadline, seen_at + IDLE_GRACE)
    if seen_at is not None and not eof:
        timed_out = False
    stopped = True
    if eof:  # stdout closes a moment before the process can be reaped
        try:
            proc.wait(timeout=max(1.0, deadline - time.monotonic()))
            stopped = False
        except subprocess.TimeoutExpired:
            timed_out = True
    if stopped:
        kill_tree(proc)
    err = "".join(line for line in proc.stderr.read().decode(
        "utf-8", "replace").splitlines(True)
        if "terminating on signal" not in line)  # our own kill
    status = None if stopped else proc.returncode
    return clean(raw), status, timed_out, err


def run_bochs(sc):
    work = os.path.join(BUILD, "test-bochs", sc.name.replace("/", "-"))
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    with open(os.path.join(work, "bochsrc"), "w") as f:
        f.write(BOCHSRC.format(iso=sc.iso, cpus=sc.bochs_cpus))
    with open(os.path.join(work, "dbg.rc"), "w") as f:
        f.write("c\nquit\n")
    out_path = os.path.join(work, "bochs.out")
    with open(out_path, "wb") as out:
        proc = spawn(
            ["script", "-qec", "bochs -q -f bochsrc -rc dbg.rc", "/dev/null"],
            cwd=work, env=dict(os.environ, TERM="xterm"),
            stdout=out, stderr=subprocess.STDOUT)
        timed_out = False
        try:
            proc.wait(timeout=sc.timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            kill_tree(proc)
    try:
        with open(os.path.join(work, "serial.txt"), "rb") as f:
            serial = clean(f.read())
    except OSError:
        serial = ""
    with open(out_path, "rb") as f:
        lines = clean(f.read()).splitlines()
    # Bochs explains a fatal stop on the line after this banner.
    msg = [lines[i + 1] for i, line in enumerate(lines[:-1])
           if "Bochs is exiting with the following message" in line]
    extra = f"bochs: {msg[0].strip()} (files in {work})" if msg else \
        f"(bochs files in {work})"
    return serial, None, timed_out, extra


def exit_problem(sc, status, timed_out):
    if sc.stop_when_seen and status is not None:
        return f"exited by itself with status {status}; it should idle"
    if timed_out:
        return f"timed out after {sc.timeout}s"
    if sc.exit_code is None or status == sc.exit_code:
        return None
    got = f"{status} ({EXIT_MEANING.get(status, 'unexpected')})"
    if status is not None and status < 0:
        got = f"killed by signal {-status}"
    return (f"exit status {got}, want {sc.exit_code} "
            f"({EXIT_MEANING.get(sc.exit_code, '')})")


def run_scenario(sc):
    image = sc.iso or ELF
    if not os.path.exists(image):
        return [(sc.name, f"{os.path.relpath(image, ROOT)} not built", 0.0)]
    start = time.monotonic()
    run = run_bochs if sc.kind == "bochs" else run_qemu
    log, status, timed_out, extra = run(sc)
    took = time.monotonic() - start
    path = os.path.join(LOGS, sc.name + ".log")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(log)
        if extra.strip():
            f.write("\n--- emulator output ---\n" + extra)
    problems = [p for p in (first_failure(sc.checks, log),
                            exit_problem(sc, status, timed_out)) if p]
    if not problems:
        return [(sc.name, None, took)]
    tail = "\n".join("    | " + line for line in log.splitlines()[-20:])
    reason = "; ".join(problems) + f"\n    log: {os.path.relpath(path, ROOT)}"
    if extra.strip():
        reason += "\n    " + extra.strip().replace("\n", "\n    ")
    return [(sc.name, reason + "\n" + tail, took)]


def run_pty(cmd, timeout):
    """Run with stdout and stderr on a pty, so the harness's stderr check
    messages stay in order with its line-buffered PASS/FAIL lines."""
    master, slave = pty.openpty()
    proc = spawn(cmd, stdout=slave, stderr=slave, cwd=ROOT)
    os.close(slave)
    raw, deadline = b"", time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.5)
        if not ready:
            continue
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the pty
            chunk = b""
        if not chunk:
            break
        raw += chunk
    os.close(master)
    text = raw.decode("utf-8", "replace").replace("\r", "")
    try:  # the pty closes a moment before the process can be reaped
        return text, proc.wait(timeout=max(0.1, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        kill_tree(proc)
        return text, None


def run_unit(binary, pattern):
    """One binary's tests (those containing pattern, if given: the harness
    filters on its argv[1]); each line carries the binary's wall time."""
    name = "unit/" + os.path.basename(binary)
    start = time.monotonic()
    out, status = run_pty([binary] + ([pattern] if pattern else []),
                          UNIT_TIMEOUT)
    took = time.monotonic() - start
    results, pending, summary = [], [], None
    for line in out.splitlines():
        m = re.match(r"^(PASS|FAIL) (\S+)$", line)
        if m:
            why = None if m.group(1) == "PASS" else \
                ("\n    ".join(x.strip() for x in pending if x.strip())
                 or "failed")
            results.append((f"{name}/{m.group(2)}", why, took))
            pending = []
        elif re.match(r"^\d+ passed, \d+ failed$", line):
            summary = line
        else:
            pending.append(line)
    nfail = sum(1 for r in results if r[1])
    bad = None
    if status is None:
        bad = f"timed out after {UNIT_TIMEOUT}s"
    elif status < 0:
        bad = f"killed by signal {-status}"
    elif summary is None:
        bad = f"exit status {status}, no summary line"
    elif summary != f"{len(results) - nfail} passed, {nfail} failed":
        bad = f"summary '{summary}' disagrees with its PASS/FAIL lines"
    elif (status != 0) != (nfail > 0):
        bad = f"exit status {status} with summary '{summary}'"
    if bad:
        tail = "\n".join("    | " + x for x in out.splitlines()[-20:])
        results.append((name, bad + "\n" + tail, took))
    return results


def unit_binaries():
    d = os.path.join(BUILD, "unit")
    if not os.path.isdir(d):
        return []
    return sorted(os.path.join(d, f) for f in os.listdir(d)
                  if f.startswith("test_") and "." not in f
                  and os.access(os.path.join(d, f), os.X_OK))


class Reporter:
    def __init__(self):
        self.lock, self.passed, self.failed = threading.Lock(), 0, 0

    def report(self, results):
        with self.lock:
            for name, why, took in results:
                if why is None:
                    self.passed += 1
                    print(f"PASS {name} ({took:.1f}s)", flush=True)
                else:
                    self.failed += 1
                    print(f"FAIL {name} ({took:.1f}s): {why}", flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", help="run tests whose name contains SUBSTR")
    ap.add_argument("--list", action="store_true", help="print test names")
    ap.add_argument("--jobs", type=int, default=2,
                    help="emulators run at once (default 2)")
    args = ap.parse_args()
    only, jobs = args.only, max(1, args.jobs)
    units = ["unit/" + os.path.basename(b) for b in unit_binaries()]
    if args.list:
        for name in units + [s.name for s in SCENARIOS]:
            print(name)
        return 0
    # --only may name a binary, a test in it, or (matching no scenario) any
    # part of a test name.
    anywhere = not only or not any(only in s.name for s in SCENARIOS)
    binaries = []
    for b in unit_binaries():
        prefix = "unit/" + os.path.basename(b) + "/"
        if not only or only in prefix:
            binaries.append((b, None))
        elif only.startswith(prefix):
            binaries.append((b, only[len(prefix):]))
        elif anywhere:
            binaries.append((b, only))
    scenarios = [s for s in SCENARIOS if not only or only in s.name]
    rep = Reporter()
    pool = concurrent.futures.ThreadPoolExecutor(jobs)
    try:
        for res in pool.map(lambda b: run_unit(*b), binaries):
            rep.report(res)
        futs = [pool.submit(run_scenario, s) for s in scenarios]
        for fut in concurrent.futures.as_completed(futs):
            rep.report(fut.result())
    except (KeyboardInterrupt, BrokenPipeError):
        pool.shutdown(wait=False, cancel_futures=True)
        stop_all()
        sys.stderr.write("run.py: interrupted, emulators stopped\n")
        os._exit(130)
    pool.shutdown()
    if rep.passed + rep.failed == 0:
        print(f"no tests match --only {only}", file=sys.stderr)
    print(f"{rep.passed} passed, {rep.failed} failed")
    return 1 if rep.failed or rep.passed == 0 else 0


def on_sigterm(signum, frame):
    raise KeyboardInterrupt


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, on_sigterm)
    sys.exit(main())
