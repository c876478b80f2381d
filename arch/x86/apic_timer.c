/* SPDX-License-Identifier: BSD-2-Clause */
/* LAPIC timer: TSC-deadline mode when the CPU has it, else one-shot mode
 * calibrated once against the TSC. Drives the software timers. */
#include <basalt/lib.h>
#include <basalt/time.h>
#include <asm/apic.h>
#include <asm/msr.h>
#include <asm/percpu.h>
#include <asm/processor.h>
#include <asm/traps.h>

#define APIC_TIMER_DIV_16 0x3 /* divide configuration: bus / 16 */
#define APIC_CALIBRATE_US 10000
#define APIC_TIMER_MAX    0xffffffffULL

bool apic_tsc_deadline;
static struct time_scale tsc_to_apic; /* TSC ticks -> timer ticks */

static void apic_timer_interrupt(struct cpu_regs *regs)
{
    (void)regs;
    /* The deadline fired: it is no longer programmed. */
    this_cpu()->timer_deadline = 0;
    timer_softirq();
}

/* Count the timer down over ~10 ms of TSC. Returns timer ticks per ms. */
static uint64_t apic_timer_calibrate(void)
{
    uint64_t t0, t1, ticks;
    uint32_t cur;

    apic_write(APIC_TIMER_DIV, APIC_TIMER_DIV_16);
    apic_write(APIC_LVT_TIMER, APIC_LVT_MASKED | VECTOR_TIMER);
    apic_write(APIC_TIMER_INIT, (uint32_t)APIC_TIMER_MAX);
    t0 = rdtsc();
    udelay(APIC_CALIBRATE_US);
    cur = apic_read(APIC_TIMER_CUR);
    t1 = rdtsc();
    apic_write(APIC_TIMER_INIT, 0);
    ticks = APIC_TIMER_MAX - cur;
    if (!ticks || !cur || t1 <= t0)
        panic("APIC timer: does not count (current %#x)", cur);
    return ticks * tsc_khz / (t1 - t0);
}

void apic_timer_init(void)
{
    uint64_t khz;

    BUG_ON(!tsc_khz); /* after time_init */
    set_irq_handler(VECTOR_TIMER, apic_timer_interrupt);
    apic_tsc_deadline = cpu_features.tsc_deadline;
    if (apic_tsc_deadline) {
        printk("APIC timer: TSC-deadline mode\n");
        return;
    }
    khz = apic_timer_calibrate();
    if (time_scale_init(&tsc_to_apic, khz, tsc_khz))
        panic("APIC timer: bad rate %llu kHz", (unsigned long long)khz);
    printk("APIC timer: one-shot, %llu kHz bus\n",
           (unsigned long long)(khz * 16));
}

void apic_timer_cpu_init(void)
{
    this_cpu()->timer_deadline = 0;
    if (apic_tsc_deadline) {
        apic_write(APIC_LVT_TIMER, APIC_LVT_TIMER_TSCDL | VECTOR_TIMER);
        /* SDM: order the LVT write (MMIO in xAPIC mode) before any
         * IA32_TSC_DEADLINE write, or the first deadline may be lost. */
        __asm__ volatile("mfence" ::: "memory");
        wrmsr(MSR_IA32_TSC_DEADLINE, 0);
        return;
    }
    apic_write(APIC_TIMER_DIV, APIC_TIMER_DIV_16);
    apic_write(APIC_LVT_TIMER, VECTOR_TIMER); /* one-shot, unmasked */
    apic_write(APIC_TIMER_INIT, 0);
}

void apic_timer_program(uint64_t tsc_deadline)
{
    uint64_t now, count;

    this_cpu()->timer_deadline = tsc_deadline;
    if (apic_tsc_deadline) {
        wrmsr(MSR_IA32_TSC_DEADLINE, tsc_deadline); /* past: fires now */
        return;
    }
    if (!tsc_deadline) {
        apic_write(APIC_TIMER_INIT, 0); /* stops the count */
        return;
    }
    now = rdtsc();
    count = time_scale_apply(&tsc_to_apic,
                             tsc_deadline > now ? tsc_deadline - now : 0);
    /* Round up (+1) so we rarely fire early; timer_softirq re-arms if we
     * do. A count of 0 would never fire. */
    count = count >= APIC_TIMER_MAX ? APIC_TIMER_MAX : count + 1;
    apic_write(APIC_TIMER_INIT, (uint32_t)count);
}
