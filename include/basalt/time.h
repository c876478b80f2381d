/* SPDX-License-Identifier: BSD-2-Clause */
/* Time: the TSC as the clock, system time in nanoseconds since boot,
 * wall-clock time at boot, per-CPU one-shot software timers. */
#ifndef BASALT_TIME_H
#define BASALT_TIME_H

#include <basalt/types.h>

#define NSEC_PER_SEC  1000000000LL
#define MILLISECS(ms) ((s_time_t)(ms)*1000000LL)
#define MICROSECS(us) ((s_time_t)(us)*1000LL)

extern uint64_t tsc_khz;  /* calibrated TSC frequency */
extern uint64_t boot_tsc; /* TSC at time_init */

/* Calibrate the TSC against the HPET (or the PIT when there is none);
 * read the CMOS RTC. BSP, before SMP. */
void time_init(void);
/* Nanoseconds since boot (monotonic, all CPUs). */
s_time_t NOW(void);
uint64_t ns_to_tsc(s_time_t ns);
s_time_t tsc_to_ns(uint64_t tsc);
/* Busy-wait (no timer interrupts needed). */
void udelay(uint64_t us);
void mdelay(uint64_t ms);

/* Wall-clock seconds since the Unix epoch at boot (from the RTC), and
 * the broken-down time that was read. */
extern uint64_t boot_wallclock;
struct rtc_time {
    unsigned int year, mon, day, hour, min, sec;
};
int rtc_read(struct rtc_time *t); /* CMOS, BCD or binary */
uint64_t rtc_to_unix(const struct rtc_time *t);

/* One-shot software timer on the CPU that last set it; any CPU may set or
 * stop it. The callback runs in interrupt context on that CPU. */
struct timer {
    s_time_t expires;
    void (*fn)(void *data);
    void *data;
    unsigned int cpu;
    bool active;
    struct timer *next;
};
void timer_init(struct timer *t, void (*fn)(void *), void *data);
void set_timer(struct timer *t, s_time_t expires); /* absolute NOW() */
void stop_timer(struct timer *t);
/* stop_timer, then wait until its callback runs on no CPU (before the
 * timer's memory is freed). Not from the timer's own callback. */
void kill_timer(struct timer *t);
void timer_softirq(void); /* run expired timers, reprogram (IRQ context) */

/* Pure helpers (kernel/time_conv.c), unit-tested on the host. */

/* Fixed-point rate: out = in * num / den as (in * mul) >> 32 with a
 * 128-bit product, so the hot path has no division. */
struct time_scale {
    uint64_t mul;
};
/* Returns 0, or -EINVAL (and mul = 0) if den is 0 or num >= 2^32. */
int time_scale_init(struct time_scale *s, uint64_t num, uint64_t den);
/* Saturates at UINT64_MAX instead of wrapping. */
static inline uint64_t time_scale_apply(const struct time_scale *s, uint64_t v)
{
    unsigned __int128 p = (unsigned __int128)v * s->mul;

    if (unlikely((uint64_t)(p >> 96)))
        return UINT64_MAX;
    return (uint64_t)(p >> 32);
}

/* CMOS RTC registers as read, decoded by rtc_decode (BCD or binary, 12 or
 * 24 hour per status B; century used when plausible, else 20xx). Returns
 * 0 or -EINVAL when any field is out of range. */
struct rtc_raw {
    uint8_t sec, min, hour, day, mon, year, century, status_b;
};
int rtc_decode(const struct rtc_raw *r, struct rtc_time *t);

/* HPET (drivers/timer/hpet.c) and PIT (drivers/timer/pit.c). */
int hpet_init(uint64_t phys); /* 0 if usable */
uint64_t hpet_read_counter(void);
uint64_t hpet_period_fs(void); /* femtoseconds per tick */
/* Measure TSC ticks over ~'ms' with the PIT channel 2 gate, scaled to
 * exactly 'ms' (1..50); 0 when the PIT does not respond. */
uint64_t pit_calibrate_tsc(unsigned int ms);

#endif
