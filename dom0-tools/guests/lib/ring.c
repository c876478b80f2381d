/* SPDX-License-Identifier: BSD-2-Clause */
/* Byte rings shared with a backend: bounded copies with ordered indices. */
#include "ring.h"

/*
 * Ordering (x86 is TSO, so these cost nothing but compiler barriers):
 * the producer reads cons, writes the bytes, then publishes prod with a
 * release store; the consumer reads prod with an acquire load, copies the
 * bytes out, then publishes cons with a release store so the producer
 * never reuses a slot we have not finished reading.
 */
static uint32_t ring_in_flight(const struct ring_view *r)
{
    uint32_t prod = __atomic_load_n(r->prod, __ATOMIC_ACQUIRE);
    uint32_t cons = __atomic_load_n(r->cons, __ATOMIC_ACQUIRE);

    return prod - cons;
}

size_t ring_space(const struct ring_view *r)
{
    uint32_t used = ring_in_flight(r);

    return used > r->size ? 0 : r->size - used;
}

size_t ring_put(const struct ring_view *r, const char *src, size_t n)
{
    size_t space = ring_space(r);
    uint32_t prod = *r->prod;

    if (n > space)
        n = space;
    for (size_t i = 0; i < n; i++)
        r->buf[(prod + i) & (r->size - 1)] = src[i];
    __atomic_store_n(r->prod, prod + (uint32_t)n, __ATOMIC_RELEASE);
    return n;
}

size_t ring_put_crlf(const struct ring_view *r, const char *src, size_t n)
{
    size_t done = 0;

    while (done < n) {
        const char *nl = src + done;
        size_t run = 0;

        while (done + run < n && nl[run] != '\n')
            run++;
        size_t put = ring_put(r, src + done, run);
        done += put;
        if (put < run || done == n)
            break;
        if (ring_space(r) < 2 || ring_put(r, "\r\n", 2) != 2)
            break;
        done++; /* the '\n' */
    }
    return done;
}

size_t ring_ready(const struct ring_view *r)
{
    uint32_t used = ring_in_flight(r);

    return used > r->size ? 0 : used;
}

size_t ring_get(const struct ring_view *r, char *dst, size_t n)
{
    size_t ready = ring_ready(r);
    uint32_t cons = *r->cons;

    if (n > ready)
        n = ready;
    for (size_t i = 0; i < n; i++)
        dst[i] = r->buf[(cons + i) & (r->size - 1)];
    __atomic_store_n(r->cons, cons + (uint32_t)n, __ATOMIC_RELEASE);
    return n;
}

bool ring_drained(const struct ring_view *r)
{
    uint32_t used = ring_in_flight(r);

    return used == 0 || used > r->size;
}
