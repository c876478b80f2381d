/* SPDX-License-Identifier: BSD-2-Clause */
/* Every hypercall handler Basalt implements, by Xen's name. */
#ifndef BASALT_HYPERCALL_H
#define BASALT_HYPERCALL_H

#include <basalt/types.h>

struct cpu_regs;

/*
 * All handlers are called as fn(a1, a2, a3, a4, a5, regs): Xen's arguments
 * in order (RDI, RSI, RDX, R10, R8), then the saved guest frame, which only
 * iret and the continuable ones (mmu_update, mmuext_op, multicall,
 * memory_op, grant_table_op) need. A handler that takes fewer arguments is
 * declared with fewer (the extra ones are ignored by the ABI).
 */
long do_set_trap_table(uint64_t traps);
long do_mmu_update(uint64_t ureqs, uint64_t count, uint64_t pdone,
                   uint64_t foreigndom, uint64_t unused, struct cpu_regs *regs);
long do_set_gdt(uint64_t frame_list, uint64_t entries);
long do_stack_switch(uint64_t ss, uint64_t esp);
long do_set_callbacks(uint64_t event, uint64_t failsafe, uint64_t syscall);
long do_fpu_taskswitch(uint64_t set);
long do_set_debugreg(uint64_t reg, uint64_t value);
long do_get_debugreg(uint64_t reg);
long do_update_descriptor(uint64_t pa, uint64_t desc);
long do_memory_op(uint64_t cmd, uint64_t arg, uint64_t a3, uint64_t a4,
                  uint64_t a5, struct cpu_regs *regs);
/* memory_op sub-ops that are the architecture's (memory maps, the M2P's
 * frames and location, physmap edits); -ENOSYS for any other. */
long arch_memory_op(uint64_t cmd, uint64_t arg);
long do_multicall(uint64_t calls, uint64_t nr_calls, uint64_t a3, uint64_t a4,
                  uint64_t a5, struct cpu_regs *regs);
long do_update_va_mapping(uint64_t va, uint64_t val, uint64_t flags);
long do_set_timer_op(uint64_t timeout);
long do_xen_version(uint64_t cmd, uint64_t arg);
long do_console_io(uint64_t cmd, uint64_t count, uint64_t buf);
long do_grant_table_op(uint64_t cmd, uint64_t uop, uint64_t count, uint64_t a4,
                       uint64_t a5, struct cpu_regs *regs);
long do_vm_assist(uint64_t cmd, uint64_t type);
long do_update_va_mapping_otherdomain(uint64_t va, uint64_t val, uint64_t flags,
                                      uint64_t domid);
long do_iret(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5,
             struct cpu_regs *regs) __noreturn;
long do_vcpu_op(uint64_t cmd, uint64_t vcpuid, uint64_t arg);
long do_set_segment_base(uint64_t which, uint64_t base);
long do_mmuext_op(uint64_t uops, uint64_t count, uint64_t pdone,
                  uint64_t foreigndom, uint64_t unused, struct cpu_regs *regs);
long do_sched_op(uint64_t cmd, uint64_t arg);
long do_callback_op(uint64_t cmd, uint64_t arg);
long do_event_channel_op(uint64_t cmd, uint64_t arg);
long do_physdev_op(uint64_t cmd, uint64_t arg);
/* Control-domain operations (kernel/domctl.c, sysctl.c): -EPERM for
 * an unprivileged caller; continuable (busy lock, long destroy). */
long do_domctl(uint64_t arg, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5,
               struct cpu_regs *regs);
long do_sysctl(uint64_t arg, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5,
               struct cpu_regs *regs);

/* Multicall runs entries through the same table. */
long pv_hypercall_call(uint64_t nr, const uint64_t args[5],
                       struct cpu_regs *regs);

/* Emulation of privileged instructions (arch/x86/pv/emulate.c): called for
 * a #GP or #UD from the guest before it is bounced. true if the
 * instruction was emulated (regs updated, RIP advanced) or turned into
 * another exception already delivered. */
bool pv_emulate_op(struct cpu_regs *regs, unsigned int vector);

/* #NM from the guest with its virtual CR0.TS set (descriptor.c). */
bool pv_fpu_trap(struct cpu_regs *regs);

#endif
