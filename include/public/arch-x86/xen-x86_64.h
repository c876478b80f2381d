/* SPDX-License-Identifier: BSD-2-Clause */
/* Guest-visible x86_64 layout facts of Xen's PV ABI, written for Basalt:
 * the hypervisor's virtual window, the machine-to-phys table, and the
 * flat ring-3 selectors every PV guest uses. Values match Xen exactly. */
#ifndef BASALT_PUBLIC_ARCH_X86_XEN_X86_64_H
#define BASALT_PUBLIC_ARCH_X86_XEN_X86_64_H

/* The hypervisor reserves L4 slots 256-271 of every PV address space. */
#define __HYPERVISOR_VIRT_START 0xFFFF800000000000
#define __HYPERVISOR_VIRT_END   0xFFFF880000000000
/* Read-only machine-to-phys table at the bottom of that window. */
#define __MACH2PHYS_VIRT_START 0xFFFF800000000000
#define __MACH2PHYS_VIRT_END   0xFFFF804000000000

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

#endif
