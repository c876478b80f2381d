/* SPDX-License-Identifier: BSD-2-Clause */
/* Guest-visible x86_64 layout facts of Xen's PV ABI, written for Basalt:
 * the hypervisor's virtual window, the machine-to-phys table, and the
 * flat ring-3 selectors every PV guest uses. Values match Xen exactly. */
#ifndef BASALT_PUBLIC_ARCH_X86_XEN_X86_64_H
#define BASALT_PUBLIC_ARCH_X86_XEN_X86_64_H

/*
 * Hypercalls from a 64-bit PV guest: number in RAX, arguments in RDI, RSI,
 * RDX, R10, R8, R9, result in RAX. Guests reach us by calling into the
 * hypercall page at (number * 32); each 32-byte stub does a SYSCALL.
 */

/* The hypervisor reserves L4 slots 256-271 of every PV address space. */
#define __HYPERVISOR_VIRT_START 0xFFFF800000000000
#define __HYPERVISOR_VIRT_END   0xFFFF880000000000
/* Read-only machine-to-phys table at the bottom of that window. */
#define __MACH2PHYS_VIRT_START 0xFFFF800000000000
#define __MACH2PHYS_VIRT_END   0xFFFF804000000000
/*
 * One 8-byte entry per machine frame. The unprefixed HYPERVISOR_VIRT_START
 * and MACH2PHYS_VIRT_START belong to the hypervisor's own asm/config.h
 * (typed constants); guests use the __ forms above.
 */
#define MACH2PHYS_NR_ENTRIES                                                   \
    ((__MACH2PHYS_VIRT_END - __MACH2PHYS_VIRT_START) >> 3)

/* Xen's own GDT entries start at page 14 of every guest GDT. */
#define FIRST_RESERVED_GDT_PAGE  14
#define FIRST_RESERVED_GDT_BYTE  (FIRST_RESERVED_GDT_PAGE * 4096)
#define FIRST_RESERVED_GDT_ENTRY (FIRST_RESERVED_GDT_BYTE / 8)

/* Flat selectors for guest kernel and user (both run in ring 3). */
#define FLAT_RING3_CS32 0xe023 /* FIRST_RESERVED_GDT_ENTRY + 4 */
#define FLAT_RING3_CS64 0xe033 /* FIRST_RESERVED_GDT_ENTRY + 6 */
#define FLAT_RING3_DS32 0xe02b /* FIRST_RESERVED_GDT_ENTRY + 5 */
#define FLAT_RING3_DS64 0x0000 /* NULL selector */
#define FLAT_RING3_SS32 0xe02b
#define FLAT_RING3_SS64 0xe02b

/* Kernel and user share the ring-3 selectors; these are only names. */
#define FLAT_KERNEL_CS64 FLAT_RING3_CS64
#define FLAT_KERNEL_CS32 FLAT_RING3_CS32
#define FLAT_KERNEL_CS   FLAT_KERNEL_CS64
#define FLAT_KERNEL_DS64 FLAT_RING3_DS64
#define FLAT_KERNEL_DS32 FLAT_RING3_DS32
#define FLAT_KERNEL_DS   FLAT_KERNEL_DS64
#define FLAT_KERNEL_SS64 FLAT_RING3_SS64
#define FLAT_KERNEL_SS32 FLAT_RING3_SS32
#define FLAT_KERNEL_SS   FLAT_KERNEL_SS64
#define FLAT_USER_CS64   FLAT_RING3_CS64
#define FLAT_USER_CS32   FLAT_RING3_CS32
#define FLAT_USER_CS     FLAT_USER_CS64
#define FLAT_USER_DS64   FLAT_RING3_DS64
#define FLAT_USER_DS32   FLAT_RING3_DS32
#define FLAT_USER_DS     FLAT_USER_DS64
#define FLAT_USER_SS64   FLAT_RING3_SS64
#define FLAT_USER_SS32   FLAT_RING3_SS32
#define FLAT_USER_SS     FLAT_USER_SS64

/* HYPERVISOR_set_segment_base(which, base): which base to load. */
#define SEGBASE_FS          0
#define SEGBASE_GS_USER     1
#define SEGBASE_GS_KERNEL   2
#define SEGBASE_GS_USER_SEL 3 /* base[15:0] is a selector to load into %gs */

/*
 * HYPERVISOR_iret takes its frame from the guest kernel stack (struct
 * iret_context, lowest address first). With VGCF_in_syscall in flags the
 * return is SYSRET-like: RCX, R11, CS and SS are not restored.
 */
#define _VGCF_in_syscall 8
#define VGCF_in_syscall  (1 << _VGCF_in_syscall)
#define VGCF_IN_SYSCALL  VGCF_in_syscall

#ifndef __ASSEMBLY__
#include <stdint.h>

#include "../abi_check.h"

struct iret_context {
    uint64_t rax, r11, rcx, flags, rip, cs, rflags, rsp, ss;
};

XEN_ABI_SIZE(struct iret_context, 72);
XEN_ABI_OFFSET(struct iret_context, flags, 24);
XEN_ABI_OFFSET(struct iret_context, ss, 64);
#endif

#endif
