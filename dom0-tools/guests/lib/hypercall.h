/* SPDX-License-Identifier: BSD-2-Clause */
/* Hypercalls from a sample guest, through the hypercall page. */
#ifndef SAMPLE_HYPERCALL_H
#define SAMPLE_HYPERCALL_H

#include <public/xen.h>
#include <public/callback.h>
#include <public/event_channel.h>
#include <public/sched.h>
#include <public/vcpu.h>
#include <public/version.h>

/* Filled by the hypervisor: one 32-byte stub per hypercall number. */
extern char hypercall_page[4096];

/*
 * Call stub nr with up to three arguments (RDI, RSI, RDX). The stub keeps
 * RCX and R11 around SYSCALL, but the hypervisor may clobber argument
 * registers (Xen's debug builds do), so they are all outputs.
 */
static inline long hypercall3(unsigned int nr, unsigned long a1,
                              unsigned long a2, unsigned long a3)
{
    register unsigned long rdi asm("rdi") = a1;
    register unsigned long rsi asm("rsi") = a2;
    register unsigned long rdx asm("rdx") = a3;
    long ret;

    asm volatile("call *%[stub]"
                 : "=a"(ret), "+r"(rdi), "+r"(rsi), "+r"(rdx)
                 : [stub] "r"(hypercall_page + (nr & 127) * 32)
                 : "memory", "rcx", "r8", "r9", "r10", "r11");
    return ret;
}

static inline long HYPERVISOR_console_io(int cmd, int count, const void *buf)
{
    return hypercall3(__HYPERVISOR_console_io, (unsigned long)cmd,
                      (unsigned long)count, (unsigned long)buf);
}

static inline long HYPERVISOR_sched_op(int cmd, void *arg)
{
    return hypercall3(__HYPERVISOR_sched_op, (unsigned long)cmd,
                      (unsigned long)arg, 0);
}

static inline long HYPERVISOR_event_channel_op(int cmd, void *arg)
{
    return hypercall3(__HYPERVISOR_event_channel_op, (unsigned long)cmd,
                      (unsigned long)arg, 0);
}

static inline long HYPERVISOR_vcpu_op(int cmd, unsigned int vcpu, void *arg)
{
    return hypercall3(__HYPERVISOR_vcpu_op, (unsigned long)cmd, vcpu,
                      (unsigned long)arg);
}

static inline long HYPERVISOR_set_timer_op(uint64_t deadline_ns)
{
    return hypercall3(__HYPERVISOR_set_timer_op, deadline_ns, 0, 0);
}

static inline long HYPERVISOR_callback_op(int cmd, void *arg)
{
    return hypercall3(__HYPERVISOR_callback_op, (unsigned long)cmd,
                      (unsigned long)arg, 0);
}

static inline long HYPERVISOR_update_va_mapping(unsigned long va, uint64_t pte,
                                                unsigned long flags)
{
    return hypercall3(__HYPERVISOR_update_va_mapping, va, pte, flags);
}

static inline long HYPERVISOR_xen_version(int cmd, void *arg)
{
    return hypercall3(__HYPERVISOR_xen_version, (unsigned long)cmd,
                      (unsigned long)arg, 0);
}

#endif
