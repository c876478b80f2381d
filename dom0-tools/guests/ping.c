/* SPDX-License-Identifier: BSD-2-Clause */
/* Sample guest "ping": times event-channel round trips to pong. */
#include "hypercall.h"
#include "pingpong.h"
#include "xs.h"

#define PING_SCAN_DISTANCE 64 /* domids tried on each side of our own */
#define PING_FIND_NS       (60 * NSEC_PER_SEC)
#define PING_RETRY_NS      (100 * NSEC_PER_MSEC)
#define PING_READY_NS      (10 * NSEC_PER_SEC)
#define PING_ROUNDS_NS     (30 * NSEC_PER_SEC)

static uint64_t ping_cycles[PP_ROUNDS];

/* Is pong of our pair published in domain d? */
static bool ping_is_pong(unsigned long d, const char *pair)
{
    char path[64], val[32];

    if (d == 0 || d >= DOMID_FIRST_RESERVED)
        return false;
    snprintf(path, sizeof(path), "/local/domain/%lu/%s", d, PP_DIR);
    return xs_read(path, val, sizeof(val)) >= 0 && !strcmp(val, pair);
}

/*
 * A domU may not list /local/domain, but it may read any node whose
 * permissions allow it, and pong's rendezvous is world-readable. Domains
 * started together get neighbouring domids, so try the nearest first;
 * "pong=ID" on the command line skips the search.
 */
static unsigned long ping_find_pong(unsigned long self, const char *pair)
{
    uint64_t deadline = time_now() + PING_FIND_NS;
    char val[16];
    unsigned long d;

    if (guest_cmdline("pong", val, sizeof(val)) && guest_parse_uint(val, &d))
        return ping_is_pong(d, pair) ? d : 0;
    printf("ping: looking for pong (pair \"%s\")\n", pair);
    while (time_now() < deadline) {
        for (d = 1; d <= PING_SCAN_DISTANCE; d++) {
            if (d < self && ping_is_pong(self - d, pair))
                return self - d;
            if (ping_is_pong(self + d, pair))
                return self + d;
        }
        time_sleep_until(time_now() + PING_RETRY_NS);
    }
    return 0;
}

static void ping_sort(uint64_t *v, unsigned int n)
{
    for (unsigned int i = 1; i < n; i++) {
        uint64_t x = v[i];
        unsigned int j = i;

        for (; j > 0 && v[j - 1] > x; j--)
            v[j] = v[j - 1];
        v[j] = x;
    }
}

/*
 * One round: send on out, sleep until in fires. The whole run shares one
 * watchdog deadline on the timer port, armed once, so no per-round timer
 * hypercall adds to what we measure. Returns the median, 0 on timeout.
 */
static uint64_t ping_measure(evtchn_port_t out, evtchn_port_t in)
{
    evtchn_port_t ports[2] = {in, time_port()};
    uint64_t deadline = time_now() + PING_ROUNDS_NS;

    HYPERVISOR_set_timer_op(deadline);
    for (unsigned int i = 0; i < PP_ROUNDS; i++) {
        uint64_t t0 = time_rdtsc();

        evtchn_send(out);
        while (evtchn_wait(ports, 2) != 0)
            if (time_now() >= deadline)
                return 0;
        ping_cycles[i] = time_rdtsc() - t0;
    }
    HYPERVISOR_set_timer_op(0);
    ping_sort(ping_cycles, PP_ROUNDS);
    return ping_cycles[PP_ROUNDS / 2];
}

/* The initial domain has no xenstore and no peer: time a loopback pair
 * instead, so the sample still exercises its event path as a test. */
static int ping_loopback(void)
{
    evtchn_port_t a, b;
    uint64_t median;

    printf("ping: no xenstore; timing a loopback channel instead\n");
    if (evtchn_alloc_unbound(DOMID_SELF, &a) ||
        evtchn_bind_interdomain(DOMID_SELF, a, &b) ||
        !(median = ping_measure(a, b))) {
        printf("ping: loopback channel failed\n");
        return 1;
    }
    printf("ping: %u loopback round trips, median %lu cycles\n", PP_ROUNDS,
           (unsigned long)median);
    return 0;
}

/* Offer pong a port in its rendezvous and wait for its "ready" event. */
static int ping_connect(unsigned long self, unsigned long pong,
                        evtchn_port_t *port, char *node, size_t n)
{
    char val[16];

    if (evtchn_alloc_unbound((domid_t)pong, port))
        return -1;
    snprintf(node, n, "/local/domain/%lu/%s/%lu", pong, PP_DIR, self);
    snprintf(val, sizeof(val), "%u", *port);
    if (xs_write(node, val))
        return -1;
    return time_wait(port, 1, time_now() + PING_READY_NS);
}

int sample_main(const struct start_info *si)
{
    char pair[32], self_s[16], node[96];
    unsigned long self, pong;
    evtchn_port_t port;
    uint64_t median;

    (void)si;
    if (!xs_available())
        return ping_loopback();
    pp_pair(pair, sizeof(pair));
    if (xs_read("domid", self_s, sizeof(self_s)) < 0 ||
        !guest_parse_uint(self_s, &self) ||
        !(pong = ping_find_pong(self, pair))) {
        printf("ping: no pong found\n");
        return 1;
    }
    if (ping_connect(self, pong, &port, node, sizeof(node)) < 0) {
        printf("ping: pong (domain %lu) did not answer\n", pong);
        return 1;
    }
    median = ping_measure(port, port);
    xs_write(node, PP_DONE);
    if (!median) {
        printf("ping: pong stopped answering\n");
        return 1;
    }
    printf("ping: %u round trips, median %lu cycles\n", PP_ROUNDS,
           (unsigned long)median);
    return 0;
}
