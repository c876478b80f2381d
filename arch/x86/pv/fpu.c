/* SPDX-License-Identifier: BSD-2-Clause */
/* Lazy per-vCPU FPU state: a vCPU's x87/SSE/AVX registers are loaded on
 * its first FPU instruction after it was switched in (#NM, CR0.TS) and
 * saved when it is switched out, as Xen did for PV guests. The guest's
 * own virtual CR0.TS (fpu_taskswitch) rides on the same bit. */
#include <basalt/lib.h>
#include <basalt/domain.h>
#include <basalt/mm.h>
#include <basalt/sched.h>
#include <asm/processor.h>
#include <asm/traps.h>
#include "fpu.h"

#define FPU_FCW_DEFAULT   0x037f
#define FPU_MXCSR_DEFAULT 0x1f80
#define FPU_MXCSR_MASK    0xffbf /* DAZ (bit 6) is not on every CPU */
#define FPU_LEGACY_SIZE   512

static void stts(void)
{
    write_cr0(read_cr0() | X86_CR0_TS);
}

static void clts(void)
{
    __asm__ volatile("clts" ::: "memory");
}

/* The reset state: FCW and MXCSR defaults; an XSAVE header of zeros
 * (XSTATE_BV 0) puts every other component in its initial state. */
static void fpu_default_image(void *area)
{
    uint8_t *p = area;
    memset(area, 0, PAGE_SIZE);
    *(uint16_t *)p = FPU_FCW_DEFAULT;
    *(uint32_t *)(p + 24) = FPU_MXCSR_DEFAULT;
}

int arch_vcpu_init(struct vcpu *v)
{
    if (!v->fpu_area && (v->fpu_area = alloc_xen_pages(0)))
        fpu_default_image(v->fpu_area);
    return v->fpu_area ? 0 : -1;
}

void arch_vcpu_destroy(struct vcpu *v)
{
    if (v->fpu_area)
        free_xen_pages(v->fpu_area, 0);
    v->fpu_area = NULL;
}

/* A guest's FXSAVE image (VCPUOP_initialise): reserved MXCSR bits would
 * make the restore fault, so they go; x87 and SSE marked present. */
void pv_fpu_set_image(struct vcpu *v, const void *fxsave)
{
    uint8_t *p = v->fpu_area;
    if (!p)
        return;
    fpu_default_image(p);
    memcpy(p, fxsave, FPU_LEGACY_SIZE);
    *(uint32_t *)(p + 24) &= FPU_MXCSR_MASK;
    memset(p + 464, 0, FPU_LEGACY_SIZE - 464); /* software-available */
    if (cpu_features.xsave)
        *(uint64_t *)(p + FPU_LEGACY_SIZE) = 3; /* XSTATE_BV: x87, SSE */
}

/* 0, or -1 if the image was refused (#GP: then nothing was loaded). */
static int fpu_restore_image(void *area)
{
    int rc = 0;
    if (cpu_features.xsave)
        __asm__ volatile("1: xrstor64 (%1)\n2:\n"
                         ".pushsection .text.fixup, \"ax\"\n"
                         "3: movl $-1, %0\n"
                         "   jmp 2b\n"
                         ".popsection\n" _ASM_EXTABLE(1b, 3b)
                         : "+r"(rc)
                         : "r"(area), "a"(~0U), "d"(~0U)
                         : "memory");
    else
        __asm__ volatile("1: fxrstor64 (%1)\n2:\n"
                         ".pushsection .text.fixup, \"ax\"\n"
                         "3: movl $-1, %0\n"
                         "   jmp 2b\n"
                         ".popsection\n" _ASM_EXTABLE(1b, 3b)
                         : "+r"(rc)
                         : "r"(area)
                         : "memory");
    return rc;
}

/* A refused image is replaced by the reset state: nothing of the
 * previous vCPU's registers may stay behind. */
static void fpu_restore(void *area)
{
    if (fpu_restore_image(area)) {
        fpu_default_image(area);
        fpu_restore_image(area);
    }
}

/* Switched out: keep what the vCPU did to the FPU (the switch-in sets
 * CR0.TS for the next one). */
void pv_fpu_save(struct vcpu *v)
{
    if (v->fpu_dirtied) {
        clts();
        if (cpu_features.xsave)
            __asm__ volatile("xsave64 (%0)" ::"r"(v->fpu_area), "a"(~0U),
                             "d"(~0U)
                             : "memory");
        else
            __asm__ volatile("fxsave64 (%0)" ::"r"(v->fpu_area) : "memory");
        v->fpu_dirtied = false;
    }
}

/*
 * fpu_taskswitch: the guest's virtual CR0.TS. Setting it sets the real
 * one, so the guest's next FPU instruction raises #NM; clearing it clears
 * the real one only if the vCPU's state is loaded (else #NM loads it).
 */
long do_fpu_taskswitch(uint64_t set)
{
    struct vcpu *v = current_vcpu();

    v->fpu_ts = (int)set != 0; /* Xen's argument is an int */
    if (v->fpu_ts)
        stts();
    else if (v->fpu_dirtied)
        clts();
    return 0;
}

/* #NM from the guest (Xen's do_device_not_available): load the vCPU's
 * state if it is not in the CPU; with its virtual TS set, the guest's
 * handler gets the #NM and the virtual TS is cleared. false: no handler
 * to bounce to. */
bool pv_fpu_trap(struct cpu_regs *regs)
{
    struct vcpu *v = current_vcpu();

    clts();
    if (!v->fpu_dirtied) {
        if (arch_vcpu_init(v))
            domain_crash(v->domain, "no memory for the FPU state");
        fpu_restore(v->fpu_area);
        v->fpu_dirtied = true;
    }
    if (!v->fpu_ts)
        return true; /* retry the instruction */
    v->fpu_ts = false;
    return pv_bounce_exception(regs, 7);
}
