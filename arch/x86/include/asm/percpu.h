/* SPDX-License-Identifier: BSD-2-Clause */
/* Per-CPU data, reached through the GS base. */
#ifndef ASM_PERCPU_H
#define ASM_PERCPU_H

#include <basalt/types.h>
#include <asm/desc.h>

struct timer;
struct percpu {
    struct percpu *self;    /* gs:0, so this_cpu() is one load */
    uint64_t syscall_rsp;   /* gs:8, guest RSP saved by the SYSCALL entry */
    uint64_t stack_top;     /* gs:16, where the SYSCALL entry switches to */
    struct vcpu *curr_vcpu; /* gs:24, the vCPU running here (NULL: idle) */
    unsigned int cpu_id;    /* logical, 0 = BSP */
    uint32_t apic_id;
    bool online;
    /* gs:41, the exit-to-guest paths' one test: bit 0 = schedule (set
     * from any CPU, kernel/sched.c). In padding: no offset moves. */
    uint8_t softirq_pending;
    uint64_t stack_base; /* the CPU's 64 KiB stack slot */
    uint64_t *gdt;       /* the CPU's 16-page GDT window, as descriptors */
    struct tss64 tss;
    struct timer *timers;    /* pending software timers, soonest first */
    uint64_t timer_deadline; /* programmed deadline (TSC), 0 none */
    uint64_t irq_count;
    volatile uint64_t ipi_count;
} __aligned(64);

/* Offsets the SYSCALL entry (arch/x86/pv/entry.S) uses. */
#define PERCPU_SYSCALL_RSP 8
#define PERCPU_STACK_TOP   16
#define PERCPU_CURR_VCPU   24
#define PERCPU_SOFTIRQ     41
_Static_assert(__builtin_offsetof(struct percpu, syscall_rsp) ==
                   PERCPU_SYSCALL_RSP,
               "entry.S offset");
_Static_assert(__builtin_offsetof(struct percpu, stack_top) == PERCPU_STACK_TOP,
               "entry.S offset");
_Static_assert(__builtin_offsetof(struct percpu, curr_vcpu) == PERCPU_CURR_VCPU,
               "entry.S offset");
_Static_assert(__builtin_offsetof(struct percpu, softirq_pending) ==
                   PERCPU_SOFTIRQ,
               "entry.S offset");

extern struct percpu percpu_area[];
extern unsigned int nr_cpus_online;

static inline struct percpu *this_cpu(void)
{
    struct percpu *p;
    __asm__ volatile("mov %%gs:0, %0" : "=r"(p));
    return p;
}
static inline unsigned int smp_processor_id(void)
{
    return this_cpu()->cpu_id;
}
static inline struct percpu *per_cpu(unsigned int cpu)
{
    return &percpu_area[cpu];
}

#endif
