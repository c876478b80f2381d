/* SPDX-License-Identifier: BSD-2-Clause */
/* Byte rings shared with a backend (console, xenstore): pure copy logic. */
#ifndef SAMPLE_RING_H
#define SAMPLE_RING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * One direction of a Xen byte ring: a power-of-two buffer and two
 * free-running 32-bit indices. We own exactly one of them (prod when we
 * produce, cons when we consume); the other side is untrusted, so an
 * index pair that claims more than size bytes in flight counts as a full
 * ring to a producer and an empty one to a consumer: we never copy from
 * or past memory the backend made up.
 */
struct ring_view {
    volatile char *buf;
    uint32_t size; /* a power of two */
    volatile uint32_t *prod, *cons;
};

/* Producer side: free bytes, and copy as much of src[n] as fits. */
size_t ring_space(const struct ring_view *r);
size_t ring_put(const struct ring_view *r, const char *src, size_t n);

/* Like ring_put, but each '\n' goes out as "\r\n" (both or neither), as
 * terminals and Xen's PV console clients expect. Returns src bytes used. */
size_t ring_put_crlf(const struct ring_view *r, const char *src, size_t n);

/* Consumer side: bytes ready, and take up to n of them. */
size_t ring_ready(const struct ring_view *r);
size_t ring_get(const struct ring_view *r, char *dst, size_t n);

/* Everything produced has been consumed (or the indices are broken). */
bool ring_drained(const struct ring_view *r);

#endif
