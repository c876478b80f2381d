/* SPDX-License-Identifier: BSD-2-Clause */
/* Per-CPU one-shot software timers: a sorted list per CPU, the head's
 * expiry programmed into the LAPIC timer. */
#include <basalt/lib.h>
#include <basalt/time.h>
#include <asm/apic.h>
#include <asm/percpu.h>
#include <asm/processor.h>

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
    BUG_ON(!*pp); /* active but not on this CPU's list */
    *pp = t->next;
    t->next = NULL;
}

void set_timer(struct timer *t, s_time_t expires)
{
    uint64_t flags = local_irq_save();
    struct percpu *pc = this_cpu();
    bool was_head = pc->timers == t;
    struct timer **pp = &pc->timers;

    if (t->active) {
        BUG_ON(t->cpu != pc->cpu_id);
        timer_unlink(pc, t);
    }
    t->expires = expires < 0 ? 0 : expires; /* the past: fire now */
    t->cpu = pc->cpu_id;
    t->active = true;
    /* After equal expiries: timers set for the same time run in order. */
    while (*pp && (*pp)->expires <= expires)
        pp = &(*pp)->next;
    t->next = *pp;
    *pp = t;
    if (was_head || pc->timers == t)
        timer_reprogram(pc);
    local_irq_restore(flags);
}

void stop_timer(struct timer *t)
{
    uint64_t flags = local_irq_save();
    struct percpu *pc = this_cpu();
    bool was_head = pc->timers == t;

    if (t->active) {
        BUG_ON(t->cpu != pc->cpu_id);
        timer_unlink(pc, t);
        t->active = false;
        if (was_head)
            timer_reprogram(pc);
    }
    local_irq_restore(flags);
}

/* Run everything due by one snapshot of NOW(): timers that fall due
 * while callbacks run wait for the next interrupt, which bounds the work
 * here. A callback re-arming at or before the snapshot runs again at
 * once, so periodic timers re-arm at expires + period (catching up) or
 * relative to NOW(). Callbacks may set or stop timers; the reprogram
 * below sees the list they leave. */
void timer_softirq(void)
{
    uint64_t flags = local_irq_save();
    struct percpu *pc = this_cpu();
    s_time_t now = NOW();
    struct timer *t;

    while ((t = pc->timers) && t->expires <= now) {
        pc->timers = t->next;
        t->next = NULL;
        t->active = false;
        t->fn(t->data);
    }
    timer_reprogram(pc);
    local_irq_restore(flags);
}
