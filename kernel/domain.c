/* SPDX-License-Identifier: BSD-2-Clause */
/* Domain lifecycle for the first PV milestone: shutdown and crash of the
 * initial domain, and sched_op. */
#include <basalt/lib.h>
#include <basalt/domain.h>
#include <basalt/errno.h>
#include <basalt/setup.h>
#include <asm/guest_access.h>
#include <asm/processor.h>
#include <public/sched.h>

struct domain *current_domain;

static const char *const shutdown_names[] = {
    "poweroff", "reboot", "suspend", "crash", "watchdog", "soft_reset",
};

void domain_shutdown(struct domain *d, unsigned int reason)
{
    local_irq_disable();
    printk("Domain %u shut down: %s\n", d->domain_id,
           reason < ARRAY_SIZE(shutdown_names) ? shutdown_names[reason]
                                               : "unknown reason");
    if (d->domain_id == 0 && reason == SHUTDOWN_reboot)
        machine_reboot();
    /* The hardware domain is gone: nothing is left to run. */
    emulator_exit(reason == SHUTDOWN_poweroff ? EXIT_PASS : EXIT_FAIL);
    printk("Domain 0 halted: halting machine\n");
    for (;;)
        halt();
}

void domain_crash(struct domain *d, const char *why)
{
    printk("Domain %u crashed: %s\n", d->domain_id, why);
    domain_shutdown(d, SHUTDOWN_crash);
}

long do_sched_op(uint64_t cmd, uint64_t arg)
{
    struct sched_shutdown sd;
    switch (cmd) {
    case SCHEDOP_yield:
        return 0; /* one vCPU, nothing else to run */
    case SCHEDOP_shutdown:
        if (copy_from_guest(&sd, arg, sizeof(sd)))
            return -EFAULT;
        domain_shutdown(current_domain, sd.reason);
    default:
        return -ENOSYS;
    }
}
