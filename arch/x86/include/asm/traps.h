/* SPDX-License-Identifier: BSD-2-Clause */
/* Exception handling, interrupt vectors and exception-table fixups. */
#ifndef ASM_TRAPS_H
#define ASM_TRAPS_H

#include <asm/processor.h>

/* Interrupt vectors owned by the hypervisor. */
#define VECTOR_IRQ_BASE  0x20 /* legacy IRQ n -> 0x20 + n via the IOAPIC */
#define VECTOR_TIMER     0xf0 /* LAPIC timer */
#define VECTOR_CALL_FUNC 0xf1 /* cross-CPU function call */
#define VECTOR_TLB_FLUSH 0xf2 /* TLB shootdown */
#define VECTOR_SCHED     0xf3 /* look at softirq_pending (kernel/sched.c) */
#define VECTOR_ERROR     0xfe /* LAPIC error */
#define VECTOR_SPURIOUS  0xff

typedef void (*irq_handler_t)(struct cpu_regs *regs);
void set_irq_handler(unsigned int vector, irq_handler_t fn);

/* Exception-table entry: a faulting instruction and where to resume. */
struct extable_entry {
    uint64_t insn, fixup;
};
#define _ASM_EXTABLE(from, to)                                                 \
    ".pushsection __ex_table, \"a\"\n.balign 8\n.quad " #from ", " #to         \
    "\n.popsection\n"

/* Read a 64-bit value at 'addr'; returns 0 or -EFAULT on a fault. */
int probe_read64(const void *addr, uint64_t *val);

void show_registers(const struct cpu_regs *regs);
void show_stack_trace(uint64_t rbp);
void stack_switch_call(uint64_t new_top, void (*fn)(void)) __noreturn;

#endif
