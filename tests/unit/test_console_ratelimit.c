/* SPDX-License-Identifier: BSD-2-Clause */
/* The domU console token bucket: burst, refill rate, drops, clock jumps. */
#include "harness.h"
#include <basalt/console.h>
#include <basalt/time.h>

TEST(console_ratelimit_burst_then_dry)
{
    uint64_t tokens = 0;
    s_time_t stamp = 0;
    s_time_t t = 5 * NSEC_PER_SEC;
    CHECK_EQ(console_ratelimit(&tokens, &stamp, t, 10000), 10000);
    CHECK_EQ(console_ratelimit(&tokens, &stamp, t, 10000),
             CONSOLE_BURST - 10000);
    CHECK_EQ(console_ratelimit(&tokens, &stamp, t, 1), 0);
    CHECK_EQ(tokens, 0);
}

TEST(console_ratelimit_refill_rate)
{
    uint64_t tokens = 0;
    s_time_t stamp = NSEC_PER_SEC;
    /* 1/16 s later: 1024 bytes at 16 KiB/s. */
    CHECK_EQ(console_ratelimit(&tokens, &stamp,
                               NSEC_PER_SEC + NSEC_PER_SEC / 16, 4096),
             1024);
    /* 10 us later: 0.16 bytes, nothing yet, the stamp is kept. */
    s_time_t before = stamp;
    CHECK_EQ(console_ratelimit(&tokens, &stamp, stamp + 10000, 1), 0);
    CHECK_EQ(stamp, before);
}

TEST(console_ratelimit_long_gap_and_clock_jump)
{
    uint64_t tokens = 7;
    s_time_t stamp = 100;
    /* A week later: no overflow, a full bucket. */
    CHECK_EQ(
        console_ratelimit(&tokens, &stamp, 7LL * 86400 * NSEC_PER_SEC, 1 << 20),
        CONSOLE_BURST);
    /* Time going backwards resets rather than wraps. */
    CHECK_EQ(console_ratelimit(&tokens, &stamp, 5, 100), 100);
    CHECK_EQ(stamp, 5);
}
