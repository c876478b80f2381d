/* SPDX-License-Identifier: BSD-2-Clause */
/* Helpers for test kernels with several vCPUs (smp.c, bench_pv.c): the
 * vcpu_op calls and a vcpu_guest_context that starts a vCPU in kernel
 * context on the boot page tables, at entry(id) on its own stack. */
#ifndef GUEST_SMP_UTIL_H
#define GUEST_SMP_UTIL_H

#include "hypercall.h"
#include "lib.h"
#include <public/vcpu.h>

#define SMPU_STACK 8192

static inline long smpu_vcpu_op(long cmd, unsigned long vcpu, void *arg)
{
    return hypercall3(__HYPERVISOR_vcpu_op, cmd, vcpu, arg);
}

/* How many vCPUs the domain has: the first id is_up refuses. */
static inline unsigned int smpu_nr_vcpus(void)
{
    unsigned int n = 1;
    while (n < 64 && smpu_vcpu_op(VCPUOP_is_up, n, NULL) >= 0)
        n++;
    return n;
}

/* The boot L4's machine frame: the region maps pfn n at _image_start +
 * n pages. */
static inline unsigned long smpu_l4_mfn(void)
{
    const struct start_info *si = guest_start_info;
    unsigned long pfn = (si->pt_base - (unsigned long)_image_start) >> 12;
    return ((const unsigned long *)si->mfn_list)[pfn];
}

/* Kernel context at entry with RDI = id, entered as if called (RSP 8
 * below the 16-aligned stack_top), GS base gs (read back with %gs:0), the
 * given event callback; events stay masked until the vCPU unmasks them. */
static inline void smpu_context(struct vcpu_guest_context *c, void *entry,
                                unsigned long id, void *stack_top,
                                unsigned long gs, void *event_cb)
{
    memset(c, 0, sizeof(*c));
    c->flags = VGCF_in_kernel;
    c->user_regs.rip = (unsigned long)entry;
    c->user_regs.rsp = (unsigned long)stack_top - 8;
    c->user_regs.rdi = id;
    c->user_regs.cs = FLAT_KERNEL_CS;
    c->user_regs.ss = FLAT_KERNEL_SS;
    c->user_regs.rflags = 0x202;
    c->kernel_ss = FLAT_KERNEL_SS;
    c->kernel_sp = (unsigned long)stack_top;
    c->ctrlreg[3] = xen_pfn_to_cr3(smpu_l4_mfn());
    c->gs_base_kernel = gs;
    c->event_callback_eip = (unsigned long)event_cb;
}

#endif
