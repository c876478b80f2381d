/* SPDX-License-Identifier: BSD-2-Clause */
/* Hypercalls from a PV test kernel, through the hypercall page. */
#ifndef GUEST_HYPERCALL_H
#define GUEST_HYPERCALL_H

#include <public/xen.h>
#include <public/sched.h>
#include <public/version.h>

/* Filled by the hypervisor: 32 bytes per hypercall number. */
extern char hypercall_page[4096];

/*
 * Call stub nr with up to five arguments (RDI, RSI, RDX, R10, R8). The
 * stub preserves RCX and R11 around SYSCALL, but the hypervisor may
 * clobber any argument register (Xen's debug builds do), so all five are
 * outputs. The page is 4096 bytes: nr must be below 128.
 */
#define HYPERCALL_PAGE_SLOTS 128

static inline long hypercall5(unsigned int nr, unsigned long a1,
                              unsigned long a2, unsigned long a3,
                              unsigned long a4, unsigned long a5)
{
    register unsigned long rdi asm("rdi") = a1;
    register unsigned long rsi asm("rsi") = a2;
    register unsigned long rdx asm("rdx") = a3;
    register unsigned long r10 asm("r10") = a4;
    register unsigned long r8 asm("r8") = a5;
    long ret;

    asm volatile("call *%[stub]"
                 : "=a"(ret), "+r"(rdi), "+r"(rsi), "+r"(rdx), "+r"(r10),
                   "+r"(r8)
                 : [stub] "r"(hypercall_page + (nr % HYPERCALL_PAGE_SLOTS) * 32)
                 : "memory", "rcx", "r9", "r11");
    return ret;
}

#define hypercall0(nr)    hypercall5(nr, 0, 0, 0, 0, 0)
#define hypercall1(nr, a) hypercall5(nr, (unsigned long)(a), 0, 0, 0, 0)
#define hypercall2(nr, a, b)                                                   \
    hypercall5(nr, (unsigned long)(a), (unsigned long)(b), 0, 0, 0)
#define hypercall3(nr, a, b, c)                                                \
    hypercall5(nr, (unsigned long)(a), (unsigned long)(b), (unsigned long)(c), \
               0, 0)

static inline long HYPERVISOR_console_io(int cmd, int count, const void *buf)
{
    return hypercall3(__HYPERVISOR_console_io, cmd, count, buf);
}

static inline long HYPERVISOR_xen_version(int cmd, void *arg)
{
    return hypercall2(__HYPERVISOR_xen_version, cmd, arg);
}

static inline long HYPERVISOR_sched_op(int cmd, void *arg)
{
    return hypercall2(__HYPERVISOR_sched_op, cmd, arg);
}

/* memory_op and grant_table_op (tests/guests/memory.c, grant.c). */
static inline long HYPERVISOR_memory_op(unsigned long cmd, void *arg)
{
    return hypercall2(__HYPERVISOR_memory_op, cmd, arg);
}

static inline long HYPERVISOR_grant_table_op(unsigned long cmd, void *uop,
                                             unsigned long count)
{
    return hypercall3(__HYPERVISOR_grant_table_op, cmd, uop, count);
}

/* mmu_update, mmuext_op, update_va_mapping and vm_assist
 * (tests/guests/mmu.c). Plain integers, so tests can pass hostile values. */
static inline long HYPERVISOR_mmu_update(const void *reqs, unsigned long count,
                                         void *done, unsigned long foreigndom)
{
    return hypercall5(__HYPERVISOR_mmu_update, (unsigned long)reqs, count,
                      (unsigned long)done, foreigndom, 0);
}

static inline long HYPERVISOR_mmuext_op(const void *ops, unsigned long count,
                                        void *done, unsigned long foreigndom)
{
    return hypercall5(__HYPERVISOR_mmuext_op, (unsigned long)ops, count,
                      (unsigned long)done, foreigndom, 0);
}

static inline long HYPERVISOR_update_va_mapping(unsigned long va,
                                                unsigned long val,
                                                unsigned long flags)
{
    return hypercall3(__HYPERVISOR_update_va_mapping, va, val, flags);
}

static inline long HYPERVISOR_vm_assist(unsigned long cmd, unsigned long type)
{
    return hypercall2(__HYPERVISOR_vm_assist, cmd, type);
}

#endif
