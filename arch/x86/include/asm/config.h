/* SPDX-License-Identifier: BSD-2-Clause */
/* The hypervisor's virtual layout. Guests own every L4 slot but 256-271
 * (Xen's x86_64 PV ABI); inside those slots we follow Xen's own layout so
 * PV guests see the same world. Usable from C and assembly. */
#ifndef ASM_CONFIG_H
#define ASM_CONFIG_H

#ifdef __ASSEMBLY__
#define _AC(x, y) x
#else
#define _AC(x, y) x##y
#endif

/* Slots 256-271: the hypervisor window. */
#define HYPERVISOR_VIRT_START _AC(0xFFFF800000000000, UL)
#define HYPERVISOR_VIRT_END   _AC(0xFFFF880000000000, UL)
#define HYPERVISOR_L4_FIRST   256
#define HYPERVISOR_L4_LAST    271
/* Read-only machine-to-phys table for guests: 256 GiB (slots 256..256.5). */
#define MACH2PHYS_VIRT_START _AC(0xFFFF800000000000, UL)
#define MACH2PHYS_VIRT_END   _AC(0xFFFF804000000000, UL)
/* The same table, writable, for the hypervisor only (Xen: RDWR_MPT). */
#define RDWR_M2P_VIRT_START _AC(0xFFFF804000000000, UL)
/* Hypervisor image, as Xen 4.17 (XEN_VIRT_START): 1 GiB. */
#define BASALT_VIRT_START _AC(0xFFFF82D040000000, UL)
#define BASALT_LOAD_PHYS  _AC(0x200000, UL) /* where GRUB puts the image */
/* Per-CPU stacks with guard pages: 1 GiB. */
#define STACKS_VIRT_START _AC(0xFFFF82D080000000, UL)
#define STACKS_VIRT_END   _AC(0xFFFF82D0A0000000, UL)
/* Per-CPU GDT windows (Xen's 16-page GDT layout): 64 KiB per CPU. */
#define GDT_VIRT_START _AC(0xFFFF82D0A0000000, UL)
#define GDT_VIRT_END   _AC(0xFFFF82D0C0000000, UL)
/* Per-CPU LDT windows (16 pages, 8192 descriptors): 64 KiB per CPU, in
 * the upper half of the GDT range. */
#define LDT_VIRT_START _AC(0xFFFF82D0B0000000, UL)
/* Uncached MMIO mappings (LAPIC, IOAPIC, HPET, framebuffer): 1 GiB. */
#define IOREMAP_VIRT_START _AC(0xFFFF82D0C0000000, UL)
#define IOREMAP_VIRT_END   _AC(0xFFFF82D100000000, UL)
/* Frame table: 128 GiB covers 2^32 frames of 32 bytes (16 TiB of RAM). */
#define FRAMETABLE_VIRT_START _AC(0xFFFF82E000000000, UL)
#define FRAMETABLE_VIRT_END   _AC(0xFFFF830000000000, UL)
/* Direct map of RAM: slots 262-271, 5 TiB. */
#define DIRECTMAP_VIRT_START _AC(0xFFFF830000000000, UL)
#define DIRECTMAP_VIRT_END   _AC(0xFFFF880000000000, UL)
#define DIRECTMAP_SIZE       (DIRECTMAP_VIRT_END - DIRECTMAP_VIRT_START)

/* Per-CPU stack slot: 64 KiB per CPU, see arch/x86/stack.c. */
#define STACK_SLOT_SIZE    _AC(0x10000, UL)
#define PRIMARY_STACK_SIZE _AC(0x4000, UL)
#define IST_STACK_SIZE     _AC(0x1000, UL)

#define NR_CPUS 64

/* The first non-canonical address above the lower half. */
#define CANONICAL_LOW_END _AC(0x0000800000000000, UL)

/* Exception vectors for which the CPU pushes an error code: 8, 10-14, 17,
 * 21, 29, 30. One mask for entry.S and the PV trap bounce. */
#define X86_EXC_ERROR_CODE_MASK   0x60227d00
#define X86_EXC_HAS_ERROR_CODE(v) ((X86_EXC_ERROR_CODE_MASK >> (v)) & 1)

#endif
