# SPDX-License-Identifier: BSD-2-Clause
# The default image end to end: GRUB -> Basalt -> dom0's shell over the
# serial port; and the sample guests booted alone as the initial domain.
import os

from scenarios import BUILD, SELFTEST, Absent, Check, Scenario, line

DOM0_ISO = os.path.join(BUILD, "basalt-dom0.iso")
PROMPT = r"^basalt# "
DOM0_ALIVE = [Absent("dom0 dying", r"Domain 0 (crashed|shut down)"),
              Absent("a dom0 panic", r"dom0: panic"),
              Absent("a hypervisor panic", r"Panic")]


def shell(name, steps, checks, timeout=90):
    """Type each command at the prompt (after the previous one's output)
    and check the transcript; dom0 must stay up."""
    send = [(PROMPT, (cmd + "\n").encode()) for cmd in steps]
    return Scenario(name, "qemu", DOM0_ISO, ["-smp", "2", "-m", "1G"],
                    timeout, None, checks + DOM0_ALIVE, stop_when_seen=True,
                    send=send)


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
