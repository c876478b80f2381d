/* SPDX-License-Identifier: BSD-2-Clause */
/* The guest end of Xen's PV console ring, or console_io for dom0. */
#include "guest.h"
#include "hypercall.h"
#include "ring.h"
#include <public/io/console.h>

/* How long a full ring may stall us before we look again anyway. */
#define CONSOLE_RETRY_NS (10 * NSEC_PER_MSEC)

static volatile struct xencons_interface *cons_intf;
static evtchn_port_t cons_port;
static struct ring_view cons_out, cons_in;
static unsigned char cons_spare[GUEST_PAGE_SIZE]
    __attribute__((aligned(GUEST_PAGE_SIZE)));

/*
 * The initial domain has no ring: console.dom0 shares the bytes of
 * console.domU, so the flag decides, not the mfn. "console=xen" on the
 * command line forces console_io (the hypervisor log) for debugging.
 */
void console_init(const struct start_info *si)
{
    char val[8];

    cons_intf = NULL;
    if (guest_is_initial() || !si->console.domU.mfn ||
        (guest_cmdline("console", val, sizeof(val)) && !strcmp(val, "xen")))
        return;
    cons_intf = guest_map_mfn(si->console.domU.mfn, cons_spare);
    if (!cons_intf)
        return;
    cons_port = si->console.domU.evtchn;
    cons_out = (struct ring_view){cons_intf->out, sizeof(cons_intf->out),
                                  &cons_intf->out_prod, &cons_intf->out_cons};
    cons_in = (struct ring_view){cons_intf->in, sizeof(cons_intf->in),
                                 &cons_intf->in_prod, &cons_intf->in_cons};
}

bool console_is_ring(void)
{
    return cons_intf != NULL;
}

/* Xen's console_io takes an int count; write in bounded pieces. */
static void console_io_write(const char *s, size_t n)
{
    while (n) {
        int k = n > 1024 ? 1024 : (int)n;

        HYPERVISOR_console_io(CONSOLEIO_write, k, s);
        s += k;
        n -= (size_t)k;
    }
}

/* Fill the ring, kick the backend, and while the ring is full wait for
 * its "I consumed" notification (or a short timeout, if it sends none). */
void console_write(const char *s, size_t n)
{
    if (!cons_intf) {
        console_io_write(s, n);
        return;
    }
    while (n) {
        size_t k = ring_put_crlf(&cons_out, s, n);

        s += k;
        n -= k;
        evtchn_send(cons_port);
        if (n)
            time_wait(&cons_port, 1, time_now() + CONSOLE_RETRY_NS);
    }
}

size_t console_read(char *buf, size_t n)
{
    size_t k;

    if (!cons_intf)
        return 0;
    k = ring_get(&cons_in, buf, n);
    if (k)
        evtchn_send(cons_port); /* room for more input */
    return k;
}

/* Give the backend a chance to drain out[] before the domain goes away:
 * a destroyed domain's unread output would be lost. */
void console_flush(uint64_t timeout_ns)
{
    uint64_t deadline = time_now() + timeout_ns;

    while (cons_intf && !ring_drained(&cons_out) && time_now() < deadline)
        time_wait(&cons_port, 1, time_now() + CONSOLE_RETRY_NS);
}
