/* SPDX-License-Identifier: BSD-2-Clause */
/* consoled over a fake console ring: output draining, the 16 KiB history,
 * pending output, input, wrapped and garbage indices. */
#include "harness.h"
#include <errno.h>
#include "xs_fake_os.h"
#include <dom0/consoled.h>
#include <public/io/console.h>

static struct xencons_interface *ring;
static evtchn_port_t port;

/* The guest prints s (as much as the ring takes) and kicks us. */
static size_t guest_print(const char *s, size_t n)
{
    size_t done = 0;

    while (done < n && ring->out_prod - ring->out_cons < sizeof(ring->out))
        ring->out[MASK_XENCONS_IDX(ring->out_prod++, ring->out)] = s[done++];
    fake_fire(port);
    return done;
}

static void setup(domid_t d)
{
    consoled_remove(1);
    consoled_remove(2);
    fake_reset();
    consoled_init();
    ring = fake_page_add(d, 500);
    CHECK_EQ(consoled_add(d, 500, 4), 0);
    port = fake_port_of(d);
}

TEST(consoled_add_and_read)
{
    char buf[64];

    setup(1);
    CHECK(port != 0);
    CHECK_EQ(fake_ports[port].remote_dom, 1);
    CHECK_EQ(fake_ports[port].remote_port, 4);
    CHECK_EQ(consoled_add(1, 500, 4), -EEXIST);
    CHECK_EQ(consoled_add(9, 501, 4), -22);
    CHECK_EQ(guest_print("hello\n", 6), 6);
    CHECK_EQ(ring->out_cons, 6);
    CHECK(fake_ports[port].notified > 0);
    CHECK_EQ(consoled_read(1, buf, 3), 3);
    CHECK_EQ(memcmp(buf, "hel", 3), 0);
    CHECK_EQ(consoled_read(1, buf, sizeof(buf)), 3);
    CHECK_EQ(memcmp(buf, "lo\n", 3), 0);
    CHECK_EQ(consoled_read(1, buf, sizeof(buf)), 0);
    CHECK_EQ(consoled_history(1, buf, sizeof(buf)), 6);
    CHECK_EQ(memcmp(buf, "hello\n", 6), 0);
    CHECK_EQ(consoled_read(7, buf, sizeof(buf)), 0);
}

TEST(consoled_output_before_attach)
{
    char buf[16];

    consoled_remove(1);
    fake_reset();
    ring = fake_page_add(2, 600);
    memcpy(ring->out, "early", 5);
    ring->out_prod = 5;
    CHECK_EQ(consoled_add(2, 600, 1), 0);
    CHECK_EQ(consoled_read(2, buf, sizeof(buf)), 5);
    CHECK_EQ(memcmp(buf, "early", 5), 0);
    consoled_remove(2);
}

TEST(consoled_history_keeps_newest)
{
    static char out[20000], buf[CONSOLED_HISTORY_SIZE + 100];
    size_t sent = 0;

    setup(1);
    for (size_t i = 0; i < sizeof(out); i++)
        out[i] = (char)('a' + i % 23);
    while (sent < sizeof(out))
        sent += guest_print(out + sent, sizeof(out) - sent);
    CHECK_EQ(consoled_history(1, buf, sizeof(buf)), CONSOLED_HISTORY_SIZE);
    CHECK_EQ(memcmp(buf, out + sizeof(out) - CONSOLED_HISTORY_SIZE,
                    CONSOLED_HISTORY_SIZE),
             0);
    CHECK_EQ(consoled_history(1, buf, 10), 10);
    CHECK_EQ(memcmp(buf, out + sizeof(out) - 10, 10), 0);
    /* Unread output older than the history is lost, the rest is pending. */
    CHECK_EQ(consoled_read(1, buf, sizeof(buf)), CONSOLED_HISTORY_SIZE);
    CHECK_EQ(memcmp(buf, out + sizeof(out) - CONSOLED_HISTORY_SIZE,
                    CONSOLED_HISTORY_SIZE),
             0);
}

TEST(consoled_wrapped_indices)
{
    char buf[64];

    setup(1);
    ring->out_cons = ring->out_prod = 0xFFFFFFFEu;
    CHECK_EQ(guest_print("wrap!", 5), 5);
    CHECK_EQ(ring->out_cons, 3);
    CHECK_EQ(consoled_read(1, buf, sizeof(buf)), 5);
    CHECK_EQ(memcmp(buf, "wrap!", 5), 0);
    ring->in_cons = ring->in_prod = 0xFFFFFFFFu;
    CHECK_EQ(consoled_write(1, "ab", 2), 2);
    CHECK_EQ(ring->in_prod, 1);
    CHECK_EQ(ring->in[1023], 'a');
    CHECK_EQ(ring->in[0], 'b');
}

TEST(consoled_garbage_indices)
{
    char buf[64];

    setup(1);
    ring->out_prod = ring->out_cons + 5000;
    fake_fire(port);
    CHECK_EQ(consoled_garbage_count(1), 1);
    CHECK_EQ(ring->out_cons, ring->out_prod);
    CHECK_EQ(consoled_read(1, buf, sizeof(buf)), 0);
    CHECK_EQ(guest_print("ok", 2), 2); /* and it carries on */
    CHECK_EQ(consoled_read(1, buf, sizeof(buf)), 2);
    ring->in_cons = ring->in_prod + 3000;
    CHECK_EQ(consoled_write(1, "x", 1), 1);
    CHECK_EQ(consoled_garbage_count(1), 2);
    CHECK_EQ(ring->in_prod, ring->in_cons + 1);
}

TEST(consoled_input_full_ring)
{
    static char in[1500];
    unsigned int before;

    setup(1);
    memset(in, 'i', sizeof(in));
    before = fake_ports[port].notified;
    CHECK_EQ(consoled_write(1, in, sizeof(in)), 1024);
    CHECK_EQ(consoled_write(1, in, 1), 0);
    CHECK(fake_ports[port].notified > before);
    ring->in_cons += 24;
    CHECK_EQ(consoled_write(1, in, sizeof(in)), 24);
    CHECK_EQ(consoled_write(7, in, 1), -ENOENT);
}

TEST(consoled_remove_and_poll)
{
    char buf[8];

    setup(1);
    memcpy(ring->out, "polled", 6);
    ring->out_prod = 6; /* no event: the service finds it */
    os_poll();
    CHECK_EQ(consoled_history(1, buf, sizeof(buf)), 6);
    CHECK_EQ(memcmp(buf, "polled", 6), 0);
    consoled_remove(1);
    CHECK(fake_ports[port].fn == NULL);
    CHECK_EQ(fake_ports[port].closed, 1);
    CHECK_EQ(fake_unmaps, 1);
    CHECK_EQ(consoled_read(1, buf, sizeof(buf)), 0);
    CHECK_EQ(consoled_history(1, buf, sizeof(buf)), 0);
}
