/* SPDX-License-Identifier: BSD-2-Clause */
/* Model-specific registers used by the hypervisor. */
#ifndef ASM_MSR_H
#define ASM_MSR_H

#define MSR_IA32_APIC_BASE       0x0000001b
#define MSR_IA32_FEATURE_CONTROL 0x0000003a
#define MSR_IA32_TSC_DEADLINE    0x000006e0
#define MSR_IA32_PAT             0x00000277
#define MSR_IA32_MISC_ENABLE     0x000001a0
#define MSR_X2APIC_BASE          0x00000800
#define MSR_EFER                 0xc0000080
#define MSR_SYSENTER_CS          0x00000174
#define MSR_STAR                 0xc0000081
#define MSR_LSTAR                0xc0000082
#define MSR_CSTAR                0xc0000083
#define MSR_SYSCALL_MASK         0xc0000084
#define MSR_FS_BASE              0xc0000100
#define MSR_GS_BASE              0xc0000101
#define MSR_SHADOW_GS_BASE       0xc0000102
#define MSR_TSC_AUX              0xc0000103

#define EFER_SCE  (1U << 0)
#define EFER_LME  (1U << 8)
#define EFER_LMA  (1U << 10)
#define EFER_NXE  (1U << 11)
#define EFER_SVME (1U << 12)

#define APIC_BASE_BSP    (1U << 8)
#define APIC_BASE_EXTD   (1U << 10) /* x2APIC mode */
#define APIC_BASE_ENABLE (1U << 11)

#ifndef __ASSEMBLY__
#include <basalt/types.h>

static inline uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;
    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return ((uint64_t)hi << 32) | lo;
}
static inline void wrmsr(uint32_t msr, uint64_t v)
{
    __asm__ volatile("wrmsr" ::"c"(msr), "a"((uint32_t)v),
                     "d"((uint32_t)(v >> 32)));
}
static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}
#endif

#endif
