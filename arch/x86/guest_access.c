/* SPDX-License-Identifier: BSD-2-Clause */
/* Guest memory access: range check, SMAP window, fault fixup. */
#include <basalt/lib.h>
#include <basalt/errno.h>
#include <asm/config.h>
#include <asm/guest_access.h>
#include <asm/processor.h>
#include <asm/traps.h>

/* One rep movs of 'unit'-byte elements with a fixup: returns the
 * elements left uncopied (0 = all). */
#define GUEST_REP_MOVS(insn, dst, src, n)                                      \
    __asm__ volatile("1: rep " insn "\n"                                       \
                     "2:\n" _ASM_EXTABLE(1b, 2b)                               \
                     : "+D"(dst), "+S"(src), "+c"(n)                           \
                     :                                                         \
                     : "memory")

/* Copy by the widest unit that divides len and both addresses (an
 * aligned unit never straddles a page, so a fault leaves every byte
 * before the bad page copied), returning the bytes left uncopied. The SMAP
 * window (stac/clac) is open only around the one instruction. Inlined into both
 * gates: small fixed-size copies (trap frames, iret contexts, hypercall
 * arguments) are the hot case, and every rep iteration counts. */
static inline __attribute__((always_inline)) size_t
guest_copy(void *dst, const void *src, size_t len)
{
    uintptr_t all = (uintptr_t)dst | (uintptr_t)src | len;
    size_t n;
    if (smap_active)
        __asm__ volatile("stac" ::: "memory");
    if (!(all & 7)) {
        n = len / 8;
        GUEST_REP_MOVS("movsq", dst, src, n);
        n *= 8;
    } else if (!(all & 3)) {
        n = len / 4;
        GUEST_REP_MOVS("movsl", dst, src, n);
        n *= 4;
    } else {
        n = len;
        GUEST_REP_MOVS("movsb", dst, src, n);
    }
    if (smap_active)
        __asm__ volatile("clac" ::: "memory");
    return n;
}

/* Out of line: the fast path only tests the result. */
static void __attribute__((noinline, cold))
copy_from_guest_failed(void *dst, size_t len, size_t left)
{
    memset((char *)dst + (len - left), 0, left);
}

int copy_from_guest(void *dst, uint64_t guest_src, size_t len)
{
    size_t left = len;
    if (likely(guest_range_ok(guest_src, len)))
        left = guest_copy(dst, (const void *)guest_src, len);
    if (likely(!left))
        return 0;
    copy_from_guest_failed(dst, len, left);
    return -EFAULT;
}

int copy_to_guest(uint64_t guest_dst, const void *src, size_t len)
{
    if (unlikely(!guest_range_ok(guest_dst, len)))
        return -EFAULT;
    return guest_copy((void *)guest_dst, src, len) ? -EFAULT : 0;
}

/* One 8-byte read (instruction bytes, a single word): a plain load with
 * a fixup instead of a rep movs, for the trap paths. */
int get_guest_u64(uint64_t *val, uint64_t guest_src)
{
    uint64_t v = 0;
    int rc = 0;
    if (unlikely(!guest_range_ok(guest_src, 8)))
        return -EFAULT;
    if (smap_active)
        __asm__ volatile("stac" ::: "memory");
    __asm__ volatile("1: movq (%[a]), %[v]\n"
                     "2:\n"
                     ".pushsection .text.fixup, \"ax\"\n"
                     "3: movl %[ef], %[rc]\n"
                     "   xorl %k[v], %k[v]\n"
                     "   jmp 2b\n"
                     ".popsection\n" _ASM_EXTABLE(1b, 3b)
                     : [rc] "+r"(rc), [v] "+r"(v)
                     : [a] "r"(guest_src), [ef] "i"(-EFAULT)
                     : "memory");
    if (smap_active)
        __asm__ volatile("clac" ::: "memory");
    *val = v;
    return rc;
}
