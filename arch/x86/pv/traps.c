/* SPDX-License-Identifier: BSD-2-Clause */
/* PV exceptions: the guest's trap table (set_trap_table), bouncing an
 * exception to its handler with Xen's x86_64 PV frame, and the iret
 * hypercall that returns from it. */
#include <basalt/lib.h>
#include <basalt/domain.h>
#include <basalt/errno.h>
#include <asm/config.h>
#include <asm/desc.h>
#include <asm/page.h>
#include <asm/guest_access.h>
#include <asm/processor.h>
#include <public/xen.h>

#define PV_RFLAGS_GUEST_CLEAR (0x100UL | 0x4000UL | 0x20000UL) /* TF NT VM */

long do_set_trap_table(uint64_t traps)
{
    struct domain *d = current_domain;
    struct trap_info t;
    memset(d->trap_ctxt, 0, sizeof(d->trap_ctxt));
    for (unsigned int n = 0; n < 256; n++, traps += sizeof(t)) {
        if (copy_from_guest(&t, traps, sizeof(t)))
            return -EFAULT;
        if (!t.address)
            return 0; /* the terminating entry */
        d->trap_ctxt[t.vector] = t;
    }
    return 0; /* a full table needs no terminator */
}

/* Push { RCX, R11, [error code], RIP, CS, RFLAGS, RSP, SS } on the guest
 * stack (16-byte aligned) and continue at the guest's handler. Returns
 * false when the guest has no handler or its stack is unwritable. */
bool pv_bounce_exception(struct cpu_regs *regs, unsigned int vector)
{
    const struct trap_info *t = &current_domain->trap_ctxt[vector];
    uint64_t frame[8], n = 0;
    if (!t->address || !is_canonical(t->address))
        return false;
    frame[n++] = regs->rcx;
    frame[n++] = regs->r11;
    if (X86_EXC_HAS_ERROR_CODE(vector))
        frame[n++] = regs->error_code;
    frame[n++] = regs->rip;
    frame[n++] = regs->cs & ~3UL; /* RPL 0 in the frame: kernel context */
    frame[n++] = regs->rflags;
    frame[n++] = regs->rsp;
    frame[n++] = regs->ss;
    uint64_t sp = (regs->rsp & ~15UL) - n * 8;
    if (copy_to_guest(sp, frame, n * 8))
        return false;
    regs->rsp = sp;
    regs->rip = t->address;
    regs->cs = GUEST_CS64;
    regs->ss = GUEST_DS;
    regs->rflags &= ~PV_RFLAGS_GUEST_CLEAR;
    return true;
}

/* HYPERVISOR_iret: the stub left struct iret_context at the guest's RSP.
 * Only Xen's flat ring-3 selectors and a canonical RIP are accepted, so
 * the IRET that follows cannot fault inside the hypervisor. Leaves through
 * IRET with the new frame (any RIP, RSP, flags): never returns. */
long do_iret(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5,
             struct cpu_regs *regs)
{
    struct iret_context c;
    (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
    if (copy_from_guest(&c, regs->rsp, sizeof(c)))
        domain_crash(current_domain, "iret: unreadable iret frame");
    if ((c.cs | 3) != GUEST_CS64 || (c.ss | 3) != GUEST_DS ||
        !is_canonical(c.rip))
        domain_crash(current_domain, "iret: bad frame");
    regs->rax = c.rax;
    if (!(c.flags & VGCF_in_syscall)) {
        regs->r11 = c.r11;
        regs->rcx = c.rcx;
    }
    regs->rip = c.rip;
    regs->cs = GUEST_CS64;
    regs->rflags = (c.rflags & ~(PV_RFLAGS_GUEST_CLEAR | 0x3000UL)) | 0x200;
    regs->rsp = c.rsp;
    regs->ss = GUEST_DS;
    local_irq_disable();
    pv_enter(regs);
}
