/* SPDX-License-Identifier: BSD-2-Clause */
/* Runtime of the PV test kernels: console output, printf, exit. Memory,
 * string and formatting functions are the hypervisor's own (kernel/lib). */
#include "lib.h"
#include "hypercall.h"

struct start_info *guest_start_info;
struct guest_entry_state guest_entry;

char *strstr(const char *hay, const char *needle)
{
    size_t n = strlen(needle);

    for (; *hay; hay++)
        if (strncmp(hay, needle, n) == 0)
            return (char *)hay;
    return n ? NULL : (char *)hay;
}

/* Xen's console_io takes an int count; write in bounded pieces. */
void console_write(const char *s, size_t len)
{
    while (len) {
        int n = len > 1024 ? 1024 : (int)len;

        HYPERVISOR_console_io(CONSOLEIO_write, n, s);
        s += n;
        len -= (size_t)n;
    }
}

int printf(const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    console_write(buf, strnlen(buf, sizeof(buf)));
    return n;
}

void guest_exit(int status)
{
    struct sched_shutdown sd = {
        .reason = status ? SHUTDOWN_crash : SHUTDOWN_poweroff,
    };

    printf("guest: exit %d\n", status);
    HYPERVISOR_sched_op(SCHEDOP_shutdown, &sd);
    /* Shutdown refused: nothing sensible is left to do but stop here. */
    for (;;)
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
}
