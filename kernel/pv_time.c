/* SPDX-License-Identifier: BSD-2-Clause */
/* PV time: the per-vCPU pvclock (vcpu_time_info), the shared_info wall
 * clock, and the guest's timers (set_timer_op, the VCPUOP timers), which
 * raise VIRQ_TIMER. */
#include <basalt/lib.h>
#include <basalt/domain.h>
#include <basalt/errno.h>
#include <asm/msr.h>
#include <asm/processor.h>
#include "pv_time.h"

/*
 * NOW() is (tsc - boot_tsc) * m >> 32 with m = 2^32 ns per tick, 64 bits
 * wide. The guest's 32-bit multiplier with a left shift gives the same
 * product when m fits (a TSC of 1 GHz or more: shift 0, exactly NOW());
 * a slower TSC drops m's low bits, rounding down, so the guest's clock
 * never runs ahead of NOW() and a refresh only steps it forward.
 */
struct pvclock_scale pvclock_scale_from_mul(uint64_t m)
{
    struct pvclock_scale s = {0, 0};
    while (m >> 32) {
        m >>= 1;
        s.shift++;
    }
    s.mul = (uint32_t)m;
    return s;
}

/* Computed once (tsc_khz is fixed after time_init); one word, so every
 * CPU sees the multiplier and shift together. Bit 40: valid. */
static struct pvclock_scale pv_time_scale(void)
{
    static uint64_t cached;
    uint64_t c = __atomic_load_n(&cached, __ATOMIC_RELAXED);
    struct pvclock_scale s;
    struct time_scale ts;
    if (unlikely(!c)) {
        if (time_scale_init(&ts, 1000000, tsc_khz))
            return (struct pvclock_scale){0, 0};
        s = pvclock_scale_from_mul(ts.mul); /* the same m as NOW() */
        c = s.mul | (uint64_t)(uint8_t)s.shift << 32 | 1ULL << 40;
        __atomic_store_n(&cached, c, __ATOMIC_RELAXED);
    }
    return (struct pvclock_scale){(uint32_t)c, (int8_t)(c >> 32)};
}

static inline void pv_time_wmb(void)
{
    __asm__ volatile("" ::: "memory"); /* x86 keeps stores in order */
}

/*
 * Xen's version protocol: odd while we write, even when done. Our own
 * copy of the version is the truth, so a guest scribbling on the field
 * cannot wedge its readers. Interrupts are off: the timer interrupt
 * refreshes the same record.
 */
void pv_time_update(struct vcpu *v)
{
    volatile struct vcpu_time_info *t = &v->vcpu_info->time;
    struct pvclock_scale s = pv_time_scale();
    uint64_t flags = local_irq_save(), tsc = rdtsc();
    uint32_t version = ((uint32_t)v->time_version + 1) | 1;
    t->version = version;
    pv_time_wmb();
    t->tsc_timestamp = tsc;
    t->system_time = tsc > boot_tsc ? (uint64_t)tsc_to_ns(tsc - boot_tsc) : 0;
    t->tsc_to_system_mul = s.mul;
    t->tsc_shift = s.shift;
    t->flags = 0; /* not TSC_STABLE: guests keep their own monotonic guard */
    pv_time_wmb();
    t->version = version + 1;
    v->time_version = version + 1;
    local_irq_restore(flags);
}

/* The wall clock at system time 0: the RTC reading taken with boot_tsc. */
void pv_time_init_domain(struct domain *d)
{
    volatile struct shared_info *s = d->shared_info;
    uint32_t version = (s->wc_version + 1) | 1;
    s->wc_version = version;
    pv_time_wmb();
    s->wc_sec = (uint32_t)boot_wallclock;
    s->wc_sec_hi = (uint32_t)(boot_wallclock >> 32);
    s->wc_nsec = 0;
    pv_time_wmb();
    s->wc_version = version + 1;
}

void pv_timer_send(struct vcpu *v)
{
    pv_time_update(v);
    send_guest_vcpu_virq(v, VIRQ_TIMER);
}

static void pv_singleshot_fn(void *data)
{
    pv_timer_send(data);
}

/* Send the tick that is due, if any, and arm the next one (Xen's
 * vcpu_periodic_timer_work): no catching up on missed ticks. */
/* a + b for times and periods (both >= 0), saturating: a wrapped, negative
 * expiry would sort first in timer.c yet never fire, stalling the CPU's
 * other timers. */
static s_time_t pv_time_add(s_time_t a, s_time_t b)
{
    return a > INT64_MAX - b ? INT64_MAX : a + b;
}

static void pv_periodic_work(struct vcpu *v)
{
    s_time_t now = NOW(), period = (s_time_t)v->periodic_period;
    s_time_t next = pv_time_add(v->periodic_last_event, period);
    if (now >= next) {
        pv_timer_send(v);
        v->periodic_last_event = now;
        next = pv_time_add(now, period);
    }
    set_timer(&v->periodic_timer, next);
}

/* Xen runs the periodic timer only while its vCPU runs (it is stopped
 * when the vCPU blocks): no tick wakes a blocked vCPU; the one that fell
 * due is sent when the vCPU runs again (pv_timer_resume). */
static void pv_periodic_fn(void *data)
{
    struct vcpu *v = data;
    if (v->periodic_period && !__atomic_load_n(&v->blocked, __ATOMIC_RELAXED))
        pv_periodic_work(v);
}

void pv_timer_resume(struct vcpu *v)
{
    if (v->periodic_period && !v->periodic_timer.active && v == current_vcpu())
        pv_periodic_work(v);
}

void vcpu_timers_init(struct vcpu *v)
{
    timer_init(&v->singleshot_timer, pv_singleshot_fn, v);
    timer_init(&v->periodic_timer, pv_periodic_fn, v);
    v->periodic_period = PV_DEFAULT_PERIOD;
}

/* Timers live on the CPU that set them; only v itself (on its CPU)
 * touches its timers. Xen migrates them instead. */
void pv_timer_set_singleshot(struct vcpu *v, s_time_t expires)
{
    if (v != current_vcpu())
        return;
    /* timer.c reads a negative time as a huge TSC deadline: never. */
    set_timer(&v->singleshot_timer, expires < 0 ? 0 : expires);
}

void pv_timer_set_periodic(struct vcpu *v, s_time_t period)
{
    v->periodic_period = (uint64_t)period;
    if (v != current_vcpu())
        return; /* armed when it runs */
    stop_timer(&v->periodic_timer);
    if (period)
        pv_periodic_work(v);
}

/* Xen runs the default ticker from the vCPU's first schedule; a vCPU
 * that never passed pv_timer_resume starts it here, ticking from now. */
void pv_timer_virq_bound(struct vcpu *v)
{
    if (v == current_vcpu() && v->periodic_period &&
        !v->periodic_timer.active) {
        v->periodic_last_event = NOW();
        pv_periodic_work(v);
    }
}

/*
 * set_timer_op: an absolute system time; 0 stops the timer. Xen's quirk
 * for Linux's jiffy wrap: a negative time, or one more than 2^50 ns
 * (about 13 days) ahead, fires in 100 ms instead.
 */
long do_set_timer_op(uint64_t timeout)
{
    struct vcpu *v = current_vcpu();
    s_time_t t = (s_time_t)timeout, offset = t - NOW();
    if (!t)
        stop_timer(&v->singleshot_timer);
    else if (t < 0 || (offset > 0 && (uint32_t)(offset >> 50)))
        set_timer(&v->singleshot_timer, NOW() + MILLISECS(100));
    else
        set_timer(&v->singleshot_timer, t);
    return 0;
}
