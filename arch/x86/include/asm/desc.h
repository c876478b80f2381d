/* SPDX-License-Identifier: BSD-2-Clause */
/* Segment descriptors, the TSS and the IDT. */
#ifndef ASM_DESC_H
#define ASM_DESC_H

#include <basalt/types.h>

/* Hypervisor selectors. The ring-3 flat selectors PV guests use are added
 * with the PV work (Xen places all of them at 0xe000 and above). */
#define HYPERVISOR_CS 0x08
#define HYPERVISOR_DS 0x10
#define TSS_SELECTOR  0x40
#define GDT_ENTRIES   16

/* IST slots (1-based in the IDT gate). */
#define IST_NMI 1
#define IST_DF  2
#define IST_MC  3

struct tss64 {
    uint32_t reserved0;
    uint64_t rsp0, rsp1, rsp2;
    uint64_t reserved1;
    uint64_t ist[7];
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t iomap_base;
} __attribute__((packed));
_Static_assert(sizeof(struct tss64) == 104, "TSS is 104 bytes");

struct gdt_page {
    uint64_t entries[GDT_ENTRIES];
} __aligned(16);

struct desc_ptr {
    uint16_t limit;
    uint64_t base;
} __attribute__((packed));

struct idt_gate {
    uint16_t off_lo, sel;
    uint8_t ist, type_attr;
    uint16_t off_mid;
    uint32_t off_hi, reserved;
};
_Static_assert(sizeof(struct idt_gate) == 16, "IDT gate is 16 bytes");

struct percpu;
void gdt_init_cpu(struct percpu *pc); /* GDT + TSS + IST stacks */
void idt_init(void);                  /* once, on the BSP */
void idt_enable_ist(void);            /* after the BSP's TSS is loaded */
void idt_load(void);                  /* every CPU */

#endif
