/* SPDX-License-Identifier: BSD-2-Clause */
/* Local APIC (xAPIC or x2APIC), IOAPIC and the legacy PIC. */
#ifndef ASM_APIC_H
#define ASM_APIC_H

#include <basalt/types.h>

/* Local APIC register offsets (xAPIC MMIO; x2APIC MSR = 0x800 + off/16). */
#define APIC_ID          0x020
#define APIC_VERSION     0x030
#define APIC_TPR         0x080
#define APIC_EOI         0x0b0
#define APIC_LDR         0x0d0
#define APIC_DFR         0x0e0
#define APIC_SVR         0x0f0
#define APIC_ESR         0x280
#define APIC_ICR         0x300
#define APIC_ICR2        0x310
#define APIC_LVT_TIMER   0x320
#define APIC_LVT_THERMAL 0x330
#define APIC_LVT_PERF    0x340
#define APIC_LVT_LINT0   0x350
#define APIC_LVT_LINT1   0x360
#define APIC_LVT_ERROR   0x370
#define APIC_TIMER_INIT  0x380
#define APIC_TIMER_CUR   0x390
#define APIC_TIMER_DIV   0x3e0

#define APIC_ICR_INIT          0x500
#define APIC_ICR_STARTUP       0x600
#define APIC_ICR_NMI           0x400
#define APIC_ICR_LEVEL_ASSERT  0x4000
#define APIC_ICR_LEVEL_TRIGGER 0x8000
#define APIC_ICR_BUSY          0x1000
#define APIC_DEST_ALLBUT       0xc0000

#define APIC_LVT_MASKED      (1U << 16)
#define APIC_LVT_TIMER_TSCDL (2U << 17) /* LVT timer mode: TSC-deadline */

extern bool apic_x2apic_mode;

/* BSP: map the LAPIC (address from ACPI/MSR), choose x2APIC when the CPU
 * has it and the firmware left it usable, mask the 8259 PICs. */
void apic_bsp_init(void);
/* Every CPU: enable the LAPIC, spurious vector, LVTs masked but error. */
void apic_cpu_init(void);
uint32_t apic_read(uint32_t reg);
void apic_write(uint32_t reg, uint32_t val);
uint32_t apic_current_id(void);
void apic_eoi(void);
/* Send an IPI: 'icr_low' holds delivery mode and vector. Waits for the
 * xAPIC delivery-status bit to clear. */
void apic_send_ipi(uint32_t dest_apic_id, uint32_t icr_low);
/* LAPIC timer in one-shot or TSC-deadline mode at VECTOR_TIMER. */
void apic_timer_init(void);                     /* calibrate once on the BSP */
void apic_timer_cpu_init(void);                 /* every CPU */
void apic_timer_program(uint64_t tsc_deadline); /* 0 = stop */
extern bool apic_tsc_deadline;

/* IOAPIC: route legacy ISA 'irq' (after ACPI overrides) to 'vector' on
 * the CPU with 'dest_apic_id', unmasked. */
void ioapic_init(void);
int ioapic_route_isa_irq(unsigned int irq, uint8_t vector,
                         uint32_t dest_apic_id);
void pic_disable(void);

#endif
