/* SPDX-License-Identifier: BSD-2-Clause */
/* XEN_DOMCTL_getvcpucontext for a PV vCPU that is off its CPU (Xen's
 * arch_get_info_guest): the reverse of arch_set_vcpu_context. */
#include <basalt/lib.h>
#include <basalt/domain.h>
#include <asm/desc.h>
#include <asm/processor.h>
#include <public/callback.h>
#include <public/xen.h>

static void ctx_get_regs(const struct vcpu *v, struct cpu_user_regs *u)
{
    /* cpu_regs begins with cpu_user_regs' general registers. */
    memcpy(u, &v->regs, offsetof(struct cpu_user_regs, error_code));
    u->rip = v->regs.rip;
    u->cs = (uint16_t)v->regs.cs;
    u->rflags = v->regs.rflags | ((uint64_t)v->iopl << 12);
    u->rsp = v->regs.rsp;
    u->ss = (uint16_t)v->regs.ss;
    u->ds = v->seg_sel[0];
    u->es = v->seg_sel[1];
    u->fs = v->seg_sel[2];
    u->gs = v->seg_sel[3];
    u->saved_upcall_mask = v->vcpu_info->evtchn_upcall_mask;
}

static uint64_t ctx_get_flags(const struct vcpu *v)
{
    uint64_t f = 0;

    if (v->fpu_area)
        f |= VGCF_i387_valid;
    if (v->is_up)
        f |= VGCF_online;
    if (v->kernel_mode)
        f |= VGCF_in_kernel;
    if (v->failsafe_cb.flags & CALLBACKF_mask_events)
        f |= VGCF_failsafe_disables_events;
    if (v->syscall_cb.flags & CALLBACKF_mask_events)
        f |= VGCF_syscall_disables_events;
    return f;
}

void pv_get_vcpu_context(const struct vcpu *v, struct vcpu_guest_context *c)
{
    memset(c, 0, sizeof(*c));
    if (v->fpu_area) /* an XSAVE area starts with the FXSAVE image */
        memcpy(c->fpu_ctxt.x, v->fpu_area, sizeof(c->fpu_ctxt.x));
    c->flags = ctx_get_flags(v);
    ctx_get_regs(v, &c->user_regs);
    memcpy(c->trap_ctxt, v->trap_ctxt, sizeof(c->trap_ctxt));
    c->ldt_base = v->ldt_base;
    c->ldt_ents = v->ldt_ents;
    for (unsigned int i = 0; i < PV_MAX_GDT_PAGES; i++)
        c->gdt_frames[i] = v->gdt_frames[i];
    c->gdt_ents = v->gdt_ents;
    c->kernel_ss = v->kernel_ss;
    c->kernel_sp = v->kernel_sp;
    c->ctrlreg[0] = (read_cr0() & ~X86_CR0_TS) | (v->fpu_ts ? X86_CR0_TS : 0);
    c->ctrlreg[1] = xen_pfn_to_cr3(v->guest_table_user);
    c->ctrlreg[3] = xen_pfn_to_cr3(v->guest_table);
    c->ctrlreg[4] = v->cr4_guest;
    memcpy(c->debugreg, v->debugreg, sizeof(c->debugreg));
    c->event_callback_eip = v->event_cb.eip;
    c->failsafe_callback_eip = v->failsafe_cb.eip;
    c->syscall_callback_eip = v->syscall_cb.eip;
    c->vm_assist = v->domain->vm_assist;
    c->fs_base = v->fs_base;
    c->gs_base_kernel = v->gs_base_kernel;
    c->gs_base_user = v->gs_base_user;
}
