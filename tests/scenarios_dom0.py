# SPDX-License-Identifier: BSD-2-Clause
# The default image end to end: GRUB -> Basalt -> dom0's shell over the
# serial port; and the sample guests booted alone as the initial domain.
import os
import re

from scenarios import BUILD, SELFTEST, Absent, Check, Scenario, line

DOM0_ISO = os.path.join(BUILD, "basalt-dom0.iso")
TEST_ISO = os.path.join(BUILD, "basalt-dom0-test.iso")
PROMPT = r"^basalt# "
DOM0_ALIVE = [Absent("dom0 dying", r"Domain 0 (crashed|shut down)"),
              Absent("a dom0 panic", r"dom0: panic"),
              Absent("a hypervisor panic", r"Panic")]


def shell(name, steps, checks, timeout=90, iso=DOM0_ISO):
    """Type each command at the prompt (after the previous one's output;
    a (regex, bytes) step waits for its own text instead) and check the
    transcript; dom0 must stay up."""
    send = [s if isinstance(s, tuple) else (PROMPT, (s + "\n").encode())
            for s in steps]
    return Scenario(name, "qemu", iso, ["-smp", "2", "-m", "1G"],
                    timeout, None, checks + DOM0_ALIVE, stop_when_seen=True,
                    send=send)


def only_dom0_listed(what):
    """The last `xl list` before `echo END` shows Domain-0 alone."""
    return Check(what, r"^basalt# xl list\nName +ID +Mem +VCPUs\s+State\s+"
                       r"Time\(s\)\nDomain-0 +0 .*\nbasalt# echo END$")


class SameFreeMemory:
    """Every `xl info` free_memory figure is the same (nothing leaked)."""

    RE = re.compile(r"^free_memory +: (\d+)$", re.M)

    def __init__(self, at_least):
        self.at_least = at_least

    def fail(self, log):
        vals = [int(v) for v in self.RE.findall(log)]
        if len(vals) >= self.at_least and len(set(vals)) == 1:
            return None
        return f"want {self.at_least} equal free_memory figures, got {vals}"


def sample(name, checks, exit_code=33, stop=False):
    return Scenario(f"samples/{name}", "qemu",
                    os.path.join(BUILD, f"sample-{name}.iso"),
                    ["-smp", "2", "-m", "1G"], 60, exit_code,
                    [SELFTEST] + checks, stop_when_seen=stop)


DOM0_SCENARIOS = [
    shell("dom0/shell", ["help", "ls /etc/xl", "cat /etc/xl/hello.cfg",
                         "frobnicate", "xenstore-ls /local/domain/0",
                         "echo done"],
          [Check("the dom0 banner", r"^Basalt dom0: \d+ MiB"),
           Check("help listing xl",
                 r"^  xl COMMAND \[ARGS\] +the domain toolstack"),
           Check("the sample configs listed", r"hello\.cfg"),
           Check("a config's contents", r'^name *= *"hello"'),
           Check("an unknown command", r"^sh: frobnicate: command not "
                                       r"found$"),
           Check("dom0's xenstore entries", r'^name = "Domain-0"$'),
           Check("the last command ran", r"^done$")]),
    shell("dom0/xl-hello", ["xl info", "xl create -c /etc/xl/hello.cfg",
                            "xl list", "echo END", "xl info"],
          [Check("the guest's greeting", r"^Hello from Basalt guest (\d+)!",
                 1, None),
           Check("its console ring", r"hello: console ring mfn"),
           Check("its last line", r"^hello: powering off"),
           only_dom0_listed("hello gone after powering off"),
           SameFreeMemory(2)]),
    shell("dom0/xl-ticker", [
        "xl create /etc/xl/ticker.cfg", "xl list", "xl pause ticker",
        "xl list", "xl unpause ticker", "xl console ticker",
        (r"^tick \d+: ", b"\x1d"), "xl destroy ticker", "xl list",
        "echo END"],
        [Check("ticker listed", r"^ticker +(\d+) +16 +1 ", 1, None),
         Check("ticker paused", r"^ticker +\d+ +16 +1 +[r-][b-]p---"),
         Check("a tick through xl console", r"^tick \d+: \d\d:\d\d:\d\d"),
         only_dom0_listed("ticker gone after xl destroy")], timeout=120),
    shell("dom0/xl-pingpong", ["xl create /etc/xl/pong.cfg",
                               "xl create -c /etc/xl/ping.cfg",
                               "xl list", "echo END"],
          [Check("the ping-pong round trip",
                 r"^ping: 1000 round trips, median (\d+) cycles", 1, None),
           only_dom0_listed("both gone after powering off")], timeout=120),
    shell("dom0/xl-errors", [
        "xl info", "xl create /etc/xl/bad-syntax.cfg",
        "xl create /etc/xl/no-kernel.cfg",
        "xl create /etc/xl/broken-kernel.cfg", "xl create /etc/xl/huge.cfg",
        "xl create /etc/xl/nonexistent.cfg", "xl destroy nosuchdomain",
        "xl list", "echo END", "xl info"],
        [Check("the syntax error with file and line",
               r"bad-syntax\.cfg:3: "),
         Check("the missing kernel named", r"missing\.elf"),
         Check("the broken kernel refused",
               r'cannot create domain "broken": kernel: .*ELF'),
         Check("the memory shortfall", r"(?i)huge.*memory|memory.*huge|"
               r"allocating \d+ MiB"),
         Check("the missing config named", r"nonexistent\.cfg"),
         only_dom0_listed("nothing half-built"), SameFreeMemory(2)],
        iso=TEST_ISO),
    shell("dom0/xl-domu-eperm", ["xl create /etc/xl/domctl-eperm.cfg"],
          [Check("every domctl and sysctl refused to a domU",
                 r"^\(basalt\) \(d\d+\) guest: (\d+) passed, 0 failed$", 1,
                 None)], iso=TEST_ISO),
    shell("dom0/xl-crash-restart", ["xl create /etc/xl/crasher.cfg"],
          [Check("xl giving up after restarts",
                 r"xl: domain \d+ restarted too often; not restarting")],
          iso=TEST_ISO, timeout=120),
    shell("dom0/xl-commands", [
        "xl create /etc/xl/ticker.cfg", "xl vcpu-pin ticker 0 1",
        "xl vcpu-list ticker", "xl sched-credit -d ticker -w 512 -c 50",
        "xl sched-credit -d ticker", "xl mem-set ticker 12", "xl uptime",
        "xl dmesg -c", "xl dmesg", "echo DMESG-END", "xl top -b -i 1", "xl domid ticker", "xl shutdown ticker",
        "xl list", "echo END"],
        [Check("vcpu-pin applied", r"^ticker +\d+ +0 +\d+ +\S+ +[\d.]+ +1 / all$"),
         Check("credit parameters set", r"^ticker +\d+ +512 +50$"),
         Check("uptime", r"^ticker +\d+ +\d+:\d\d:\d\d$"),
         Check("dmesg shows the hypervisor log", r"^\(basalt\) Brought up 2"),
         Check("dmesg -c cleared it", r"^basalt# xl dmesg\nbasalt# echo "
                                      r"DMESG-END$"),
         Check("top's domain row with the new target",
               r"^ +ticker .* 16384 +[\d.]+ +12288 "),
         Check("xl shutdown of a guest without a PV driver",
               r"^Shutting down domain \d+$"),
         only_dom0_listed("ticker gone after xl shutdown")]),
    shell("dom0/xl-out-of-memory",
          ["xl info"] + ["xl create /etc/xl/ticker.cfg name=big%d memory=200"
                         % n for n in range(1, 6)] +
          ["xl destroy big%d" % n for n in range(1, 5)] +
          ["xl list", "echo END", "xl info"],
          [Check("creates until memory runs out, then a clean error",
                 r'^xl: cannot create domain "big\d": allocating 200 MiB'),
           only_dom0_listed("nothing left"), SameFreeMemory(2)]),
    shell("dom0/xl-200-cycles",
          ["xl info"] + ["xl create /etc/xl/ticker.cfg",
                         "xl destroy ticker"] * 200 + ["xl list", "echo END",
                                                       "xl info"],
          [only_dom0_listed("nothing left after 200 cycles"),
           SameFreeMemory(2),
           Absent("a failed create", r"^xl: .*fail")], timeout=600),
    sample("hello", [Check("the greeting", r"^Hello from Basalt guest \?!$"),
                     Check("the facts", r"^hello: Xen ABI \d+\.\d+, wall "
                                        r"clock \d\d:\d\d:\d\d UTC$"),
                     line("Domain 0 shut down: poweroff")]),
    sample("ticker", [Check("three ticks", r"^tick (\d+): \d\d:\d\d:\d\d$",
                            3, None)], exit_code=None, stop=True),
    sample("ping", [Check("the loopback median",
                          r"^ping: 1000 loopback round trips, median (\d+) "
                          r"cycles$", 1, None),
                    line("Domain 0 shut down: poweroff")]),
]
