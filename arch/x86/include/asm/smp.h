/* SPDX-License-Identifier: BSD-2-Clause */
/* Bringing up application processors, cross-CPU calls and TLB shootdown. */
#ifndef ASM_SMP_H
#define ASM_SMP_H

#include <basalt/types.h>

/* Start every enabled CPU the MADT lists (INIT-SIPI-SIPI through a real-
 * mode trampoline below 1 MiB). CPUs beyond NR_CPUS are ignored with a
 * warning. Returns the number of CPUs online, the BSP included. */
unsigned int smp_boot_cpus(void);
/* The page below 1 MiB reserved for the trampoline (set from the memory
 * map before bootmem_init; 0 when none was found). */
extern paddr_t trampoline_pa;
void trampoline_reserve(void);

/* Run fn(data) on 'cpu' (or on all other online CPUs with
 * smp_call_function_others) and wait until it has finished. Interrupts
 * must be enabled on the caller. */
void smp_call_function(unsigned int cpu, void (*fn)(void *), void *data);
void smp_call_function_others(void (*fn)(void *), void *data);
/* Flush the TLB (va == NULL: everything; else one page) on every CPU in
 * the mask (bit n = CPU n), the caller included, and wait. */
void flush_tlb_mask(uint64_t mask, const void *va);

/* Called by the trampoline on each AP in long mode on its own stack. */
void start_secondary(void);

/* BSP, before smp_boot_cpus: register the cross-CPU call IPI handler. */
void smp_init_ipis(void);
/* Set by smp_stop_others before it sends the NMIs: the NMI handler must
 * then call smp_stop_this_cpu(), which goes offline and halts for good. */
extern volatile bool smp_stopping;
void smp_stop_this_cpu(void) __noreturn;

#endif
