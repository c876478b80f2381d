/* SPDX-License-Identifier: BSD-2-Clause */
/* Segment descriptors, the TSS and the IDT. */
#ifndef ASM_DESC_H
#define ASM_DESC_H

#include <basalt/types.h>

/* Xen's GDT layout: a guest's own GDT frames fill pages 0-13 of a CPU's
 * 16-page GDT window; the hypervisor's descriptors live on page 14, at
 * the selectors the PV ABI fixes (FLAT_RING3_* in public/arch-x86). The
 * ring-3 entries sit in the order SYSRET needs: CS32, DS, CS64. */
#define GDT_WINDOW_PAGES   16
#define GDT_RESERVED_PAGE  14
#define GDT_RESERVED_FIRST (GDT_RESERVED_PAGE * 4096 / 8) /* entry 0x1c00 */
#define HYPERVISOR_CS      0xe008 /* 64-bit code, DPL 0 */
#define HYPERVISOR_DS      0xe010 /* data, DPL 0 */
#define GUEST_CS32         0xe023 /* FLAT_RING3_CS32 */
#define GUEST_DS           0xe02b /* FLAT_RING3_DS32 / SS */
#define GUEST_CS64         0xe033 /* FLAT_RING3_CS64 */
#define TSS_SELECTOR       0xe040 /* 16 bytes */
#define LDT_SELECTOR       0xe050 /* 16 bytes: the CPU's LDT window */
#define GDT_WINDOW_LIMIT   (GDT_WINDOW_PAGES * 4096 - 1)

/* IST slots (1-based in the IDT gate). */
#define IST_NMI 1
#define IST_DF  2
#define IST_MC  3
#define IST_DB  4

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
/* Map the CPU's GDT window (needs the frame allocator), fill the
 * hypervisor's descriptors, load GDT and TSS. */
void gdt_init_cpu(struct percpu *pc);
void idt_init(void);       /* once, on the BSP */
void idt_enable_ist(void); /* after the BSP's TSS is loaded */
void idt_load(void);       /* every CPU */

#endif
