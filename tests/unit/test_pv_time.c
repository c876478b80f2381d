/* SPDX-License-Identifier: BSD-2-Clause */
/* PV time (kernel/pv_time.c) on the host: the pvclock scale against
 * NOW()'s arithmetic, the wall clock, set_timer_op's Xen quirks. (The
 * record writers disable interrupts, so they run in the guest tests.) */
#include "harness.h"
#include <basalt/domain.h>
#include <basalt/time.h>
#include "../../kernel/pv_time.h"

uint64_t tsc_khz = 1000000, boot_tsc, boot_wallclock;
static s_time_t now_ns = 1000000000;
static struct vcpu *cur;
static s_time_t last_set = -1;
static unsigned int stops, virqs;

s_time_t NOW(void)
{
    return now_ns;
}

s_time_t tsc_to_ns(uint64_t tsc)
{
    (void)tsc;
    return 0;
}

struct vcpu *current_vcpu(void)
{
    return cur;
}

void timer_init(struct timer *t, void (*fn)(void *), void *data)
{
    memset(t, 0, sizeof(*t));
    t->fn = fn;
    t->data = data;
}

void set_timer(struct timer *t, s_time_t expires)
{
    t->expires = expires;
    t->active = true;
    last_set = expires;
}

void stop_timer(struct timer *t)
{
    t->active = false;
    stops++;
}

void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq)
{
    (void)v, (void)virq;
    virqs++;
}

/* The guest's formula, as Linux computes it (128-bit product). */
static uint64_t pvclock_ns(struct pvclock_scale s, uint64_t delta)
{
    delta = s.shift < 0 ? delta >> -s.shift : delta << s.shift;
    return (uint64_t)(((unsigned __int128)delta * s.mul) >> 32);
}

TEST(pvclock_scale_shapes)
{
    struct pvclock_scale s = pvclock_scale_from_mul(0x80000000ULL);
    CHECK_EQ(s.mul, 0x80000000U);
    CHECK_EQ(s.shift, 0);
    s = pvclock_scale_from_mul(1ULL << 32); /* a 1 GHz TSC (icount) */
    CHECK_EQ(s.mul, 0x80000000U);
    CHECK_EQ(s.shift, 1);
    s = pvclock_scale_from_mul((3ULL << 32) + 5);
    CHECK_EQ(s.shift, 2);
    CHECK_EQ(s.mul, ((3ULL << 32) + 5) >> 2); /* rounded down */
}

/* A TSC of 1 GHz or more: the guest computes exactly NOW()'s product;
 * slower: never ahead of it, and behind by at most 1 ns per 2^31 ticks. */
TEST(pvclock_matches_now)
{
    static const uint64_t khz[] = {1000000, 2500000, 3712345, 1234567,
                                   800000,  999999,  250000};
    static const uint64_t deltas[] = {
        0, 1, 12345, 1000000007, 1ULL << 40, 987654321012ULL, 1ULL << 50};
    for (unsigned int i = 0; i < ARRAY_SIZE(khz); i++) {
        struct time_scale ts;
        CHECK_EQ(time_scale_init(&ts, 1000000, khz[i]), 0);
        struct pvclock_scale s = pvclock_scale_from_mul(ts.mul);
        for (unsigned int j = 0; j < ARRAY_SIZE(deltas); j++) {
            uint64_t want = time_scale_apply(&ts, deltas[j]);
            uint64_t got = pvclock_ns(s, deltas[j]);
            if (ts.mul < (1ULL << 32))
                CHECK_EQ(got, want);
            CHECK(got <= want);
            CHECK(want - got <= (deltas[j] >> 31) + 1);
        }
    }
}

TEST(pv_wallclock)
{
    static struct shared_info si;
    struct domain d = {.shared_info = &si};
    boot_wallclock = 0x123456789ULL;
    si.wc_version = 6;
    pv_time_init_domain(&d);
    CHECK_EQ(si.wc_version, 8);
    CHECK_EQ(si.wc_sec, 0x23456789U);
    CHECK_EQ(si.wc_sec_hi, 1);
    CHECK_EQ(si.wc_nsec, 0);
}

TEST(set_timer_op_quirks)
{
    static struct vcpu v;
    cur = &v;
    vcpu_timers_init(&v);
    CHECK_EQ(v.periodic_period, MILLISECS(10)); /* Xen's 100 Hz default */
    CHECK_EQ(do_set_timer_op(now_ns + 5), 0);
    CHECK_EQ(last_set, now_ns + 5);
    CHECK_EQ(do_set_timer_op(7), 0); /* in the past: fires at once */
    CHECK_EQ(last_set, 7);
    stops = 0;
    CHECK_EQ(do_set_timer_op(0), 0);
    CHECK_EQ(stops, 1);
    CHECK(!v.singleshot_timer.active);
    CHECK_EQ(do_set_timer_op(~0ULL), 0); /* negative: 100 ms */
    CHECK_EQ(last_set, now_ns + MILLISECS(100));
    CHECK_EQ(do_set_timer_op(now_ns + (1LL << 50) + (1LL << 50)), 0);
    CHECK_EQ(last_set, now_ns + MILLISECS(100)); /* > 2^50 ahead */
    CHECK_EQ(do_set_timer_op(now_ns + (1LL << 50) - 1), 0);
    CHECK_EQ(last_set, now_ns + (1LL << 50) - 1);
    pv_timer_set_singleshot(&v, -5); /* timer.c cannot take negatives */
    CHECK_EQ(last_set, 0);
    /* The longest period: the next tick saturates instead of wrapping. */
    v.periodic_last_event = now_ns;
    pv_timer_set_periodic(&v, INT64_MAX);
    CHECK_EQ(last_set, INT64_MAX);
    CHECK_EQ(virqs, 0);
}
