/* SPDX-License-Identifier: BSD-2-Clause */
/* CPU registers, CPUID, control registers and the saved trap frame. */
#ifndef ASM_PROCESSOR_H
#define ASM_PROCESSOR_H

#include <basalt/types.h>

#define X86_CR0_PE         (1UL << 0)
#define X86_CR0_MP         (1UL << 1)
#define X86_CR0_EM         (1UL << 2)
#define X86_CR0_TS         (1UL << 3)
#define X86_CR0_NE         (1UL << 5)
#define X86_CR0_WP         (1UL << 16)
#define X86_CR0_PG         (1UL << 31)
#define X86_CR4_PAE        (1UL << 5)
#define X86_CR4_MCE        (1UL << 6)
#define X86_CR4_PGE        (1UL << 7)
#define X86_CR4_OSFXSR     (1UL << 9)
#define X86_CR4_OSXMMEXCPT (1UL << 10)
#define X86_CR4_FSGSBASE   (1UL << 16)
#define X86_CR4_OSXSAVE    (1UL << 18)
#define X86_CR4_SMEP       (1UL << 20)
#define X86_CR4_SMAP       (1UL << 21)
#define X86_EFLAGS_IF      (1UL << 9)
#define X86_EFLAGS_AC      (1UL << 18)

/* Saved register frame: pushed by the common trap entry, in this order
 * (lowest address first), followed by the hardware frame. */
struct cpu_regs {
    uint64_t r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
    uint64_t rax, rcx, rdx, rsi, rdi;
    uint64_t vector, error_code;
    uint64_t rip, cs, rflags, rsp, ss;
};

struct cpuid_regs {
    uint32_t a, b, c, d;
};

static inline struct cpuid_regs cpuid_count(uint32_t leaf, uint32_t sub)
{
    struct cpuid_regs r;
    __asm__ volatile("cpuid"
                     : "=a"(r.a), "=b"(r.b), "=c"(r.c), "=d"(r.d)
                     : "a"(leaf), "c"(sub));
    return r;
}
static inline struct cpuid_regs cpuid(uint32_t leaf)
{
    return cpuid_count(leaf, 0);
}

#define DEFINE_CR(n)                                                           \
    static inline uint64_t read_cr##n(void)                                    \
    {                                                                          \
        uint64_t v;                                                            \
        __asm__ volatile("mov %%cr" #n ", %0" : "=r"(v));                      \
        return v;                                                              \
    }                                                                          \
    static inline void write_cr##n(uint64_t v)                                 \
    {                                                                          \
        __asm__ volatile("mov %0, %%cr" #n ::"r"(v) : "memory");               \
    }
DEFINE_CR(0)
DEFINE_CR(2)
DEFINE_CR(3)
DEFINE_CR(4)
#undef DEFINE_CR

static inline void xsetbv(uint32_t idx, uint64_t v)
{
    __asm__ volatile("xsetbv" ::"c"(idx), "a"((uint32_t)v),
                     "d"((uint32_t)(v >> 32)));
}
static inline void invlpg(const void *va)
{
    __asm__ volatile("invlpg (%0)" ::"r"(va) : "memory");
}
static inline void flush_tlb_local(void)
{
    write_cr3(read_cr3());
}
static inline void local_irq_enable(void)
{
    __asm__ volatile("sti" ::: "memory");
}
static inline void local_irq_disable(void)
{
    __asm__ volatile("cli" ::: "memory");
}
static inline uint64_t local_save_flags(void)
{
    uint64_t f;
    __asm__ volatile("pushf; pop %0" : "=r"(f)::"memory");
    return f;
}
static inline uint64_t local_irq_save(void)
{
    uint64_t f = local_save_flags();
    local_irq_disable();
    return f;
}
static inline void local_irq_restore(uint64_t f)
{
    if (f & X86_EFLAGS_IF)
        local_irq_enable();
}
static inline void halt(void)
{
    __asm__ volatile("hlt" ::: "memory");
}
/* Enable interrupts and halt atomically (sti shadow covers hlt). */
static inline void safe_halt(void)
{
    __asm__ volatile("sti; hlt" ::: "memory");
}

/* CPU features we use, filled by cpu_detect(). */
struct cpu_features {
    char vendor[13];
    char brand[49];
    uint32_t family, model, stepping;
    uint32_t max_leaf, max_ext_leaf;
    bool fpu, tsc, msr, apic, sse, sse2, xsave, avx, x2apic, tsc_deadline;
    bool nx, pdpe1gb, rdtscp, lm, invariant_tsc, hypervisor;
    bool smep, smap, fsgsbase, pcid, invpcid;
    bool vmx, svm;
    uint64_t xcr0_supported;
    uint32_t xsave_size;
};
extern struct cpu_features cpu_features;
extern bool smap_active;
void cpu_detect(void);
void cpu_print_features(void);
void cpu_enable_features(void); /* per CPU: CR0/CR4/XCR0/EFER bits */
void cpu_init_pat(void);        /* before any mapping uses PAT4 (WC) */

#endif
