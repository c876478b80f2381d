/* SPDX-License-Identifier: BSD-2-Clause */
/* Host tests of the sample guests' shared byte rings (console, xenstore). */
#include "harness.h"
#include "ring.h"

#include <stdint.h>

/* An 8-byte ring, small enough to wrap in every test. */
static char buf[8];
static uint32_t prod, cons;
static const struct ring_view ring = {buf, sizeof(buf), &prod, &cons};

static void ring_reset(uint32_t start)
{
    memset(buf, '.', sizeof(buf));
    prod = cons = start;
}

TEST(put_fills_to_size_then_stops)
{
    ring_reset(0);
    CHECK_EQ(ring_space(&ring), 8);
    CHECK_EQ(ring_put(&ring, "abcdefghij", 10), 8);
    CHECK_EQ(prod, 8);
    CHECK_EQ(ring_space(&ring), 0);
    CHECK_EQ(ring_put(&ring, "x", 1), 0);
    CHECK(memcmp(buf, "abcdefgh", 8) == 0);
}

TEST(get_returns_bytes_in_order_across_the_wrap)
{
    char out[16] = {0};

    ring_reset(5); /* slots 5, 6, 7, then 0, 1 */
    CHECK_EQ(ring_put(&ring, "hello", 5), 5);
    CHECK_EQ(buf[5], 'h');
    CHECK_EQ(buf[1], 'o');
    CHECK_EQ(ring_ready(&ring), 5);
    CHECK_EQ(ring_get(&ring, out, 3), 3);
    CHECK_STR(out, "hel");
    CHECK_EQ(ring_get(&ring, out, sizeof(out)), 2);
    out[2] = '\0';
    CHECK_STR(out, "lo");
    CHECK_EQ(cons, 10);
    CHECK(ring_drained(&ring));
}

TEST(indices_wrap_at_2_to_the_32)
{
    char out[4];

    ring_reset(UINT32_MAX - 1);
    CHECK_EQ(ring_put(&ring, "wxyz", 4), 4);
    CHECK_EQ(prod, 2);
    CHECK_EQ(ring_ready(&ring), 4);
    CHECK_EQ(ring_get(&ring, out, 4), 4);
    CHECK(memcmp(out, "wxyz", 4) == 0);
}

TEST(crlf_expands_newlines)
{
    char out[8];

    ring_reset(0);
    CHECK_EQ(ring_put_crlf(&ring, "a\nb\n", 4), 4);
    CHECK_EQ(ring_ready(&ring), 6);
    CHECK_EQ(ring_get(&ring, out, 6), 6);
    CHECK(memcmp(out, "a\r\nb\r\n", 6) == 0);
}

/* "\r\n" goes out whole or not at all, and the '\n' counts as unsent. */
TEST(crlf_never_splits_the_pair)
{
    char out[8];

    ring_reset(0);
    CHECK_EQ(ring_put_crlf(&ring, "abcdefg\nh", 9), 7);
    CHECK_EQ(ring_ready(&ring), 7);
    CHECK_EQ(ring_get(&ring, out, 7), 7);
    CHECK_EQ(ring_put_crlf(&ring, "\nh", 2), 2);
    CHECK_EQ(ring_get(&ring, out, 8), 3);
    CHECK(memcmp(out, "\r\nh", 3) == 0);
}

/* A backend that claims more than a ring's worth in flight is lying:
 * nothing is read and nothing is written. */
TEST(hostile_indices_copy_nothing)
{
    char out[8] = {0};

    ring_reset(0);
    prod = 100;
    cons = 0;
    CHECK_EQ(ring_ready(&ring), 0);
    CHECK_EQ(ring_get(&ring, out, sizeof(out)), 0);
    CHECK_EQ(cons, 0);
    CHECK_EQ(ring_space(&ring), 0);
    CHECK_EQ(ring_put(&ring, "x", 1), 0);
    CHECK_EQ(prod, 100);
    CHECK(ring_drained(&ring)); /* nothing more will ever drain */
    prod = 0;
    cons = 1; /* consumer ahead of producer */
    CHECK_EQ(ring_space(&ring), 0);
    CHECK_EQ(ring_ready(&ring), 0);
}

TEST(drained_tracks_the_consumer)
{
    char out[2];

    ring_reset(3);
    CHECK(ring_drained(&ring));
    ring_put(&ring, "ab", 2);
    CHECK(!ring_drained(&ring));
    ring_get(&ring, out, 1);
    CHECK(!ring_drained(&ring));
    ring_get(&ring, out, 1);
    CHECK(ring_drained(&ring));
}
