/* SPDX-License-Identifier: BSD-2-Clause */
/* The one gate for guest memory: every hypercall argument that points into
 * a guest is read and written only through these. */
#ifndef ASM_GUEST_ACCESS_H
#define ASM_GUEST_ACCESS_H

#include <basalt/types.h>

#include <asm/config.h>

/* True when [va, va + len) is a guest address range: canonical, outside
 * the hypervisor's window (L4 slots 256-271), not wrapping. Inline: it
 * sits on every hypercall's and every trap bounce's path. */
static inline bool guest_range_ok(uint64_t va, size_t len)
{
    uint64_t last = va + len - 1;
    if (!len)
        return true;
    if (last < va)
        return false; /* wraps */
    if (va < CANONICAL_LOW_END)
        return last < CANONICAL_LOW_END;
    return va >= HYPERVISOR_VIRT_END; /* the hole and the window refused */
}

/* Copy 'len' bytes from or to the current guest address space. Returns 0,
 * or -EFAULT when the range is not a guest range or a page is missing or
 * not allowed; on failure copy_from_guest zero-fills 'dst' so no stale
 * hypervisor data is ever used as guest input. */
int copy_from_guest(void *dst, uint64_t guest_src, size_t len);
int copy_to_guest(uint64_t guest_dst, const void *src, size_t len);

/* Read one 64-bit word at guest_src (any alignment): 0, or -EFAULT with
 * *val = 0 when the copy above would fail. */
int get_guest_u64(uint64_t *val, uint64_t guest_src);

#endif
