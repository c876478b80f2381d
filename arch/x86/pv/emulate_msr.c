/* SPDX-License-Identifier: BSD-2-Clause */
/* RDMSR, WRMSR and MOV to/from CRn from a PV guest kernel: the segment
 * bases, the safe read-mostly MSRs Xen offers a PV guest, the guest's
 * virtual CR0.TS, CR2 and CR4. Anything else is a #GP for the guest. */
#include <basalt/lib.h>
#include <basalt/domain.h>
#include <basalt/errno.h>
#include <basalt/mm.h>
#include <asm/msr.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/traps.h>
#include "emulate.h"

#define MSR_IA32_TSC               0x00000010
#define MSR_IA32_MPERF             0x000000e7
#define MSR_IA32_APERF             0x000000e8
#define MSR_IA32_PERF_CAPABILITIES 0x00000345
#define MSR_K8_HWCR                0xc0010015
#define MSR_K7_FID_VID_CTL         0xc0010041
#define MSR_K7_FID_VID_STATUS      0xc0010042
#define MSR_K8_PSTATE_LIMIT        0xc0010061
#define MSR_K8_PSTATE7             0xc001006b
#define MSR_XEN_HYPERCALL_PAGE     0x40000000 /* CPUID 0x40000002 EBX */
#define APIC_DEFAULT_BASE          0xfee00000UL

/* EFER as a PV guest sees it: known bits but SVME (Xen's guest_efer). */
#define EFER_GUEST_MASK 0x6d01ULL /* SCE LME LMA NXE LMSLE FFXSE */

#define MISC_ENABLE_PERF_AVAIL   (1ULL << 7)
#define MISC_ENABLE_BTS_UNAVAIL  (1ULL << 11)
#define MISC_ENABLE_PEBS_UNAVAIL (1ULL << 12)
#define MISC_ENABLE_MONITOR      (1ULL << 18)
#define MISC_ENABLE_XTPR_DISABLE (1ULL << 23)

#define X86_CR4_TSD (1UL << 2)
#define X86_CR4_DE  (1UL << 3)
#define PV_CR4_VISIBLE                                                         \
    (X86_CR4_PAE | X86_CR4_MCE | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT)

static int rdmsr_safe(uint32_t msr, uint64_t *val)
{
    uint32_t lo = 0, hi = 0;
    int rc = 0;
    __asm__ volatile("1: rdmsr\n"
                     "2:\n"
                     ".pushsection .text.fixup, \"ax\"\n"
                     "3: movl %[ef], %[rc]\n"
                     "   jmp 2b\n"
                     ".popsection\n" _ASM_EXTABLE(1b, 3b)
                     : [rc] "+r"(rc), "+a"(lo), "+d"(hi)
                     : "c"(msr), [ef] "i"(-EFAULT));
    *val = (uint64_t)hi << 32 | lo;
    return rc;
}

static bool msr_vendor_amd(void)
{
    return !strcmp(cpu_features.vendor, "AuthenticAMD") ||
           !strcmp(cpu_features.vendor, "HygonGenuine");
}

/* AMD's frequency MSRs belong to the hypervisor: reads 0, writes dropped. */
static bool msr_is_amd_pstate(uint32_t msr)
{
    return msr_vendor_amd() &&
           (msr == MSR_K7_FID_VID_CTL || msr == MSR_K7_FID_VID_STATUS ||
            (msr >= MSR_K8_PSTATE_LIMIT && msr <= MSR_K8_PSTATE7));
}

/* Performance monitoring and xTPR hidden, BTS and PEBS unavailable. */
static uint64_t msr_guest_misc_enable(uint64_t val)
{
    val &= ~(MISC_ENABLE_PERF_AVAIL | MISC_ENABLE_MONITOR);
    return val | MISC_ENABLE_BTS_UNAVAIL | MISC_ENABLE_PEBS_UNAVAIL |
           MISC_ENABLE_XTPR_DISABLE;
}

/* While the hypervisor runs (after SWAPGS), SHADOW_GS_BASE holds the
 * guest's active GS base; the inactive user one lives in the vcpu. */
static bool msr_read(const struct vcpu *v, uint32_t msr, uint64_t *val)
{
    switch (msr) {
    case MSR_FS_BASE:
        *val = rdmsr(MSR_FS_BASE);
        return true;
    case MSR_GS_BASE:
        *val = rdmsr(MSR_SHADOW_GS_BASE);
        return true;
    case MSR_SHADOW_GS_BASE:
        *val = v->gs_base_user;
        return true;
    case MSR_IA32_APIC_BASE: /* Linux reads it; there is no APIC to see */
        *val = APIC_BASE_ENABLE | APIC_DEFAULT_BASE |
               (v->vcpu_id ? 0 : APIC_BASE_BSP);
        return true;
    case MSR_IA32_TSC:
        *val = rdtsc();
        return true;
    case MSR_EFER:
        *val = rdmsr(MSR_EFER) & EFER_GUEST_MASK;
        return true;
    case MSR_IA32_PAT: /* Xen's layout, which guest PTEs index */
        *val = rdmsr(MSR_IA32_PAT);
        return true;
    case MSR_IA32_MISC_ENABLE:
        if (rdmsr_safe(msr, val))
            return false;
        *val = msr_guest_misc_enable(*val);
        return true;
    case MSR_IA32_PERF_CAPABILITIES:
    case MSR_XEN_HYPERCALL_PAGE: /* write-only: reads as 0 on Xen */
        *val = 0;
        return true;
    default:
        *val = 0;
        return msr_is_amd_pstate(msr);
    }
}

enum pv_emul_rc pv_emul_rdmsr(struct cpu_regs *regs)
{
    const struct vcpu *v = current_vcpu();
    uint32_t msr = (uint32_t)regs->rcx;
    uint64_t val, probe;
    if (!msr_read(v, msr, &val)) {
        /* Xen's compromise for guests with no #GP handler yet: an MSR
         * the hardware has (outside the hypervisor range) reads as 0. */
        if (v->trap_ctxt[13].address || (msr >> 16) == 0x4000 ||
            rdmsr_safe(msr, &probe))
            return PV_EMUL_UNHANDLED;
        printk("d%u: faking RDMSR %#x\n", v->domain->domain_id, msr);
        val = 0;
    }
    regs->rax = (uint32_t)val;
    regs->rdx = val >> 32;
    return PV_EMUL_DONE;
}

static bool msr_write(struct vcpu *v, uint32_t msr, uint64_t val)
{
    uint64_t cur;
    switch (msr) {
    case MSR_FS_BASE:
    case MSR_GS_BASE:
    case MSR_SHADOW_GS_BASE:
        if (!is_canonical(val))
            return false;
        if (msr == MSR_SHADOW_GS_BASE)
            v->gs_base_user = val;
        else
            wrmsr(msr == MSR_FS_BASE ? MSR_FS_BASE : MSR_SHADOW_GS_BASE, val);
        return true;
    case MSR_EFER: /* Linux writes back what it read */
        return val == (rdmsr(MSR_EFER) & EFER_GUEST_MASK);
    case MSR_IA32_MISC_ENABLE: /* a change is ignored, as on Xen */
        return !rdmsr_safe(msr, &cur);
    case MSR_IA32_MPERF:
    case MSR_IA32_APERF:
        return true;
    case MSR_K8_HWCR:
        return msr_vendor_amd();
    default:
        return msr_is_amd_pstate(msr);
    }
}

enum pv_emul_rc pv_emul_wrmsr(struct cpu_regs *regs)
{
    struct vcpu *v = current_vcpu();
    uint64_t val = regs->rdx << 32 | (uint32_t)regs->rax;
    return msr_write(v, (uint32_t)regs->rcx, val) ? PV_EMUL_DONE
                                                  : PV_EMUL_UNHANDLED;
}

/* CR0 as the guest sees it: the real one with its own virtual TS. */
static uint64_t cr_guest_cr0(const struct vcpu *v)
{
    return (read_cr0() & ~X86_CR0_TS) | (v->fpu_ts ? X86_CR0_TS : 0);
}

/* The guest owns DE, TSD and OSXSAVE in its view of CR4 (Xen's
 * PV_CR4_GUEST_MASK without FSGSBASE, which is hidden); they are
 * remembered, not loaded into the real CR4. */
static uint64_t cr_guest_cr4_mask(void)
{
    return X86_CR4_TSD | X86_CR4_DE |
           (cpu_features.xsave ? X86_CR4_OSXSAVE : 0);
}

static bool cr_read(const struct vcpu *v, unsigned int cr, uint64_t *val)
{
    switch (cr) {
    case 0:
        *val = cr_guest_cr0(v);
        return true;
    case 2:
        *val = v->vcpu_info->arch.cr2;
        return true;
    case 3: /* MFN = GMFN: PV memory is not translated */
        *val = v->guest_table << PAGE_SHIFT;
        return true;
    case 4:
        *val = (read_cr4() & PV_CR4_VISIBLE) | v->cr4_guest;
        return true;
    default:
        return false;
    }
}

static bool cr_write(struct vcpu *v, unsigned int cr, uint64_t val)
{
    switch (cr) {
    case 0: /* only TS may change (Xen: "unmodifiable CR0 flags") */
        if ((val ^ cr_guest_cr0(v)) & ~X86_CR0_TS)
            return false;
        do_fpu_taskswitch(!!(val & X86_CR0_TS));
        return true;
    case 2:
        v->vcpu_info->arch.cr2 = val;
        return true;
    case 4: /* other bits are Xen's to choose: dropped, as Xen does */
        v->cr4_guest = val & cr_guest_cr4_mask();
        return true;
    default:
        return false; /* CR3: MMUEXT_NEW_BASEPTR is the PV way */
    }
}

static uint64_t *emul_gpr(struct cpu_regs *regs, unsigned int n)
{
    uint64_t *const gprs[16] = {
        &regs->rax, &regs->rcx, &regs->rdx, &regs->rbx, &regs->rsp, &regs->rbp,
        &regs->rsi, &regs->rdi, &regs->r8,  &regs->r9,  &regs->r10, &regs->r11,
        &regs->r12, &regs->r13, &regs->r14, &regs->r15,
    };
    return gprs[n & 15];
}

enum pv_emul_rc pv_emul_mov_cr(struct cpu_regs *regs,
                               const struct pv_insn *insn)
{
    struct vcpu *v = current_vcpu();
    uint64_t *gpr = emul_gpr(regs, insn->gpr);
    if (insn->op == PV_OP_MOV_FROM_CR)
        return cr_read(v, insn->cr, gpr) ? PV_EMUL_DONE : PV_EMUL_UNHANDLED;
    return cr_write(v, insn->cr, *gpr) ? PV_EMUL_DONE : PV_EMUL_UNHANDLED;
}
