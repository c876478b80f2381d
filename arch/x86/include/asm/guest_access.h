/* SPDX-License-Identifier: BSD-2-Clause */
/* The one gate for guest memory: every hypercall argument that points into
 * a guest is read and written only through these. */
#ifndef ASM_GUEST_ACCESS_H
#define ASM_GUEST_ACCESS_H

#include <basalt/types.h>
#include <basalt/errno.h>

#include <asm/config.h>
#include <asm/processor.h>
#include <asm/traps.h>

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
    /* Above the window (where guest kernels keep what they pass us)
     * first: the common case takes one compare. */
    if (va >= HYPERVISOR_VIRT_END)
        return true;
    return last < CANONICAL_LOW_END; /* the hole and the window refused */
}

/* One rep movs of 'insn' elements with a fixup: n is left holding the
 * elements not copied (0 = all). */
#define GUEST_REP_MOVS(insn, dst, src, n)                                      \
    __asm__ volatile("1: rep " insn "\n"                                       \
                     "2:\n" _ASM_EXTABLE(1b, 2b)                               \
                     : "+D"(dst), "+S"(src), "+c"(n)                           \
                     :                                                         \
                     : "memory")

/* Copy by the widest unit that divides len and both addresses (an
 * aligned unit never straddles a page, so a fault leaves every byte
 * before the bad page copied), returning the bytes left uncopied. The
 * SMAP window (stac/clac) is open only around the one instruction. Small
 * fixed-size copies (trap frames, iret contexts, hypercall arguments)
 * are the hot case, and every rep iteration counts. */
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

/* Zero-fills the part of dst a failed copy_from_guest left. */
void copy_from_guest_failed(void *dst, size_t len, size_t left);

/* The gate itself, inline for the trap paths (a bounce frame, an iret
 * context), where a call and the registers it costs are a tenth of the
 * round trip; everything else calls the out-of-line copies below. */
static inline __attribute__((always_inline)) int
copy_from_guest_inline(void *dst, uint64_t guest_src, size_t len)
{
    size_t left = len;
    if (likely(guest_range_ok(guest_src, len)))
        left = guest_copy(dst, (const void *)guest_src, len);
    if (likely(!left))
        return 0;
    copy_from_guest_failed(dst, len, left);
    return -EFAULT;
}

static inline __attribute__((always_inline)) int
copy_to_guest_inline(uint64_t guest_dst, const void *src, size_t len)
{
    if (unlikely(!guest_range_ok(guest_dst, len)))
        return -EFAULT;
    return guest_copy((void *)guest_dst, src, len) ? -EFAULT : 0;
}

/* One 4- or 8-byte read (a hypercall's port, instruction bytes): a plain
 * load with a fixup instead of a rep movs. 0, or -EFAULT with *val = 0
 * when copy_from_guest would fail. */
#define GUEST_LOAD(insn, val, src, rc)                                         \
    __asm__ volatile("1: " insn " (%[a]), %[v]\n"                              \
                     "2:\n"                                                    \
                     ".pushsection .text.fixup, \"ax\"\n"                      \
                     "3: movl %[ef], %[rc]\n"                                  \
                     "   xor %[v], %[v]\n"                                     \
                     "   jmp 2b\n"                                             \
                     ".popsection\n" _ASM_EXTABLE(1b, 3b)                      \
                     : [rc] "+r"(rc), [v] "+r"(val)                            \
                     : [a] "r"(src), [ef] "i"(-EFAULT)                         \
                     : "memory")

static inline __attribute__((always_inline)) int
get_guest_u64_inline(uint64_t *val, uint64_t guest_src)
{
    uint64_t v = 0;
    int rc = 0;
    if (unlikely(!guest_range_ok(guest_src, sizeof(v))))
        return -EFAULT;
    if (smap_active)
        __asm__ volatile("stac" ::: "memory");
    GUEST_LOAD("movq", v, guest_src, rc);
    if (smap_active)
        __asm__ volatile("clac" ::: "memory");
    *val = v;
    return rc;
}

static inline __attribute__((always_inline)) int
get_guest_u32_inline(uint32_t *val, uint64_t guest_src)
{
    uint32_t v = 0;
    int rc = 0;
    if (unlikely(!guest_range_ok(guest_src, sizeof(v))))
        return -EFAULT;
    if (smap_active)
        __asm__ volatile("stac" ::: "memory");
    GUEST_LOAD("movl", v, guest_src, rc);
    if (smap_active)
        __asm__ volatile("clac" ::: "memory");
    *val = v;
    return rc;
}

/* Copy 'len' bytes from or to the current guest address space. Returns 0,
 * or -EFAULT when the range is not a guest range or a page is missing or
 * not allowed; on failure copy_from_guest zero-fills 'dst' so no stale
 * hypervisor data is ever used as guest input. */
int copy_from_guest(void *dst, uint64_t guest_src, size_t len);
int copy_to_guest(uint64_t guest_dst, const void *src, size_t len);

/* Read one 64- or 32-bit word at guest_src (any alignment): 0, or
 * -EFAULT with *val = 0 when the copy above would fail. */
int get_guest_u64(uint64_t *val, uint64_t guest_src);
int get_guest_u32(uint32_t *val, uint64_t guest_src);

#endif
