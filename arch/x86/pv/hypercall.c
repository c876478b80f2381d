/* SPDX-License-Identifier: BSD-2-Clause */
/* Hypercall dispatch: one table indexed by Xen's numbers, bounds-checked
 * without a speculative out-of-bounds read, -ENOSYS for the rest. */
#include <basalt/lib.h>
#include <basalt/domain.h>
#include <basalt/errno.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <public/xen.h>

/* Handlers take up to five guest arguments; the sixth is the saved frame,
 * which only iret needs (the others ignore it). */
typedef long (*hypercall_fn)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t,
                             struct cpu_regs *);

#define HC(fn) ((hypercall_fn)(void (*)(void))(fn))
static const hypercall_fn hypercall_table[XEN_NR_HYPERCALLS] = {
    [__HYPERVISOR_set_trap_table] = HC(do_set_trap_table),
    [__HYPERVISOR_iret] = HC(do_iret),
    [__HYPERVISOR_console_io] = HC(do_console_io),
    [__HYPERVISOR_xen_version] = HC(do_xen_version),
    [__HYPERVISOR_sched_op] = HC(do_sched_op),
};

/* All-ones when idx < size, else 0, computed without a branch the CPU
 * could speculate past (cmp + sbb). */
static inline uint64_t index_mask_nospec(uint64_t idx, uint64_t size)
{
    uint64_t mask;
    __asm__("cmp %2, %1; sbb %0, %0" : "=r"(mask) : "r"(idx), "r"(size));
    return mask;
}

void pv_hypercall(struct cpu_regs *regs)
{
    uint64_t nr = regs->rax;
    long rc = -ENOSYS;
    if (nr < XEN_NR_HYPERCALLS) {
        nr &= index_mask_nospec(nr, XEN_NR_HYPERCALLS);
        hypercall_fn fn = hypercall_table[nr];
        if (fn)
            rc = fn(regs->rdi, regs->rsi, regs->rdx, regs->r10, regs->r8, regs);
    }
    regs->rax = (uint64_t)rc;
    /* SYSRET to a non-canonical RIP faults in ring 0 on Intel CPUs. */
    if (!is_canonical(regs->rip))
        domain_crash(current_domain, "SYSCALL from a non-canonical address");
}
