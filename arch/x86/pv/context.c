/* SPDX-License-Identifier: BSD-2-Clause */
/* PV context switch: what a vCPU keeps in the CPU while it runs (the
 * guest frame on top of the stack, selectors, FS/GS bases, CR3, GDT/LDT
 * windows, debug and FPU registers) saved into its struct vcpu and the
 * next one's loaded. The hot path of a switch between two vCPUs. */
#include <basalt/lib.h>
#include <basalt/domain.h>
#include <basalt/errno.h>
#include <basalt/mm.h>
#include <basalt/sched.h>
#include <asm/config.h>
#include <asm/desc.h>
#include <asm/msr.h>
#include <asm/page.h>
#include <asm/paging.h>
#include <asm/percpu.h>
#include <asm/processor.h>
#include <asm/pv_mm.h>
#include <asm/traps.h>
#include <public/callback.h>
#include "fpu.h"

#define DR7_DEFAULT  0x400UL
#define DR7_ACTIVE   0xffUL /* L0-3, G0-3 */
#define DR7_RW_SHIFT 16
#define DR7_RW_IO    2

/* Whether this CPU's GDT/LDT windows and DR7 hold some vCPU's values. */
static bool desc_loaded[NR_CPUS], dr7_loaded[NR_CPUS];

/* Every entry from a guest saves its registers here (SYSCALL: stack_top;
 * interrupts and exceptions: TSS.rsp0, the same address). */
static struct cpu_regs *guest_frame(void)
{
    return (struct cpu_regs *)(this_cpu()->stack_top - sizeof(struct cpu_regs));
}

/* SYSCALL from ring 3 lands in pv_syscall_entry on this CPU's stack, with
 * IF, TF, DF, AC and NT cleared. SYSRET returns to FLAT_RING3_CS64
 * (STAR[63:48] + 16) with SS FLAT_RING3_SS (+ 8). 32-bit SYSCALL enters
 * through CSTAR (bounced as #UD); SYSENTER is refused (#GP). */
void pv_cpu_init(void)
{
    extern char pv_syscall_entry[], pv_cstar_entry[];
    this_cpu()->stack_top = this_cpu()->stack_base + STACK_SLOT_SIZE;
    wrmsr(MSR_STAR, (uint64_t)GUEST_CS32 << 48 | (uint64_t)HYPERVISOR_CS << 32);
    wrmsr(MSR_LSTAR, (uint64_t)pv_syscall_entry);
    wrmsr(MSR_CSTAR, (uint64_t)pv_cstar_entry);
    wrmsr(MSR_SYSENTER_CS, 0);
    wrmsr(MSR_SYSCALL_MASK, 0x47700);
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
}

static void seg_save(struct vcpu *v)
{
    __asm__ volatile("mov %%ds, %0" : "=m"(v->seg_sel[0]));
    __asm__ volatile("mov %%es, %0" : "=m"(v->seg_sel[1]));
    __asm__ volatile("mov %%fs, %0" : "=m"(v->seg_sel[2]));
    __asm__ volatile("mov %%gs, %0" : "=m"(v->seg_sel[3]));
}

/* A selector the guest's tables no longer allow loads as null (Xen's
 * load_segments fixup). */
#define SEG_LOAD(seg, sel)                                                     \
    __asm__ volatile("1: mov %w0, %%" seg "\n2:\n"                             \
                     ".pushsection .text.fixup, \"ax\"\n"                      \
                     "3: xor %k0, %k0\n"                                       \
                     "   mov %w0, %%" seg "\n"                                 \
                     "   jmp 2b\n"                                             \
                     ".popsection\n" _ASM_EXTABLE(1b, 3b)                      \
                     : "+r"(sel)::"memory")

/* GS: loading the selector also loads the active GS base, which is the
 * hypervisor's per-CPU pointer: so load it swapped (the base written
 * afterwards is the guest's anyway). */
static void seg_load_gs(uint64_t sel)
{
    __asm__ volatile("swapgs\n"
                     "1: mov %w0, %%gs\n"
                     "2: swapgs\n"
                     ".pushsection .text.fixup, \"ax\"\n"
                     "3: xor %k0, %k0\n"
                     "   mov %w0, %%gs\n"
                     "   jmp 2b\n"
                     ".popsection\n" _ASM_EXTABLE(1b, 3b)
                     : "+r"(sel)::"memory");
}

/* Only what differs: usually nothing (flat or null selectors). */
static void seg_load(const struct vcpu *next)
{
    uint16_t cur[4];
    uint64_t sel;
    __asm__ volatile("mov %%ds, %0" : "=m"(cur[0]));
    __asm__ volatile("mov %%es, %0" : "=m"(cur[1]));
    __asm__ volatile("mov %%fs, %0" : "=m"(cur[2]));
    __asm__ volatile("mov %%gs, %0" : "=m"(cur[3]));
    if (cur[0] != next->seg_sel[0] && ((sel = next->seg_sel[0]), 1))
        SEG_LOAD("ds", sel);
    if (cur[1] != next->seg_sel[1] && ((sel = next->seg_sel[1]), 1))
        SEG_LOAD("es", sel);
    if (cur[2] != next->seg_sel[2] && ((sel = next->seg_sel[2]), 1))
        SEG_LOAD("fs", sel);
    if (cur[3] != next->seg_sel[3])
        seg_load_gs(next->seg_sel[3]);
}

static void dr_write7(uint64_t v)
{
    __asm__ volatile("mov %0, %%db7" ::"r"(v));
}

/* next's breakpoints (I/O ones are kept but not loaded, as in
 * debugreg.c), or none if it has none and the CPU still holds some. */
static void dr_load(const struct vcpu *next, unsigned int cpu)
{
    uint64_t dr7 = next->debugreg[7], io = 0;
    if (!(dr7 & DR7_ACTIVE)) {
        if (dr7_loaded[cpu])
            dr_write7(DR7_DEFAULT);
        dr7_loaded[cpu] = false;
        return;
    }
    for (unsigned int bp = 0; bp < 4; bp++)
        if (((dr7 >> (DR7_RW_SHIFT + bp * 4)) & 3) == DR7_RW_IO)
            io |= 3UL << (bp * 2);
    dr_write7(DR7_DEFAULT);
    __asm__ volatile("mov %0, %%db0" ::"r"(next->debugreg[0]));
    __asm__ volatile("mov %0, %%db1" ::"r"(next->debugreg[1]));
    __asm__ volatile("mov %0, %%db2" ::"r"(next->debugreg[2]));
    __asm__ volatile("mov %0, %%db3" ::"r"(next->debugreg[3]));
    dr_write7(dr7 & ~io);
    dr7_loaded[cpu] = true;
}

static bool has_desc(const struct vcpu *v)
{
    return v->gdt_frames[0] || v->ldt_ents;
}

/* prev's state out of the CPU. Its runstate area is written while its
 * page tables are still loaded. */
static void ctxt_save(struct vcpu *prev, unsigned int cpu)
{
    uint64_t gs = rdmsr(MSR_SHADOW_GS_BASE);
    prev->regs = *guest_frame();
    prev->fs_base = rdmsr(MSR_FS_BASE);
    if (prev->kernel_mode)
        prev->gs_base_kernel = gs;
    else
        prev->gs_base_user = gs;
    seg_save(prev);
    pv_fpu_save(prev);
    if (has_desc(prev))
        desc_loaded[cpu] = true;
    vcpu_runstate_publish(prev);
}

/* next's FPU registers are in its image: its first FPU use traps. */
static void ctxt_load(struct vcpu *next, unsigned int cpu)
{
    uint64_t cr0 = read_cr0();
    if (!(cr0 & X86_CR0_TS))
        write_cr0(cr0 | X86_CR0_TS);
    write_cr3((next->kernel_mode ? next->guest_table : next->guest_table_user)
              << PAGE_SHIFT);
    if (desc_loaded[cpu] || has_desc(next)) {
        pv_load_descriptor_tables(next);
        desc_loaded[cpu] = has_desc(next);
    }
    seg_load(next);
    wrmsr(MSR_FS_BASE, next->fs_base);
    wrmsr(MSR_SHADOW_GS_BASE,
          next->kernel_mode ? next->gs_base_kernel : next->gs_base_user);
    dr_load(next, cpu);
}

/* Interrupts are off throughout; schedule() has done the books. */
void context_switch(struct vcpu *prev, struct vcpu *next)
{
    unsigned int cpu = smp_processor_id();
    struct cpu_regs *frame = guest_frame();
    if (prev)
        ctxt_save(prev, cpu);
    if (!next) {
        write_cr3(idle_l4_pa);
        this_cpu()->curr_vcpu = NULL;
        if (prev)
            sched_context_saved(prev);
        stack_switch_call((uint64_t)frame, sched_idle_loop);
    }
    ctxt_load(next, cpu);
    this_cpu()->curr_vcpu = next;
    /* prev's tables are no longer loaded here: another CPU may take it. */
    if (prev)
        sched_context_saved(prev);
    /* No pvclock refresh: NOW() assumes TSCs in step on all CPUs, so the
     * record stays valid wherever the vCPU runs. */
    *frame = next->regs;
    vcpu_switched_in(next);
    if (next->nmi_pending || (next->vcpu_info->evtchn_upcall_pending &&
                              !next->vcpu_info->evtchn_upcall_mask))
        pv_deliver_events(frame);
    pv_enter(frame);
}

/* --- VCPUOP_initialise / setvcpucontext: a vcpu_guest_context in ----- */

#define EFLAGS_GUEST_MASK 0x240dd5UL /* CF PF AF ZF SF TF DF OF AC ID */

static bool ctx_canonical(const struct vcpu_guest_context *c)
{
    const uint64_t va[] = {
        c->user_regs.rip,
        c->user_regs.rsp,
        c->kernel_sp,
        c->fs_base,
        c->gs_base_kernel,
        c->gs_base_user,
        c->event_callback_eip,
        c->failsafe_callback_eip,
        c->syscall_callback_eip,
        c->ldt_base,
    };
    for (unsigned int i = 0; i < ARRAY_SIZE(va); i++)
        if (!is_canonical(va[i]))
            return false;
    for (unsigned int i = 0; i < 256; i++)
        if (!is_canonical(c->trap_ctxt[i].address))
            return false;
    return true;
}

/* What this minimal version accepts: kernel context, no LDT and no
 * enabled breakpoints (set them with the hypercalls once running). */
static bool ctx_supported(const struct vcpu_guest_context *c)
{
    return (c->flags & VGCF_in_kernel) && !c->ldt_ents &&
           !(c->debugreg[7] & DR7_ACTIVE) && c->gdt_ents <= 16 * 512;
}

/* A general and an L4 type reference on the guest's page-table root. */
static int ctx_get_root(const struct domain *d, uint64_t mfn)
{
    struct page_info *pg;
    int rc;
    if (!mfn || mfn >= max_pfn)
        return -EINVAL;
    pg = pfn_to_page(mfn);
    if (page_get(pg, d->domain_id))
        return -EINVAL;
    if ((rc = page_get_type(pg, PGT_l4_page_table)))
        page_put(pg);
    return rc ? -EINVAL : 0;
}

/* The guest frame: GPRs in cpu_user_regs' order (that of cpu_regs), the
 * flat ring-3 selectors whatever the guest wrote, IF on, no IOPL. */
static void ctx_load_regs(struct vcpu *v, const struct cpu_user_regs *u)
{
    memset(&v->regs, 0, sizeof(v->regs));
    memcpy(&v->regs, u, offsetof(struct cpu_user_regs, error_code));
    v->regs.rip = u->rip;
    v->regs.cs = GUEST_CS64;
    v->regs.rflags = (u->rflags & EFLAGS_GUEST_MASK) | X86_EFLAGS_IF | 2;
    v->regs.rsp = u->rsp;
    v->regs.ss = GUEST_DS;
    v->seg_sel[0] = u->ds;
    v->seg_sel[1] = u->es;
    v->seg_sel[2] = u->fs;
    v->seg_sel[3] = u->gs;
}

static void ctx_load_rest(struct vcpu *v, const struct vcpu_guest_context *c)
{
    memcpy(v->trap_ctxt, c->trap_ctxt, sizeof(v->trap_ctxt));
    v->event_cb = (struct pv_callback){c->event_callback_eip, 0};
    v->failsafe_cb = (struct pv_callback){
        c->failsafe_callback_eip,
        c->flags & VGCF_failsafe_disables_events ? CALLBACKF_mask_events : 0};
    v->syscall_cb = (struct pv_callback){
        c->syscall_callback_eip,
        c->flags & VGCF_syscall_disables_events ? CALLBACKF_mask_events : 0};
    v->kernel_ss = c->kernel_ss;
    v->kernel_sp = c->kernel_sp;
    v->fs_base = c->fs_base;
    v->gs_base_kernel = c->gs_base_kernel;
    v->gs_base_user = c->gs_base_user;
    v->kernel_mode = true;
    v->fpu_ts = c->ctrlreg[0] & X86_CR0_TS;
    for (unsigned int i = 0; i < 4; i++)
        v->debugreg[i] =
            c->debugreg[i] < CANONICAL_LOW_END ? c->debugreg[i] : 0;
    if (arch_vcpu_init(v) == 0 && (c->flags & VGCF_i387_valid))
        pv_fpu_set_image(v, c->fpu_ctxt.x);
}

/* A root the vCPU held before (setvcpucontext over a paused vCPU). */
static void ctx_put_root(uint64_t *mfn)
{
    if (*mfn)
        page_put_and_type(pfn_to_page(*mfn));
    *mfn = 0;
}

int arch_set_vcpu_context(struct vcpu *v, const struct vcpu_guest_context *c)
{
    const struct domain *d = v->domain;
    uint64_t root = xen_cr3_to_pfn(c->ctrlreg[3]);
    uint64_t user = xen_cr3_to_pfn(c->ctrlreg[1]);
    if (!ctx_canonical(c) || !ctx_supported(c))
        return -EINVAL;
    if (ctx_get_root(d, root))
        return -EINVAL;
    if (user && ctx_get_root(d, user)) {
        page_put_and_type(pfn_to_page(root));
        return -EINVAL;
    }
    pv_destroy_descriptor_tables(v); /* an earlier context's GDT, LDT */
    if (pv_set_gdt(v, c->gdt_frames, (unsigned int)c->gdt_ents)) {
        page_put_and_type(pfn_to_page(root));
        if (user)
            page_put_and_type(pfn_to_page(user));
        return -EINVAL;
    }
    ctx_put_root(&v->guest_table);
    ctx_put_root(&v->guest_table_user);
    v->guest_table = root;
    v->guest_table_user = user;
    ctx_load_regs(v, &c->user_regs);
    ctx_load_rest(v, c);
    v->initialised = true;
    return 0;
}
