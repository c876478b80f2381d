/* SPDX-License-Identifier: BSD-2-Clause */
/* Debug keys on the hypervisor console, as in Xen: until a control domain
 * owns console input, each key typed on the serial line runs a handler. */
#include <basalt/lib.h>
#include <basalt/console.h>
#include <basalt/mm.h>
#include <basalt/setup.h>
#include <basalt/time.h>
#include <asm/apic.h>
#include <asm/config.h>
#include <asm/percpu.h>

static void key_help(void);

static void key_memory(void)
{
    printk("Memory: %llu of %llu frames free (%llu MiB)\n",
           (unsigned long long)buddy_free_count(),
           (unsigned long long)buddy_total_count(),
           (unsigned long long)(buddy_free_count() >> (20 - PAGE_SHIFT)));
}

static void key_time(void)
{
    s_time_t now = NOW();
    printk("Time: up %lld.%03lld s, wall clock %llu s since the epoch\n",
           (long long)(now / NSEC_PER_SEC),
           (long long)(now % NSEC_PER_SEC / 1000000),
           (unsigned long long)(boot_wallclock + now / NSEC_PER_SEC));
}

static void key_cpus(void)
{
    for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
        const struct percpu *pc = per_cpu(cpu);
        if (pc->online)
            printk("CPU%u: APIC id %u, %llu interrupts\n", cpu, pc->apic_id,
                   (unsigned long long)pc->irq_count);
    }
}

static void key_nmi(void)
{
    apic_send_ipi(this_cpu()->apic_id, APIC_ICR_NMI);
}

static const struct {
    char key;
    void (*fn)(void);
    const char *what;
} keys[] = {
    {'h', key_help, "this help"},
    {'m', key_memory, "free memory"},
    {'t', key_time, "uptime and wall clock"},
    {'c', key_cpus, "online CPUs and their interrupt counts"},
    {'n', key_nmi, "send this CPU an NMI (to dom0 if it takes NMIs)"},
    {'R', machine_reboot, "reboot the machine"},
};

static void key_help(void)
{
    printk("Debug keys:\n");
    for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
        printk("  '%c' %s\n", keys[i].key, keys[i].what);
}

void keyhandler_run(void)
{
    int c;
    while ((c = console_input_get()) >= 0) {
        for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
            if (keys[i].key == c)
                keys[i].fn();
    }
}
