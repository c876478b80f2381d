/* SPDX-License-Identifier: BSD-2-Clause */
/* Guest entry points and stacks: set_callbacks, callback_op, stack_switch,
 * set_segment_base, and the SYSCALL from guest user mode that bounces to
 * the guest kernel's syscall callback. */
#include <basalt/lib.h>
#include <basalt/domain.h>
#include <basalt/errno.h>
#include <asm/desc.h>
#include <asm/guest_access.h>
#include <asm/msr.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/traps.h>
#include <public/callback.h>

static long callback_register(struct vcpu *v, const struct callback_register *r)
{
    struct pv_callback cb = {r->address, r->flags & CALLBACKF_mask_events};
    if (!is_canonical(r->address))
        return -EINVAL;
    switch (r->type) {
    case CALLBACKTYPE_event:
        v->event_cb = cb;
        return 0;
    case CALLBACKTYPE_failsafe:
        v->failsafe_cb = cb;
        return 0;
    case CALLBACKTYPE_syscall:
        v->syscall_cb = cb;
        return 0;
    case CALLBACKTYPE_nmi:
        v->nmi_cb = cb;
        return 0;
    case CALLBACKTYPE_syscall32:
    case CALLBACKTYPE_sysenter:
        return 0; /* accepted as Xen does; no 32-bit user processes here */
    default:
        return -ENOSYS;
    }
}

long do_callback_op(uint64_t cmd, uint64_t arg)
{
    struct vcpu *v = current_vcpu();
    struct callback_register reg;
    struct callback_unregister unreg;
    switch (cmd) {
    case CALLBACKOP_register:
        if (copy_from_guest(&reg, arg, sizeof(reg)))
            return -EFAULT;
        return callback_register(v, &reg);
    case CALLBACKOP_unregister:
        if (copy_from_guest(&unreg, arg, sizeof(unreg)))
            return -EFAULT;
        if (unreg.type == CALLBACKTYPE_nmi) {
            v->nmi_cb.eip = 0;
            return 0;
        }
        /* Xen refuses to drop the others; unknown types are -ENOSYS. */
        return unreg.type <= CALLBACKTYPE_syscall32 ? -EINVAL : -ENOSYS;
    default:
        return -ENOSYS;
    }
}

/* Like Xen, an address that cannot be registered is skipped, not an
 * error: set_callbacks always returns 0. */
long do_set_callbacks(uint64_t event, uint64_t failsafe, uint64_t syscall)
{
    struct vcpu *v = current_vcpu();
    const struct callback_register regs[] = {
        {CALLBACKTYPE_event, 0, event},
        {CALLBACKTYPE_failsafe, 0, failsafe},
        {CALLBACKTYPE_syscall, 0, syscall},
    };
    for (unsigned int i = 0; i < ARRAY_SIZE(regs); i++)
        callback_register(v, &regs[i]);
    return 0;
}

long do_stack_switch(uint64_t ss, uint64_t esp)
{
    struct vcpu *v = current_vcpu();
    v->kernel_ss = (ss & 0xffff) | 3; /* guests run in ring 3 */
    v->kernel_sp = esp;
    return 0;
}

/* SEGBASE_GS_USER_SEL: load a selector into %gs for guest user mode and
 * remember the base it gives. Loading %gs replaces GS_BASE, which is the
 * hypervisor's per-CPU pointer here, so it is saved and put back with
 * interrupts off. A bad selector loads the null one (Xen's behaviour). */
static void segbase_load_user_gs(struct vcpu *v, uint16_t sel)
{
    uint64_t flags = local_irq_save();
    uint64_t percpu = rdmsr(MSR_GS_BASE);
    unsigned int s = sel > 3 ? sel | 3 : sel;
    __asm__ volatile("1: mov %w0, %%gs\n"
                     "2:\n"
                     ".pushsection .text.fixup, \"ax\"\n"
                     "3: xor %k0, %k0\n"
                     "   mov %w0, %%gs\n"
                     "   jmp 2b\n"
                     ".popsection\n" _ASM_EXTABLE(1b, 3b)
                     : "+r"(s));
    v->gs_base_user = rdmsr(MSR_GS_BASE);
    wrmsr(MSR_GS_BASE, percpu);
    local_irq_restore(flags);
}

long do_set_segment_base(uint64_t which, uint64_t base)
{
    struct vcpu *v = current_vcpu();
    if (which != SEGBASE_GS_USER_SEL && !is_canonical(base))
        return -EINVAL;
    switch (which) {
    case SEGBASE_FS:
        wrmsr(MSR_FS_BASE, base);
        return 0;
    case SEGBASE_GS_USER:
        v->gs_base_user = base; /* inactive while the kernel runs */
        return 0;
    case SEGBASE_GS_KERNEL:
        wrmsr(MSR_SHADOW_GS_BASE, base); /* the guest's active GS */
        return 0;
    case SEGBASE_GS_USER_SEL:
        segbase_load_user_gs(v, (uint16_t)base);
        return 0;
    default:
        return -EINVAL;
    }
}

/* SYSCALL from guest user mode: a guest system call, bounced to the
 * kernel's syscall callback (events masked if it asked). Without one the
 * guest gets #UD at the SYSCALL instruction, as on Xen. */
void pv_user_syscall(struct cpu_regs *regs)
{
    struct vcpu *v = current_vcpu();
    uint64_t eip = v->syscall_cb.eip;
    bool mask = v->syscall_cb.flags & CALLBACKF_mask_events;
    if (!eip) {
        regs->rip -= 2;
        eip = v->trap_ctxt[6].address;
        mask = v->trap_ctxt[6].flags & 4;
    }
    if (!pv_bounce(regs, eip, false, 0, mask))
        domain_crash(v->domain, "syscall from user mode: no callback or "
                                "bad kernel stack");
    regs->rflags &= ~0x400UL; /* DF */
}
