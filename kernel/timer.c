/* SPDX-License-Identifier: BSD-2-Clause */
/* Per-CPU one-shot software timers: a sorted list per CPU, the head's
 * expiry programmed into the LAPIC timer. A vCPU's timers follow it from
 * CPU to CPU: any CPU may set or stop a timer, under the list's lock. */
#include <basalt/lib.h>
#include <basalt/spinlock.h>
#include <basalt/time.h>
#include <asm/apic.h>
#include <asm/config.h>
#include <asm/percpu.h>
#include <asm/processor.h>

static spinlock_t timer_lock[NR_CPUS];
static struct timer *timer_running[NR_CPUS]; /* callback in progress */

void timer_init(struct timer *t, void (*fn)(void *), void *data)
{
    t->expires = 0;
    t->fn = fn;
    t->data = data;
    t->cpu = 0;
    t->active = false;
    t->next = NULL;
}

/* Arm the LAPIC for the list head, or stop it. 0 means "stop" to the
 * LAPIC, and boot_tsc + huge must not wrap into the past. */
static void timer_reprogram(struct percpu *pc)
{
    uint64_t ticks, deadline = 0;

    if (pc->timers) {
        ticks = ns_to_tsc(pc->timers->expires);
        deadline =
            ticks > UINT64_MAX - boot_tsc ? UINT64_MAX : boot_tsc + ticks;
        deadline = deadline ? deadline : 1;
    }
    apic_timer_program(deadline);
}

static void timer_unlink(struct percpu *pc, struct timer *t)
{
    struct timer **pp = &pc->timers;

    while (*pp && *pp != t)
        pp = &(*pp)->next;
    BUG_ON(!*pp); /* active but not on its CPU's list */
    *pp = t->next;
    t->next = NULL;
}

/* Lock the list t is on (t->cpu changes only under that lock). */
static unsigned int timer_lock_owner(struct timer *t)
{
    for (;;) {
        unsigned int cpu = __atomic_load_n(&t->cpu, __ATOMIC_ACQUIRE);
        spin_lock(&timer_lock[cpu]);
        if (cpu == t->cpu)
            return cpu;
        spin_unlock(&timer_lock[cpu]);
    }
}

/* Both lists, lower CPU first, so two CPUs moving timers cannot deadlock;
 * returns t's CPU at the time. */
static unsigned int timer_lock_pair(struct timer *t, unsigned int me)
{
    for (;;) {
        unsigned int cpu = __atomic_load_n(&t->cpu, __ATOMIC_ACQUIRE);
        spin_lock(&timer_lock[MIN(cpu, me)]);
        if (cpu != me)
            spin_lock(&timer_lock[MAX(cpu, me)]);
        if (cpu == t->cpu)
            return cpu;
        if (cpu != me)
            spin_unlock(&timer_lock[MAX(cpu, me)]);
        spin_unlock(&timer_lock[MIN(cpu, me)]);
    }
}

/* The timer moves to this CPU's list. Taking it off another CPU's list
 * leaves that CPU's LAPIC deadline as it was: at worst one interrupt
 * finds nothing due there. */
void set_timer(struct timer *t, s_time_t expires)
{
    uint64_t flags = local_irq_save();
    struct percpu *pc = this_cpu();
    unsigned int me = pc->cpu_id, old = timer_lock_pair(t, me);
    struct timer **pp = &pc->timers, *head = pc->timers;

    if (t->active)
        timer_unlink(per_cpu(old), t);
    t->expires = expires < 0 ? 0 : expires; /* the past: fire now */
    __atomic_store_n(&t->cpu, me, __ATOMIC_RELEASE);
    t->active = true;
    /* After equal expiries: timers set for the same time run in order. */
    while (*pp && (*pp)->expires <= t->expires)
        pp = &(*pp)->next;
    t->next = *pp;
    *pp = t;
    if (head != pc->timers || head == t)
        timer_reprogram(pc);
    if (old != me)
        spin_unlock(&timer_lock[MAX(old, me)]);
    spin_unlock(&timer_lock[MIN(old, me)]);
    local_irq_restore(flags);
}

void stop_timer(struct timer *t)
{
    uint64_t flags = local_irq_save();
    unsigned int cpu = timer_lock_owner(t);
    struct percpu *pc = per_cpu(cpu);
    bool was_head = pc->timers == t;

    if (t->active) {
        timer_unlink(pc, t);
        t->active = false;
        if (was_head && cpu == smp_processor_id())
            timer_reprogram(pc);
    }
    spin_unlock(&timer_lock[cpu]);
    local_irq_restore(flags);
}

/* Stopped, and its callback not running anywhere (before freeing it). */
void kill_timer(struct timer *t)
{
    stop_timer(t);
    for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
        while (__atomic_load_n(&timer_running[cpu], __ATOMIC_ACQUIRE) == t)
            cpu_relax();
}

/* Run everything due by one snapshot of NOW(): timers that fall due
 * while callbacks run wait for the next interrupt, which bounds the work
 * here. A callback re-arming at or before the snapshot runs again at
 * once, so periodic timers re-arm at expires + period (catching up) or
 * relative to NOW(). Callbacks run without the lock and may set or stop
 * timers; the reprogram below sees the list they leave. */
void timer_softirq(void)
{
    uint64_t flags = local_irq_save();
    struct percpu *pc = this_cpu();
    unsigned int me = pc->cpu_id;
    s_time_t now = NOW();
    struct timer *t;

    spin_lock(&timer_lock[me]);
    while ((t = pc->timers) && t->expires <= now) {
        pc->timers = t->next;
        t->next = NULL;
        t->active = false;
        __atomic_store_n(&timer_running[me], t, __ATOMIC_RELAXED);
        spin_unlock(&timer_lock[me]);
        t->fn(t->data);
        __atomic_store_n(&timer_running[me], NULL, __ATOMIC_RELEASE);
        spin_lock(&timer_lock[me]);
    }
    timer_reprogram(pc);
    spin_unlock(&timer_lock[me]);
    local_irq_restore(flags);
}
