/* SPDX-License-Identifier: BSD-2-Clause */
/* Per-CPU data, reached through the GS base. */
#ifndef ASM_PERCPU_H
#define ASM_PERCPU_H

#include <basalt/types.h>
#include <asm/desc.h>

struct timer;
struct percpu {
    struct percpu *self; /* gs:0, so this_cpu() is one load */
    unsigned int cpu_id; /* logical, 0 = BSP */
    uint32_t apic_id;
    bool online;
    uint64_t stack_base; /* the CPU's 64 KiB stack slot */
    uint64_t *gdt;       /* the CPU's 16-page GDT window, as descriptors */
    struct tss64 tss;
    struct timer *timers;    /* pending software timers, soonest first */
    uint64_t timer_deadline; /* programmed deadline (TSC), 0 none */
    uint64_t irq_count;
    volatile uint64_t ipi_count;
} __aligned(64);

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
