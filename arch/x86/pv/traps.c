/* SPDX-License-Identifier: BSD-2-Clause */
/* PV exceptions and events: the guest's trap table (set_trap_table), the
 * bounce frame that enters a guest handler, event upcalls, kernel/user
 * mode switches and the iret hypercall that returns from all of them. */
#include <basalt/lib.h>
#include <basalt/domain.h>
#include <basalt/errno.h>
#include <basalt/mm.h>
#include <asm/config.h>
#include <asm/desc.h>
#include <asm/msr.h>
#include <asm/page.h>
#include <asm/percpu.h>
#include <asm/guest_access.h>
#include <asm/processor.h>
#include <public/xen.h>

#define EFLAGS_TF   0x100UL
#define EFLAGS_IOPL 0x3000UL
#define EFLAGS_NT   0x4000UL
#define EFLAGS_RF   0x10000UL
#define EFLAGS_VM   0x20000UL
#define PF_ERR_USER 0x4UL
#define TI_DISABLE_EVENTS                                                      \
    4 /* trap_info.flags bit 2: like an interrupt gate                         \
       */

long do_set_trap_table(uint64_t traps)
{
    struct vcpu *v = current_vcpu();
    struct trap_info t;
    memset(v->trap_ctxt, 0, sizeof(v->trap_ctxt));
    if (!traps)
        return 0; /* NULL: no table at all (Xen) */
    for (unsigned int n = 0; n < 256; n++, traps += sizeof(t)) {
        if (copy_from_guest(&t, traps, sizeof(t)))
            return -EFAULT;
        if (!t.address)
            return 0; /* the terminating entry */
        v->trap_ctxt[t.vector] = t;
    }
    return 0; /* a full table needs no terminator */
}

/* Kernel context uses guest_table, user context guest_table_user; the
 * inactive GS base is kept in the vcpu while the active one sits in
 * SHADOW_GS_BASE (the hypervisor runs on its own after swapgs). */
void pv_toggle_guest_mode(struct vcpu *v)
{
    uint64_t gs = rdmsr(MSR_SHADOW_GS_BASE);
    if (v->kernel_mode)
        v->gs_base_kernel = gs;
    else
        v->gs_base_user = gs;
    v->kernel_mode = !v->kernel_mode;
    wrmsr(MSR_SHADOW_GS_BASE,
          v->kernel_mode ? v->gs_base_kernel : v->gs_base_user);
    write_cr3((v->kernel_mode ? v->guest_table : v->guest_table_user)
              << PAGE_SHIFT);
}

/*
 * Push Xen's frame { RCX, R11, [error code], RIP, CS, RFLAGS, RSP, SS }
 * 16-byte aligned on the guest kernel's stack (kernel_sp when coming from
 * user context) and continue at eip in kernel context. CS carries RPL 0
 * for kernel context and the saved upcall mask in bits 32-39; RFLAGS.IF
 * is the inverse of that mask (Xen's create_bounce_frame). This is the
 * hot path of every exception and event upcall: one fixed layout, one
 * copy.
 */
static inline __attribute__((always_inline)) bool
pv_bounce_inline(struct vcpu *v, struct cpu_regs *regs, uint64_t eip,
                 bool has_err, uint64_t err, bool mask_events)
{
    struct vcpu_info *vi = v->vcpu_info;
    uint8_t saved_mask = vi->evtchn_upcall_mask;
    uint64_t f[8], *start = f, n = 8, sp = regs->rsp, cs = regs->cs & 0xfffc;
    if (unlikely(!eip || !is_canonical(eip)))
        return false;
    if (unlikely(!v->kernel_mode)) {
        sp = v->kernel_sp; /* the frame goes on the kernel's stack */
        cs |= 3;
        pv_toggle_guest_mode(v);
    }
    f[7] = regs->ss;
    f[6] = regs->rsp;
    f[5] = (regs->rflags & ~(X86_EFLAGS_IF | EFLAGS_IOPL)) |
           (saved_mask ? 0 : X86_EFLAGS_IF);
    f[4] = cs | (uint64_t)saved_mask << 32;
    f[3] = regs->rip;
    f[2] = err;
    if (!has_err) {
        start = f + 1;
        n = 7;
    }
    start[1] = regs->r11;
    start[0] = regs->rcx;
    sp = (sp & ~15UL) - n * 8;
    if (unlikely(copy_to_guest_inline(sp, start, n * 8)))
        return false;
    vi->evtchn_upcall_mask = saved_mask | mask_events;
    regs->rsp = sp;
    regs->rip = eip;
    regs->cs = GUEST_CS64;
    regs->ss = GUEST_DS;
    regs->rflags &=
        ~(X86_EFLAGS_AC | EFLAGS_VM | EFLAGS_RF | EFLAGS_NT | EFLAGS_TF);
    return true;
}

bool pv_bounce(struct cpu_regs *regs, uint64_t eip, bool has_err, uint64_t err,
               bool mask_events)
{
    return pv_bounce_inline(current_vcpu(), regs, eip, has_err, err,
                            mask_events);
}

/* An exception from the guest: its trap-table handler, with CR2 in
 * vcpu_info for a page fault. false: no handler or no usable stack. */
bool pv_bounce_exception(struct cpu_regs *regs, unsigned int vector)
{
    struct vcpu *v = current_vcpu();
    const struct trap_info *t = &v->trap_ctxt[vector];
    uint64_t err = regs->error_code;
    if (vector == 14) {
        v->vcpu_info->arch.cr2 = read_cr2();
        /* The guest kernel runs in ring 3 too: like Xen, a fault in its
         * context is reported as a supervisor access (U/S clear). */
        if (v->kernel_mode)
            err &= ~PF_ERR_USER;
    }
    return pv_bounce_inline(v, regs, t->address, X86_EXC_HAS_ERROR_CODE(vector),
                            err, t->flags & TI_DISABLE_EVENTS);
}

/* Called with interrupts off on every way back to the guest once the
 * fast check (an NMI pending, or an event pending and not masked) has
 * fired. The NMI goes first and masks events, as in Xen. */
void pv_deliver_events(struct cpu_regs *regs)
{
    struct vcpu *v = current_vcpu();
    struct vcpu_info *vi = v->vcpu_info;
    if (v->nmi_pending && !v->nmi_masked) {
        v->nmi_pending = false;
        v->nmi_masked = true;
        if (!pv_bounce(regs, v->nmi_cb.eip, false, 0, true))
            domain_crash(v->domain, "NMI callback: bad stack");
        return;
    }
    if (vi->evtchn_upcall_mask || !vi->evtchn_upcall_pending)
        return;
    /* The upcall is a hot path (every event): the bounce inline. */
    if (!pv_bounce_inline(v, regs, v->event_cb.eip, false, 0, true))
        domain_crash(v->domain, "event upcall: no callback or bad stack");
}

void pv_nmi_received(void)
{
    struct domain *d = domain_by_id(0);
    struct vcpu *v = d ? d->vcpu[0] : NULL;
    if (v && v->nmi_cb.eip) {
        v->nmi_pending = true;
        vcpu_wake(v);
        return;
    }
    printk("CPU%u: NMI received\n", smp_processor_id());
}

static void __attribute__((noinline)) iret_to_user(struct vcpu *v)
{
    if (!v->guest_table_user)
        domain_crash(v->domain, "iret: to user mode without user tables");
    if (v->kernel_mode)
        pv_toggle_guest_mode(v);
}

/* HYPERVISOR_iret: the stub left struct iret_context at the guest's RSP.
 * Only Xen's flat ring-3 selectors and a canonical RIP are accepted, so
 * the IRET that follows cannot fault inside the hypervisor. RPL 3 in CS
 * returns to user context. The upcall mask follows RFLAGS.IF. */
long do_iret(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5,
             struct cpu_regs *regs)
{
    struct vcpu *v = current_vcpu();
    struct vcpu_info *vi = v->vcpu_info;
    struct iret_context c;
    (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
    if (unlikely(copy_from_guest_inline(&c, regs->rsp, sizeof(c))))
        domain_crash(v->domain, "iret: unreadable iret frame");
    /* CS bits 32-39 may still hold a bounce frame's saved upcall mask;
     * only the selector counts. */
    if (unlikely(((uint16_t)c.cs | 3) != GUEST_CS64 ||
                 ((uint16_t)c.ss | 3) != GUEST_DS || !is_canonical(c.rip)))
        domain_crash(v->domain, "iret: bad frame");
    if (unlikely((c.cs & 3) == 3)) /* back to user context */
        iret_to_user(v);
    regs->rax = c.rax;
    if (!(c.flags & VGCF_in_syscall)) {
        regs->r11 = c.r11;
        regs->rcx = c.rcx;
    }
    regs->rip = c.rip;
    regs->cs = GUEST_CS64;
    regs->rflags = (c.rflags & ~(EFLAGS_IOPL | EFLAGS_VM)) | X86_EFLAGS_IF;
    regs->rsp = c.rsp;
    regs->ss = GUEST_DS;
    vi->evtchn_upcall_mask = !(c.rflags & X86_EFLAGS_IF);
    v->nmi_masked = false; /* an NMI callback returns through iret */
    local_irq_disable();
    if (unlikely((vi->evtchn_upcall_pending && !vi->evtchn_upcall_mask) ||
                 v->nmi_pending))
        pv_deliver_events(regs);
    pv_enter(regs);
}

/* SYSCALL from the guest's 32-bit code (pv_cstar_entry): no 32-bit PV
 * here, so it is an invalid instruction at the SYSCALL, bounced as #UD;
 * a guest with no #UD handler crashes, alone. */
void pv_compat_syscall(struct cpu_regs *regs)
{
    regs->rip -= 2; /* back onto the 2-byte SYSCALL */
    if (!pv_bounce_exception(regs, 6))
        domain_crash(current_domain, "SYSCALL from 32-bit code, no #UD "
                                     "handler");
}
