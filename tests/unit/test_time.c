/* SPDX-License-Identifier: BSD-2-Clause */
/* Host tests for the pure time code: scales, RTC decoding, Unix time. */
#include "harness.h"
#include <basalt/errno.h>
#include <basalt/time.h>

static uint64_t unix_of(unsigned int y, unsigned int mo, unsigned int d,
                        unsigned int h, unsigned int mi, unsigned int s)
{
    struct rtc_time t = {y, mo, d, h, mi, s};

    return rtc_to_unix(&t);
}

TEST(rtc_to_unix_known_dates)
{
    CHECK_EQ(unix_of(1970, 1, 1, 0, 0, 0), 0);
    CHECK_EQ(unix_of(2000, 1, 1, 0, 0, 0), 946684800);
    CHECK_EQ(unix_of(2024, 2, 29, 12, 34, 56), 1709210096);
    CHECK_EQ(unix_of(2038, 1, 19, 3, 14, 8), 2147483648ULL);
    CHECK_EQ(unix_of(2100, 3, 1, 0, 0, 0), 4107542400ULL);
    /* Month boundaries around the March-based year. */
    CHECK_EQ(unix_of(1970, 3, 1, 0, 0, 0), 59 * 86400);
    CHECK_EQ(unix_of(1999, 12, 31, 23, 59, 59), 946684799);
    CHECK_EQ(unix_of(2000, 3, 1, 0, 0, 0), 951868800); /* 2000 is leap */
}

TEST(rtc_to_unix_before_epoch_is_zero)
{
    CHECK_EQ(unix_of(1969, 12, 31, 23, 59, 59), 0);
    CHECK_EQ(unix_of(1900, 1, 1, 0, 0, 0), 0);
}

static int decode(struct rtc_raw r, struct rtc_time *t)
{
    memset(t, 0xa5, sizeof(*t));
    return rtc_decode(&r, t);
}

TEST(rtc_decode_bcd_24h)
{
    struct rtc_time t;
    /* 2024-02-29 23:59:58, BCD, 24-hour, century register 0x20. */
    struct rtc_raw r = {0x58, 0x59, 0x23, 0x29, 0x02, 0x24, 0x20, 0x02};

    CHECK_EQ(decode(r, &t), 0);
    CHECK_EQ(t.year, 2024);
    CHECK_EQ(t.mon, 2);
    CHECK_EQ(t.day, 29);
    CHECK_EQ(t.hour, 23);
    CHECK_EQ(t.min, 59);
    CHECK_EQ(t.sec, 58);
}

TEST(rtc_decode_binary_12h)
{
    struct rtc_time t;
    /* Binary, 12-hour: 0x80 | 1 is 1 PM; 12 AM is midnight; 12 PM noon. */
    struct rtc_raw r = {5, 6, 0x80 | 1, 15, 7, 99, 20, 0x04};

    CHECK_EQ(decode(r, &t), 0);
    CHECK_EQ(t.year, 2099);
    CHECK_EQ(t.hour, 13);
    r.hour = 12;
    CHECK_EQ(decode(r, &t), 0);
    CHECK_EQ(t.hour, 0);
    r.hour = 0x80 | 12;
    CHECK_EQ(decode(r, &t), 0);
    CHECK_EQ(t.hour, 12);
    r.hour = 0; /* no hour 0 on a 12-hour clock */
    CHECK_EQ(decode(r, &t), -EINVAL);
}

TEST(rtc_decode_bcd_12h_pm)
{
    struct rtc_time t;
    struct rtc_raw r = {0x00, 0x30, 0x80 | 0x11, 0x01, 0x01, 0x25, 0x20, 0};

    CHECK_EQ(decode(r, &t), 0);
    CHECK_EQ(t.hour, 23);
}

TEST(rtc_decode_century)
{
    struct rtc_time t;
    struct rtc_raw r = {0, 0, 0, 0x01, 0x01, 0x24, 0x00, 0x02};

    CHECK_EQ(decode(r, &t), 0); /* no century byte: 20xx */
    CHECK_EQ(t.year, 2024);
    r.century = 0x21;
    CHECK_EQ(decode(r, &t), 0);
    CHECK_EQ(t.year, 2124);
    r.century = 0xff; /* garbage: assume 20xx */
    CHECK_EQ(decode(r, &t), 0);
    CHECK_EQ(t.year, 2024);
    r.century = 0x19; /* 1924: before the epoch */
    CHECK_EQ(decode(r, &t), -EINVAL);
}

TEST(rtc_decode_rejects_garbage)
{
    struct rtc_time t;
    struct rtc_raw ok = {0x00, 0x00, 0x00, 0x28, 0x02, 0x23, 0x20, 0x02};
    struct rtc_raw r;

    CHECK_EQ(decode(ok, &t), 0);
    r = ok, r.day = 0x29; /* 2023 is not leap */
    CHECK_EQ(decode(r, &t), -EINVAL);
    r = ok, r.year = 0x24, r.day = 0x29;
    CHECK_EQ(decode(r, &t), 0);
    r = ok, r.sec = 0x1a; /* not BCD */
    CHECK_EQ(decode(r, &t), -EINVAL);
    r = ok, r.min = 0x60;
    CHECK_EQ(decode(r, &t), -EINVAL);
    r = ok, r.hour = 0x24;
    CHECK_EQ(decode(r, &t), -EINVAL);
    r = ok, r.mon = 0x13;
    CHECK_EQ(decode(r, &t), -EINVAL);
    r = ok, r.mon = 0;
    CHECK_EQ(decode(r, &t), -EINVAL);
    r = ok, r.day = 0;
    CHECK_EQ(decode(r, &t), -EINVAL);
    r = ok, r.mon = 0x04, r.day = 0x31;
    CHECK_EQ(decode(r, &t), -EINVAL);
    /* A missing RTC reads all-ones. */
    memset(&r, 0xff, sizeof(r));
    CHECK_EQ(decode(r, &t), -EINVAL);
}

TEST(time_scale_1ghz_identity)
{
    struct time_scale to_ns, to_tsc;

    CHECK_EQ(time_scale_init(&to_ns, 1000000, 1000000), 0);
    CHECK_EQ(time_scale_init(&to_tsc, 1000000, 1000000), 0);
    CHECK_EQ(time_scale_apply(&to_ns, 0), 0);
    CHECK_EQ(time_scale_apply(&to_ns, 1), 1);
    CHECK_EQ(time_scale_apply(&to_ns, 123456789012345ULL), 123456789012345ULL);
    CHECK_EQ(time_scale_apply(&to_tsc, 987654321ULL), 987654321ULL);
}

TEST(time_scale_2500mhz)
{
    struct time_scale to_ns, to_tsc;
    uint64_t ns;

    CHECK_EQ(time_scale_init(&to_ns, 1000000, 2500000), 0);
    CHECK_EQ(time_scale_init(&to_tsc, 2500000, 1000000), 0);
    ns = time_scale_apply(&to_ns, 2500000000ULL);
    CHECK(ns >= 999999999ULL && ns <= 1000000001ULL);
    CHECK_EQ(time_scale_apply(&to_tsc, 1000000000ULL), 2500000000ULL);
    CHECK_EQ(time_scale_apply(&to_tsc, 400), 1000);
}

TEST(time_scale_odd_rate_round_trip)
{
    struct time_scale to_ns, to_tsc;
    const uint64_t khz = 2893437;               /* 2.893437 GHz */
    uint64_t tsc = 3ULL * 3600 * 2893437000ULL; /* three hours */
    uint64_t ns, back;

    CHECK_EQ(time_scale_init(&to_ns, 1000000, khz), 0);
    CHECK_EQ(time_scale_init(&to_tsc, khz, 1000000), 0);
    ns = time_scale_apply(&to_ns, tsc);
    /* Rounded multiplier: error below 2^-32 relative, ~3 us here. */
    CHECK(ns > 3ULL * 3600 * NSEC_PER_SEC - 5000);
    CHECK(ns < 3ULL * 3600 * NSEC_PER_SEC + 5000);
    back = time_scale_apply(&to_tsc, ns);
    CHECK(back > tsc - 20000 && back < tsc + 20000);
}

TEST(time_scale_ten_years_at_4ghz)
{
    struct time_scale to_ns, to_tsc;
    const uint64_t secs = 10ULL * 365 * 86400;
    uint64_t tsc = secs * 4000000000ULL;

    CHECK_EQ(time_scale_init(&to_ns, 1000000, 4000000), 0);
    CHECK_EQ(time_scale_init(&to_tsc, 4000000, 1000000), 0);
    CHECK_EQ(time_scale_apply(&to_ns, tsc), secs * NSEC_PER_SEC);
    CHECK_EQ(time_scale_apply(&to_tsc, secs * NSEC_PER_SEC), tsc);
    /* The whole TSC range converts without wrapping. */
    CHECK_EQ(time_scale_apply(&to_ns, UINT64_MAX), UINT64_MAX / 4);
}

TEST(time_scale_saturates_and_rejects)
{
    struct time_scale s;

    CHECK_EQ(time_scale_init(&s, 4000000, 1000000), 0);
    CHECK_EQ(time_scale_apply(&s, UINT64_MAX), UINT64_MAX);
    CHECK_EQ(time_scale_apply(&s, UINT64_MAX / 4), UINT64_MAX / 4 * 4);
    CHECK_EQ(time_scale_apply(&s, UINT64_MAX / 4 + 1), UINT64_MAX);
    CHECK_EQ(time_scale_init(&s, 1000000, 0), -EINVAL);
    CHECK_EQ(s.mul, 0);
    CHECK_EQ(time_scale_init(&s, 1ULL << 32, 1), -EINVAL);
    /* LAPIC timer: 62.5 MHz timer against a 3 GHz TSC, 1 ms. The
     * multiplier rounds down here and apply truncates: one tick short,
     * which apic_timer_program's +1 covers. */
    CHECK_EQ(time_scale_init(&s, 62500, 3000000), 0);
    CHECK_EQ(s.mul, 89478485);
    CHECK_EQ(time_scale_apply(&s, 3000000), 62499);
    CHECK_EQ(time_scale_apply(&s, 3000000 + 48), 62500);
}
