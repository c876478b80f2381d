/* SPDX-License-Identifier: BSD-2-Clause */
/* Guest memory access: range check, SMAP window, fault fixup. */
#include <basalt/lib.h>
#include <basalt/errno.h>
#include <asm/config.h>
#include <asm/guest_access.h>
#include <asm/processor.h>
#include <asm/traps.h>

/* Out of line: the fast path only tests the result. */
void __attribute__((noinline, cold))
copy_from_guest_failed(void *dst, size_t len, size_t left)
{
    memset((char *)dst + (len - left), 0, left);
}

int copy_from_guest(void *dst, uint64_t guest_src, size_t len)
{
    return copy_from_guest_inline(dst, guest_src, len);
}

int copy_to_guest(uint64_t guest_dst, const void *src, size_t len)
{
    return copy_to_guest_inline(guest_dst, src, len);
}

int get_guest_u64(uint64_t *val, uint64_t guest_src)
{
    return get_guest_u64_inline(val, guest_src);
}

int get_guest_u32(uint32_t *val, uint64_t guest_src)
{
    return get_guest_u32_inline(val, guest_src);
}
