/* SPDX-License-Identifier: BSD-2-Clause */
/* Hypercall dispatch: one table indexed by Xen's numbers, bounds-checked
 * without a speculative out-of-bounds read, -ENOSYS for the rest; the
 * continuation of long hypercalls; multicall. */
#include <basalt/lib.h>
#include <basalt/domain.h>
#include <basalt/errno.h>
#include <asm/guest_access.h>
#include <asm/page.h>
#include <asm/percpu.h>
#include <asm/processor.h>
#include <public/xen.h>

typedef long (*hypercall_fn)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t,
                             struct cpu_regs *);

#define HC(name) [__HYPERVISOR_##name] = (hypercall_fn)(void (*)(void))do_##name
/* Indexed by arch/x86/pv/entry.S too. */
const hypercall_fn hypercall_table[XEN_NR_HYPERCALLS] = {
    HC(set_trap_table),
    HC(mmu_update),
    HC(set_gdt),
    HC(stack_switch),
    HC(set_callbacks),
    HC(fpu_taskswitch),
    HC(set_debugreg),
    HC(get_debugreg),
    HC(update_descriptor),
    HC(memory_op),
    HC(multicall),
    HC(update_va_mapping),
    HC(set_timer_op),
    HC(xen_version),
    HC(console_io),
    HC(grant_table_op),
    HC(vm_assist),
    HC(update_va_mapping_otherdomain),
    HC(iret),
    HC(vcpu_op),
    HC(set_segment_base),
    HC(mmuext_op),
    HC(sched_op),
    HC(callback_op),
    HC(event_channel_op),
    HC(physdev_op),
    HC(sysctl),
    HC(domctl),
};

/* All-ones when idx < size, else 0, computed without a branch the CPU
 * could speculate past (cmp + sbb). */
static inline uint64_t index_mask_nospec(uint64_t idx, uint64_t size)
{
    uint64_t mask;
    __asm__("cmp %2, %1; sbb %0, %0" : "=r"(mask) : "r"(idx), "r"(size));
    return mask;
}

long pv_hypercall_call(uint64_t nr, const uint64_t a[5], struct cpu_regs *regs)
{
    if (nr >= XEN_NR_HYPERCALLS)
        return -ENOSYS;
    nr &= index_mask_nospec(nr, XEN_NR_HYPERCALLS);
    hypercall_fn fn = hypercall_table[nr];
    return fn ? fn(a[0], a[1], a[2], a[3], a[4], regs) : -ENOSYS;
}

/* The SYSCALL entry's view of the frame and the errno it returns. */
_Static_assert(__builtin_offsetof(struct cpu_regs, rax) == 80, "REGS_RAX");
_Static_assert(__builtin_offsetof(struct cpu_regs, rip) == 136, "REGS_RIP");
_Static_assert(XEN_NR_HYPERCALLS == 64 && ENOSYS == 38, "entry.S constants");

/* A SYSCALL whose return address is not canonical (a SYSCALL in the last
 * bytes below the hole): SYSRET would fault in ring 0 on Intel CPUs. */
void pv_bad_sysret(struct cpu_regs *regs)
{
    (void)regs;
    domain_crash(current_domain, "SYSCALL from a non-canonical address");
}

long hypercall_create_continuation(struct cpu_regs *regs, unsigned int nr,
                                   uint64_t a1, uint64_t a2, uint64_t a3,
                                   uint64_t a4, uint64_t a5)
{
    struct vcpu *v = current_vcpu();
    if (v->mc_active) { /* inside a multicall: rewrite the entry instead */
        const uint64_t a[5] = {a1, a2, a3, a4, a5};
        memcpy(v->mc_args, a, sizeof(a));
        v->mc_preempted = true;
        return nr;
    }
    regs->rip -= 2; /* back onto the stub's SYSCALL */
    regs->rdi = a1;
    regs->rsi = a2;
    regs->rdx = a3;
    regs->r10 = a4;
    regs->r8 = a5;
    return nr; /* into RAX: the stub's hypercall number */
}

bool hypercall_preempt_check(void)
{
    const struct vcpu_info *vi = current_vcpu()->vcpu_info;
    /* An event for the guest, or the scheduler wants this CPU. */
    return (vi->evtchn_upcall_pending && !vi->evtchn_upcall_mask) ||
           this_cpu()->softirq_pending;
}

/* Multicall entries run in order; each result is written back. A
 * preempted entry is rewritten with its continuation arguments and the
 * multicall resumes from it. */
static long multicall_one(struct vcpu *v, struct multicall_entry *e,
                          struct cpu_regs *regs)
{
    if (e->op == __HYPERVISOR_iret || e->op == __HYPERVISOR_multicall)
        return -EINVAL; /* iret never returns; nesting is refused (Xen) */
    v->mc_active = true;
    v->mc_preempted = false;
    long rc = pv_hypercall_call(e->op, e->args, regs);
    v->mc_active = false;
    if (v->mc_preempted)
        memcpy(e->args, v->mc_args, sizeof(v->mc_args));
    return rc;
}

long do_multicall(uint64_t calls, uint64_t nr_calls, uint64_t a3, uint64_t a4,
                  uint64_t a5, struct cpu_regs *regs)
{
    struct vcpu *v = current_vcpu();
    struct multicall_entry e;
    for (uint64_t i = 0; i < nr_calls; i++, calls += sizeof(e)) {
        if (i && hypercall_preempt_check())
            return hypercall_create_continuation(
                regs, __HYPERVISOR_multicall, calls, nr_calls - i, a3, a4, a5);
        if (copy_from_guest(&e, calls, sizeof(e)))
            return -EFAULT;
        e.result = (uint64_t)multicall_one(v, &e, regs);
        if (copy_to_guest(calls, &e, sizeof(e)))
            return -EFAULT;
        if (v->mc_preempted) /* resume at this entry */
            return hypercall_create_continuation(
                regs, __HYPERVISOR_multicall, calls, nr_calls - i, a3, a4, a5);
    }
    return 0;
}
