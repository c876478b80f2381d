/* SPDX-License-Identifier: BSD-2-Clause */
/* console_io: a domain writes to (and dom0 reads from) the hypervisor
 * console. The hardware domain's output goes out raw, as on Xen; other
 * domains' goes out by line, prefixed and rate-limited. */
#include <basalt/lib.h>
#include <basalt/console.h>
#include <basalt/domain.h>
#include <basalt/errno.h>
#include <basalt/time.h>
#include <asm/guest_access.h>
#include <public/xen.h>

#define CONSOLE_IO_CHUNK 128

/* A domU's output goes out line by line as "(dN) text", like Xen's
 * guest_console_write; a line longer than the buffer is split. */
static void console_domu_put(struct domain *d, const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        bool eol = p[i] == '\n';
        if (!eol)
            d->console_line[d->console_line_len++] = p[i];
        if (eol || d->console_line_len == sizeof(d->console_line) - 1) {
            printk("(d%u) %.*s\n", d->domain_id, (int)d->console_line_len,
                   d->console_line);
            d->console_line_len = 0;
        }
    }
}

static void console_domu_write(struct domain *d, const char *p, size_t n)
{
    size_t ok =
        console_ratelimit(&d->console_tokens, &d->console_stamp, NOW(), n);
    if (ok && d->console_dropped) {
        printk("(d%u) [%llu bytes of output dropped]\n", d->domain_id,
               (unsigned long long)d->console_dropped);
        d->console_dropped = 0;
    }
    d->console_dropped += n - ok;
    console_domu_put(d, p, ok);
}

static long console_io_write(uint64_t count, uint64_t buf)
{
    struct domain *d = current_domain;
    char chunk[CONSOLE_IO_CHUNK];
    /* Xen takes the count as unsigned int: a "negative" one is huge and
     * fails at the first unmapped page, like any other bad range. */
    for (uint64_t left = (uint32_t)count; left;) {
        size_t n = left < sizeof(chunk) ? left : sizeof(chunk);
        if (copy_from_guest(chunk, buf, n))
            return -EFAULT;
        if (d->privileged)
            console_guest_write(chunk, n);
        else
            console_domu_write(d, chunk, n);
        buf += n;
        left -= n;
    }
    return 0;
}

static long console_io_read(uint64_t count, uint64_t buf)
{
    if ((int32_t)count < 0)
        return -E2BIG;
    long n = 0;
    console_input_switch(true); /* dom0 reads: input is its from now on */
    for (int c; (uint64_t)n < count && (c = console_input_get()) >= 0; n++) {
        char ch = (char)c;
        if (copy_to_guest(buf + (uint64_t)n, &ch, 1))
            return -EFAULT;
    }
    return n;
}

long do_console_io(uint64_t cmd, uint64_t count, uint64_t buf)
{
    switch (cmd) {
    case CONSOLEIO_write:
        return console_io_write(count, buf);
    case CONSOLEIO_read:
        if (!current_domain->privileged)
            return -EPERM;
        return console_io_read(count, buf);
    default:
        return -ENOSYS;
    }
}
