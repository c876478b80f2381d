/* SPDX-License-Identifier: BSD-2-Clause */
/* Guest memory access: range check, SMAP window, fault fixup. */
#include <basalt/lib.h>
#include <basalt/errno.h>
#include <asm/config.h>
#include <asm/guest_access.h>
#include <asm/processor.h>
#include <asm/traps.h>

#define CANONICAL_LOW_END 0x0000800000000000UL /* first non-canonical */

bool guest_range_ok(uint64_t va, size_t len)
{
    uint64_t last = va + len - 1;
    if (!len)
        return true;
    if (last < va)
        return false; /* wraps */
    if (va < CANONICAL_LOW_END)
        return last < CANONICAL_LOW_END;
    return va >= HYPERVISOR_VIRT_END; /* hole and window refused */
}

/* rep movsb with a fixup: returns the bytes left uncopied (0 = all). The
 * SMAP window (stac/clac) is open only around the one instruction. */
static size_t guest_copy(void *dst, const void *src, size_t len)
{
    if (smap_active)
        __asm__ volatile("stac" ::: "memory");
    __asm__ volatile("1: rep movsb\n"
                     "2:\n" _ASM_EXTABLE(1b, 2b)
                     : "+D"(dst), "+S"(src), "+c"(len)
                     :
                     : "memory");
    if (smap_active)
        __asm__ volatile("clac" ::: "memory");
    return len;
}

int copy_from_guest(void *dst, uint64_t guest_src, size_t len)
{
    size_t left = len;
    if (guest_range_ok(guest_src, len))
        left = guest_copy(dst, (const void *)guest_src, len);
    if (!left)
        return 0;
    memset((char *)dst + (len - left), 0, left);
    return -EFAULT;
}

int copy_to_guest(uint64_t guest_dst, const void *src, size_t len)
{
    if (!guest_range_ok(guest_dst, len))
        return -EFAULT;
    return guest_copy((void *)guest_dst, src, len) ? -EFAULT : 0;
}
