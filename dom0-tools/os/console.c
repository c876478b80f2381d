/* SPDX-License-Identifier: BSD-2-Clause */
/* The hypervisor console for dom0: console_io writes, and input pulled
 * with CONSOLEIO_read on VIRQ_CONSOLE (or polled until that is seen). */
#include "os_priv.h"

#define OS_CON_RING 1024 /* a power of two */

static char os_con_ring[OS_CON_RING];
static unsigned int os_con_prod, os_con_cons;
bool os_console_virq_seen;

void os_console_pull(void)
{
    char chunk[128];
    for (;;) {
        unsigned int room = OS_CON_RING - (os_con_prod - os_con_cons);
        if (!room)
            return; /* full: leave the rest in the hypervisor's ring */
        if (room > sizeof(chunk))
            room = sizeof(chunk);
        long n = os_hypercall(__HYPERVISOR_console_io, CONSOLEIO_read, room,
                              (unsigned long)chunk, 0, 0);
        if (n <= 0)
            return;
        for (long i = 0; i < n && i < (long)room; i++)
            os_con_ring[os_con_prod++ % OS_CON_RING] = chunk[i];
    }
}

bool os_console_has_input(void)
{
    return os_con_prod != os_con_cons;
}

int os_console_read(char *buf, size_t n)
{
    size_t got = 0;
    if (!os_console_has_input())
        os_console_pull();
    while (got < n && os_console_has_input())
        buf[got++] = os_con_ring[os_con_cons++ % OS_CON_RING];
    return (int)got;
}

void os_console_write(const char *buf, size_t n)
{
    while (n) {
        size_t k = n > 4096 ? 4096 : n;
        os_hypercall(__HYPERVISOR_console_io, CONSOLEIO_write, k,
                     (unsigned long)buf, 0, 0);
        buf += k;
        n -= k;
    }
}

static void os_console_event(evtchn_port_t port, void *arg)
{
    (void)port;
    (void)arg;
    os_console_virq_seen = true;
    os_console_pull();
}

/* A hypervisor that never raises VIRQ_CONSOLE is fine: os_wait polls. */
void os_console_init(void)
{
    os_bind_virq(VIRQ_CONSOLE, os_console_event, NULL);
}
