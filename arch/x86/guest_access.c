/* SPDX-License-Identifier: BSD-2-Clause */
/* Guest memory access: range check, SMAP window, fault fixup. */
#include <basalt/lib.h>
#include <basalt/errno.h>
#include <asm/config.h>
#include <asm/guest_access.h>
#include <asm/processor.h>
#include <asm/traps.h>

/* rep movsq (8-byte aligned everything) or rep movsb, with a fixup:
 * returns the bytes left uncopied (0 = all). The SMAP window (stac/clac)
 * is open only around the one instruction. Small aligned copies (trap
 * frames, iret contexts) are the hot case. */
static size_t guest_copy(void *dst, const void *src, size_t len)
{
    bool quads = !(((uintptr_t)dst | (uintptr_t)src | len) & 7);
    size_t n = quads ? len / 8 : len;
    if (smap_active)
        __asm__ volatile("stac" ::: "memory");
    if (quads)
        __asm__ volatile("1: rep movsq\n"
                         "2:\n" _ASM_EXTABLE(1b, 2b)
                         : "+D"(dst), "+S"(src), "+c"(n)
                         :
                         : "memory");
    else
        __asm__ volatile("1: rep movsb\n"
                         "2:\n" _ASM_EXTABLE(1b, 2b)
                         : "+D"(dst), "+S"(src), "+c"(n)
                         :
                         : "memory");
    if (smap_active)
        __asm__ volatile("clac" ::: "memory");
    return quads ? n * 8 : n;
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
