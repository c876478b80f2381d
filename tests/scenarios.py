# SPDX-License-Identifier: BSD-2-Clause
# Boot scenarios for tests/run.py: what each emulator run boots and what
# its serial log must (and must not) say.
"""The scenario table: images, emulator arguments, timeouts, exit codes and
the checks applied to each serial log."""
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, os.environ.get("BASALT_BUILD", "build"))
ISO = os.path.join(BUILD, "basalt.iso")
TEST_ISO = os.path.join(BUILD, "basalt-test.iso")
ELF = os.path.join(BUILD, "basalt.elf")
OVMF = "/usr/share/OVMF"

UEFI = ["-drive", f"if=pflash,format=raw,readonly=on,file={OVMF}/OVMF_CODE_4M.fd",
        "-drive", f"if=pflash,format=raw,snapshot=on,file={OVMF}/OVMF_VARS_4M.fd"]


class Check:
    """One expectation on the serial log: a regex, optionally with the
    number in its first group inside [lo, hi] (hi None: no upper bound)."""

    def __init__(self, what, regex, lo=None, hi=None, hint=None):
        self.what, self.re = what, re.compile(regex, re.M)
        self.lo, self.hi = lo, hi
        self.hint = re.compile(hint, re.M) if hint else None

    def fail(self, log):
        found = list(self.re.finditer(log))
        if found and self.lo is None:
            return None
        vals = [int(m.group(1)) for m in found]
        if any(v >= self.lo and (self.hi is None or v <= self.hi)
               for v in vals):
            return None
        if vals:
            return f"want {self.what}, found {vals}"
        seen = self.hint.search(log) if self.hint else None
        return f"missing {self.what}" + \
            (f" (saw {seen.group(0)!r})" if seen else "")


class HighMemory:
    """Some usable memory-map range ends above 4 GiB."""

    RANGE = re.compile(r"^\(basalt\)\s+([0-9a-f]{16}) - ([0-9a-f]{16}) usable",
                       re.M)

    def fail(self, log):
        ends = [int(m.group(2), 16) for m in self.RANGE.finditer(log)]
        if any(e > 1 << 32 for e in ends):
            return None
        return (f"missing a usable memory-map line ending above 4 GiB "
                f"({len(ends)} usable lines matched)")


class Absent:
    """A line that must not appear."""

    def __init__(self, what, regex):
        self.what, self.re = what, re.compile(regex, re.M)

    def fail(self, log):
        m = self.re.search(log)
        return f"unexpected {self.what}: {m.group(0)!r}" if m else None


def line(text):
    """The exact hypervisor log line '(basalt) text'."""
    return Check(f"'(basalt) {text}'", r"\(basalt\) " + re.escape(text) + "$")


def kernel(cmdline):
    """Boot build/basalt.elf through QEMU -kernel (multiboot1)."""
    return ["-kernel", ELF, "-append", cmdline]


def cpus(n):
    return Check(f"'(basalt) Brought up {n} CPUs'",
                 rf"\(basalt\) Brought up {n} CPUs$", hint=r"Brought up.*")


def memory(lo, hi):
    return Check(f"'(basalt) Memory: N MiB usable' with N in [{lo}, {hi}]",
                 r"\(basalt\) Memory: (\d+) MiB usable$", lo, hi,
                 hint=r"Memory:.*")


SELFTEST = Check("'(basalt) selftest: N passed, 0 failed' with N >= 1",
                 r"\(basalt\) selftest: (\d+) passed, 0 failed$", 1, None,
                 hint=r"selftest:.*")
MODULE = Check("the test module listed and intact after the allocator",
               r"\(basalt\) selftest: PASS allocator exhaustion: .* 0 reserved, "
               r"1 modules intact$", hint=r"allocator exhaustion.*")
VMX = Check("'(basalt) CPU features: ... vmx ...'",
            r"\(basalt\) CPU features:.* vmx( |$)", hint=r"CPU features:.*")


class Scenario:
    def __init__(self, name, kind, iso, args, timeout, exit_code, checks,
                 stop_when_seen=False, send=None, bochs_cpus=1):
        self.name, self.kind, self.iso, self.args = name, kind, iso, args
        self.timeout, self.exit_code, self.checks = timeout, exit_code, checks
        self.stop_when_seen = stop_when_seen  # kill once all checks hold
        # (regex, bytes) or a list of them: type the bytes on the serial
        # line once the regex is seen (after the previous step's match)
        steps = [send] if isinstance(send, tuple) else (send or [])
        self.send = [(re.compile(r, re.M), b) for r, b in steps]
        self.bochs_cpus = bochs_cpus


# Longest first, so the Bochs run overlaps the QEMU ones.
def pv_iso(name):
    return os.path.join(BUILD, f"pv-{name}.iso")


def pv_guest_passes(name):
    """A PV test kernel booted as dom0 through GRUB: all its checks pass
    and it powers off (QEMU exit 33 after the hypervisor self-tests)."""
    return Scenario(f"pv/{name}", "qemu", pv_iso(name),
                    ["-smp", "2", "-m", "1G"], 60, 33,
                    [SELFTEST,
                     Check("'guest: N passed, 0 failed'",
                           r"^guest: (\d+) passed, 0 failed$", 1, None,
                           hint=r"guest: .*"),
                     Check("'guest: exit 0'", r"^guest: exit 0$"),
                     line("Domain 0 shut down: poweroff")])


SCENARIOS = [
    Scenario("boot/bochs-vtx", "bochs", TEST_ISO, [], 300, None,
             [cpus(1), SELFTEST, VMX, line("APIC: x2APIC mode"),
              line("APIC timer: TSC-deadline mode")]),
    # x2APIC AP bring-up and IPIs: QEMU's TCG has no x2APIC, Bochs does.
    Scenario("boot/bochs-x2apic-smp", "bochs", TEST_ISO, [], 300, None,
             [cpus(2), SELFTEST, line("APIC: x2APIC mode"),
              line("CPU1: APIC id 1 online")], bochs_cpus=2),
    Scenario("boot/uefi", "qemu", TEST_ISO, UEFI + ["-smp", "2", "-m", "1G"],
             120, 33, [cpus(2), SELFTEST, line("Consoles: fb com"), MODULE]),
    Scenario("boot/bios-1cpu", "qemu", TEST_ISO, ["-smp", "1", "-m", "1G"],
             60, 33, [cpus(1), memory(1000, 1024), SELFTEST,
                      line("Consoles: vga com"), MODULE,
                      Check("a non-ELF first module refused by name",
                            r"\(basalt\) dom0: cannot build from module "
                            r"'test-module\.bin': .*ELF"),
                      Check("the module in the boot log",
                            r"\(basalt\) Module 0: [0-9a-f]{16} - [0-9a-f]{16} "
                            r"test-module\.bin$")]),
    Scenario("boot/bios-4cpu", "qemu", TEST_ISO, ["-smp", "4", "-m", "1G"],
             60, 33, [cpus(4), SELFTEST, line("APIC: xAPIC at 0xfee00000"),
                      Check("the one-shot APIC timer",
                            r"\(basalt\) APIC timer: one-shot, \d+ kHz bus$")]),
    Scenario("boot/mem-128m", "qemu", TEST_ISO, ["-smp", "1", "-m", "128M"],
             60, 33, [cpus(1), memory(100, 128), SELFTEST]),
    Scenario("boot/mem-6g", "qemu", TEST_ISO, ["-smp", "2", "-m", "6G"],
             60, 33, [cpus(2), memory(6000, 6144), HighMemory(), SELFTEST,
                      MODULE]),
    Scenario("boot/no-selftest", "qemu", ISO, ["-smp", "2", "-m", "1G"],
             60, None, [cpus(2), Check("'(basalt) Memory: '",
                                       r"\(basalt\) Memory: ")],
             stop_when_seen=True),
    # Typing on the serial line: UART IRQ -> IOAPIC -> input ring -> keys.
    Scenario("boot/debug-keys", "qemu", ISO, ["-smp", "2", "-m", "1G"],
             60, None, [Check("the 'm' key's memory line",
                              r"\(basalt\) Memory: \d+ of \d+ frames free"),
                        Check("the 'c' key's CPU1 line",
                              r"\(basalt\) CPU1: APIC id 1, \d+ interrupts")],
             stop_when_seen=True, send=(r"Idle\. Press 'h'", b"mc")),
    Scenario("boot/multiboot1", "qemu", None,
             ["-smp", "2", "-m", "512M"] + kernel("selftest"),
             60, 33, [cpus(2), SELFTEST,
                      line("Basalt hypervisor, booted by multiboot1 from qemu"),
                      line("Consoles: vga com")]),
    Scenario("boot/too-many-cpus", "qemu", None,
             ["-smp", "66", "-m", "1G"] + kernel("console=com1"),
             60, None, [cpus(64),
                        line("warning: 2 CPUs beyond NR_CPUS=64 ignored")],
             stop_when_seen=True),
    Scenario("boot/cmdline-warnings", "qemu", None,
             ["-smp", "1", "-m", "256M"] +
             kernel("console=com1,bogus selftest x2apic=maybe nosuch "
                    "boot_action=idle"),
             60, 33, [line("warning: unknown command line option 'nosuch'"),
                      line("warning: bad value 'maybe' for option 'x2apic'"),
                      line("warning: console=: unknown console 'bogus'"),
                      SELFTEST]),
    Scenario("boot/reboot", "qemu", None,
             ["-smp", "2", "-m", "256M"] +
             kernel("console=com1 boot_action=reboot"),
             60, 0, [cpus(2), line("Rebooting"),
                     Absent("reboot failure", r"Reboot failed")]),
    Scenario("boot/fatal-exception", "qemu", None,
             ["-smp", "2", "-m", "256M"] +
             kernel("console=com1 boot_action=fault"),
             60, None, [line("*** CPU0: fatal exception 14 (#PF page fault), "
                             "error code 0x0"),
                        Check("a register dump", r"\(basalt\) RIP: e008:"),
                        Check("CR2 at the guard page",
                              r"CR2: ffff82d08000b000"),
                        Check("the faulting function named",
                              r"\] start_basalt_on_stack\+0x[0-9a-f]+$"),
                        line("Panic: fatal exception 14 on CPU0")],
             stop_when_seen=True),
    # dom0 asks for more memory than there is: a clear error naming the
    # module, every frame given back, the hypervisor carries on.
    Scenario("pv/dom0-too-big", "qemu", None,
             ["-smp", "1", "-m", "256M", "-initrd",
              os.path.join(BUILD, "guests", "hello.elf")] +
             kernel("console=com1 selftest dom0_mem=1G"), 60, 33,
             [SELFTEST,
              Check("the refusal naming the module",
                    r"\(basalt\) dom0: cannot build from module '.*hello\.elf"
                    r".*': out of memory for 1024 MiB$"),
              Check("every frame given back",
                    r"dom0: not started; (\d+) frames free, \1 before"),
              Absent("the guest running", r"Hello from a PV guest")]),
    Scenario("pv/crash_bad_iret", "qemu", pv_iso("crash_bad_iret"),
             ["-smp", "2", "-m", "1G"], 60, 35,
             [SELFTEST, line("Domain 0 crashed: iret: bad frame"),
              line("Domain 0 shut down: crash"),
              Absent("the iret returning", r"FAIL forged iret refused"),
              Absent("a hypervisor panic", r"Panic")]),
    # A platform NMI (the 'n' debug key) goes to dom0's NMI callback.
    Scenario("pv/input_nmi", "qemu", pv_iso("input_nmi"),
             ["-smp", "2", "-m", "1G"], 60, 33,
             [SELFTEST,
              Check("the kernel waiting", r"^nmi: waiting for an NMI$"),
              Check("'guest: N passed, 0 failed'",
                    r"^guest: (\d+) passed, 0 failed$", 1, None),
              Absent("the NMI only reported", r"NMI received")],
             send=(r"^nmi: waiting for an NMI", b"n")),
    # Hostile: an exception whose bounce frame cannot be written (the
    # guest's stack is unmapped) crashes the guest, not the hypervisor.
    Scenario("pv/crash_bad_stack", "qemu", pv_iso("crash_bad_stack"),
             ["-smp", "2", "-m", "1G"], 60, 35,
             [SELFTEST,
              Check("the crash reported", r"\(basalt\) Domain 0 crashed: #UD "
                    r"invalid opcode at 0x[0-9a-f]+, error code 0x0"),
              line("Domain 0 shut down: crash"),
              Absent("the guest continuing", r"FAIL bounce refused"),
              Absent("a hypervisor panic", r"Panic")]),
    # Hostile: the guest reads the hypervisor's memory and must crash
    # itself only; the hypervisor reports it and ends the run (exit 35).
    Scenario("pv/smp-4vcpus", "qemu", None,
             ["-smp", "2", "-m", "1G", "-initrd",
              os.path.join(BUILD, "guests", "smp.elf")] +
             kernel("console=com1 selftest dom0_max_vcpus=4"), 60, 33,
             [SELFTEST, line("dom0: 4 vCPUs"),
              Check("four vCPUs seen", r"^smp: 4 vCPUs$"),
              Check("'guest: N passed, 0 failed'",
                    r"^guest: (\d+) passed, 0 failed$", 28, None),
              Check("'guest: exit 0'", r"^guest: exit 0$"),
              line("Domain 0 shut down: poweroff")]),
    Scenario("pv/crash_read_hypervisor", "qemu",
             pv_iso("crash_read_hypervisor"), ["-smp", "2", "-m", "1G"], 60,
             35, [SELFTEST,
                  Check("the crash reported with the faulting address",
                        r"\(basalt\) Domain 0 crashed: #PF page fault at "
                        r"0x[0-9a-f]+, error code 0x5, cr2 0xffff830000000000$"),
                  line("Domain 0 shut down: crash"),
                  Absent("the read succeeding",
                         r"FAIL hypervisor memory unreadable"),
                  Absent("a hypervisor panic", r"Panic")]),
]

# Every other PV test kernel (tests/guests/*.c) is a self-checking one: it
# must boot as dom0, pass all its checks and power off. crash_* kernels are
# hostile, input_* ones need the runner to type, bench_* ones measure: they
# have their own entries or runner.
_GUESTS = os.path.join(ROOT, "tests", "guests")
SCENARIOS += [pv_guest_passes(f[:-2]) for f in sorted(os.listdir(_GUESTS))
              if f.endswith(".c") and
              not f.startswith(("crash_", "bench_", "input_"))]

# dom0, xl and the sample guests (tests/scenarios_dom0.py).
from scenarios_dom0 import DOM0_SCENARIOS  # noqa: E402

SCENARIOS += DOM0_SCENARIOS
