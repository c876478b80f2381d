/* SPDX-License-Identifier: BSD-2-Clause */
/* What a PV guest may see and touch: the CPUID view Xen 4.17 gives a
 * 64-bit PV guest, and the I/O ports the hypervisor keeps for itself. */
#include <basalt/lib.h>
#include "emulate.h"

/*
 * Feature masks: the bits Xen's cpufeatureset.h marks 'A' (available to
 * every guest by default), so what a PV guest may use without help.
 * Left out on purpose: SEP (no SYSENTER entry for 64-bit PV), x2APIC (no
 * APIC to reach), FSGSBASE (Basalt never sets CR4.FSGSBASE for a guest),
 * and IBRS/STIBP/SSBD/IBPB (MSR_SPEC_CTRL and MSR_PRED_CMD are not
 * emulated). Checked against Xen 4.17 under QEMU: see tests/guests/emulate.c.
 */
#define L1_EDX_MASK   0x1fc9c3f5u /* FPU DE TSC MSR PAE MCE CX8 APIC MCA ... */
#define L1_ECX_MASK   0xf6d83203u /* SSE3 PCLMUL SSSE3 FMA CX16 SSE4 ... */
#define L7_EBX_MASK   0xfdaf0b28u /* BMI1 AVX2 BMI2 ERMS RTM AVX512* ... */
#define L7_ECX_MASK   0x02405f43u /* PREFETCHWT1 VBMI GFNI VAES ... RDPID */
#define L7_EDX_MASK   0x0000040cu /* AVX512_4VNNIW/4FMAPS, MD_CLEAR */
#define E1_ECX_MASK   0x042109e3u /* LAHF_LM CMP_LEGACY ABM SSE4A ... DBEXT */
#define E1_EDX_MASK   0xea500800u /* SYSCALL NX MMXEXT FFXSR RDTSCP LM 3DNow */
#define E1_EDX_COMMON 0x0183f3ffu /* AMD repeats these leaf 1 EDX bits */
#define E8_EBX_MASK   0x24000005u /* CLZERO RSTR_FP_ERR_PTRS SSB_NO BTC_NO */

#define L1C_MONITOR    (1u << 3)
#define L1C_EIST       (1u << 7)
#define L1C_XSAVE      (1u << 26)
#define L1C_OSXSAVE    (1u << 27)
#define L1C_HYPERVISOR (1u << 31)
#define L1D_MTRR       (1u << 12)

/* Features whose state XSAVE must hold: gone without it in XCR0. */
#define L1C_AVX_DEPS    0x30001000u /* FMA AVX F16C */
#define L7B_AVX_DEPS    0x00000020u /* AVX2 */
#define L7C_AVX_DEPS    0x00000600u /* VAES VPCLMULQDQ */
#define E1C_AVX_DEPS    0x00010800u /* XOP FMA4 */
#define L7B_AVX512_DEPS 0xdc230000u
#define L7C_AVX512_DEPS 0x00005842u
#define L7D_AVX512_DEPS 0x0000000cu
#define XCR0_AVX        (1u << 2)
#define XCR0_AVX512     0xe0u /* opmask, ZMM_Hi256, Hi16_ZMM */

#define BASIC_MAX 0xdu /* Xen 4.17's CPUID_GUEST_NR_BASIC - 1 */
#define EXTD_MAX  0x80000008u
#define HV_BASE   0x40000000u
#define HV_MAX    5u

static void cpuid_zero(struct cpuid_regs *r)
{
    r->a = r->b = r->c = r->d = 0;
}

/* Xen's leaves: signature, version, hypercall page MSR, time, PV limits. */
static void cpuid_hypervisor(uint32_t idx, uint32_t sub,
                             const struct pv_cpuid_env *env,
                             struct cpuid_regs *r)
{
    cpuid_zero(r);
    if (idx == 0) {
        r->a = HV_BASE + HV_MAX;
        r->b = 0x566e6558u; /* "XenVMMXenVMM" */
        r->c = 0x65584d4du;
        r->d = 0x4d4d566eu;
    } else if (idx == 1) {
        r->a = env->xen_version;
    } else if (idx == 2) {
        r->a = 1;       /* hypercall pages */
        r->b = HV_BASE; /* the MSR that would write one */
        r->c = 1;       /* XEN_CPUID_FEAT1_MMU_PT_UPDATE_PRESERVE_AD */
    } else if (idx == 3 && sub == 0) {
        r->a = (env->tsc_safe ? 2u : 0) | (env->rdtscp ? 4u : 0);
    } else if (idx == 3 && sub == 2) {
        r->a = env->cpu_khz;
    } else if (idx == 5 && sub == 0) {
        r->b = env->mfn_bits;
    }
}

/* Xenolinux dom0 kernels take MTRR as the sign of the memtype
 * hypercalls, so Xen still shows it to dom0's kernel. */
static uint32_t cpuid_leaf1_edx_mask(const struct pv_cpuid_env *env)
{
    return L1_EDX_MASK | (env->hwdom && env->kernel_mode ? L1D_MTRR : 0);
}

/* Leaf 1 with Xen's PV rules: no APIC ID, the hypervisor bit, OSXSAVE
 * through the enlightened path only (a de facto ABI Linux relies on),
 * and dom0's kernel still sees MTRR, EIST and (faulting CPUID) MONITOR. */
static void cpuid_leaf1(const struct pv_cpuid_env *env, struct cpuid_regs *r)
{
    uint32_t raw_c = r->c, raw_d = r->d;
    bool dom0k = env->hwdom && env->kernel_mode;
    r->b &= 0x00ffffffu;
    r->c = (raw_c & L1_ECX_MASK) | L1C_HYPERVISOR;
    r->d = raw_d & cpuid_leaf1_edx_mask(env);
    if (!(env->xcr0 & XCR0_AVX))
        r->c &= ~L1C_AVX_DEPS;
    if (!env->xcr0)
        r->c &= ~L1C_XSAVE;
    if (env->guest_osxsave || ((r->c & L1C_XSAVE) && env->forced &&
                               env->kernel_mode && env->host_osxsave))
        r->c |= L1C_OSXSAVE;
    if (dom0k)
        r->c |= raw_c & L1C_EIST;
    if (dom0k && !env->forced)
        r->c |= raw_c & L1C_MONITOR;
}

static void cpuid_leaf7(uint32_t sub, const struct pv_cpuid_env *env,
                        struct cpuid_regs *r)
{
    if (sub != 0) {
        cpuid_zero(r); /* subleaf 1 and up: none offered */
        return;
    }
    r->a = 0;
    r->b &= L7_EBX_MASK;
    r->c &= L7_ECX_MASK;
    r->d &= L7_EDX_MASK;
    if (!(env->xcr0 & XCR0_AVX)) {
        r->b &= ~L7B_AVX_DEPS;
        r->c &= ~L7C_AVX_DEPS;
    }
    if ((env->xcr0 & XCR0_AVX512) != XCR0_AVX512) {
        r->b &= ~L7B_AVX512_DEPS;
        r->c &= ~L7C_AVX512_DEPS;
        r->d &= ~L7D_AVX512_DEPS;
    }
}

/* XSAVE: the guest runs with the hypervisor's XCR0 (XSETBV is not
 * emulated), so the current size (EBX) is also the largest (ECX). */
static void cpuid_xstate(uint32_t sub, const struct pv_cpuid_env *env,
                         struct cpuid_regs *r)
{
    if (!env->xcr0 || sub >= 64) {
        cpuid_zero(r);
    } else if (sub == 0) {
        r->a = (uint32_t)env->xcr0;
        r->d = (uint32_t)(env->xcr0 >> 32);
        r->c = r->b;
    } else if (sub == 1) {
        r->a &= 7; /* XSAVEOPT XSAVEC XGETBV1; no XSAVES */
        r->b = (r->a & 2) ? r->b : 0;
        r->c = r->d = 0;
    } else if (!(env->xcr0 & (1ull << sub))) {
        cpuid_zero(r);
    }
}

static void cpuid_basic(uint32_t leaf, uint32_t sub,
                        const struct pv_cpuid_env *env, struct cpuid_regs *r)
{
    switch (leaf) {
    case 0:
        r->a = MIN(r->a, BASIC_MAX);
        break;
    case 1:
        cpuid_leaf1(env, r);
        break;
    case 2:
    case 4:
        break; /* cache descriptors: as the hardware says */
    case 5:
        if (!env->hwdom || !env->kernel_mode || env->forced)
            cpuid_zero(r); /* MONITOR leaks to dom0 as leaf 1 does */
        break;
    case 7:
        cpuid_leaf7(sub, env, r);
        break;
    case 0xd:
        cpuid_xstate(sub, env, r);
        break;
    default:
        cpuid_zero(r); /* PSN, thermal, perfmon, topology: none */
        break;
    }
}

static void cpuid_extended(uint32_t leaf, const struct pv_cpuid_env *env,
                           struct cpuid_regs *r)
{
    uint32_t vbits;
    switch (leaf) {
    case 0x80000000:
        r->a = MIN(r->a, EXTD_MAX);
        break;
    case 0x80000001:
        r->c &= E1_ECX_MASK;
        if (!(env->xcr0 & XCR0_AVX))
            r->c &= ~E1C_AVX_DEPS;
        r->d =
            (r->d & E1_EDX_MASK) |
            (env->amd ? r->d & E1_EDX_COMMON & cpuid_leaf1_edx_mask(env) : 0);
        break;
    case 0x80000002:
    case 0x80000003:
    case 0x80000004:
    case 0x80000005:
    case 0x80000006:
        break; /* brand string, caches */
    case 0x80000008:
        vbits = MIN((r->a >> 8) & 0xff, 48u); /* 4-level paging only */
        r->a = (r->a & ~0xff00u) | vbits << 8;
        r->b &= E8_EBX_MASK;
        r->c = r->d = 0;
        break;
    default:
        cpuid_zero(r); /* invariant TSC, SVM, SEV, ...: none */
        break;
    }
}

void pv_cpuid_policy(uint32_t leaf, uint32_t sub,
                     const struct pv_cpuid_env *env, struct cpuid_regs *r)
{
    if (leaf >= HV_BASE && leaf <= HV_BASE + HV_MAX)
        cpuid_hypervisor(leaf - HV_BASE, sub, env, r);
    else if (leaf <= MIN(env->max_leaf, BASIC_MAX))
        cpuid_basic(leaf, sub, env, r);
    else if (leaf >= 0x80000000u && leaf <= MIN(env->max_ext_leaf, EXTD_MAX))
        cpuid_extended(leaf, env, r);
    else
        cpuid_zero(r);
}

/* Ports the hypervisor drives after boot, or that would let dom0 take
 * its interrupts and timers away (Xen keeps the same from its dom0). */
static const struct {
    uint16_t first, last;
} ioport_denied[] = {
    {0x20, 0x21}, /* master 8259 PIC */
    {0x40, 0x43}, /* PIT */
    {0x61, 0x61}, /* PIT channel 2 gate, speaker */
    {0xa0, 0xa1}, /* slave 8259 PIC */
};

bool pv_ioport_permitted(unsigned int port, unsigned int bytes, uint16_t uart)
{
    unsigned int last = port + bytes - 1;
    if (!bytes || bytes > 4 || port > 0xffff || last > 0xffff)
        return false;
    for (size_t i = 0; i < ARRAY_SIZE(ioport_denied); i++)
        if (port <= ioport_denied[i].last && last >= ioport_denied[i].first)
            return false;
    return !uart || last < uart || port > uart + 7u;
}
