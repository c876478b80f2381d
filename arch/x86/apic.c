/* SPDX-License-Identifier: BSD-2-Clause */
/* Local APIC: xAPIC (MMIO) or x2APIC (MSRs), per-CPU setup, EOI, IPIs. */
#include <basalt/acpi.h>
#include <basalt/cmdline.h>
#include <basalt/lib.h>
#include <basalt/spinlock.h>
#include <asm/apic.h>
#include <asm/io.h>
#include <asm/msr.h>
#include <asm/percpu.h>
#include <asm/processor.h>
#include <asm/traps.h>

#define APIC_ISR        0x100 /* eight 32-bit words, 0x10 apart */
#define APIC_LVT_CMCI   0x2f0
#define APIC_SVR_ENABLE (1U << 8)
#define APIC_DM_NMI     (4U << 8)
#define APIC_DM_EXTINT  (7U << 8)
#define APIC_BASE_ADDR  0x000ffffffffff000ULL
#define APIC_X2APIC_ICR (MSR_X2APIC_BASE + (APIC_ICR >> 4))
#define APIC_X2APIC_EOI (MSR_X2APIC_BASE + (APIC_EOI >> 4))
#define APIC_IPI_SPINS  1000000

bool apic_x2apic_mode;
static volatile uint8_t *apic_mmio;

/* "no-x2apic" forces xAPIC unless the firmware already chose x2APIC. */
static bool opt_x2apic = true;
boolean_param("x2apic", opt_x2apic);

uint32_t apic_read(uint32_t reg)
{
    if (apic_x2apic_mode)
        return (uint32_t)rdmsr(MSR_X2APIC_BASE + (reg >> 4));
    return mmio_read32(apic_mmio + reg);
}

void apic_write(uint32_t reg, uint32_t val)
{
    if (apic_x2apic_mode)
        wrmsr(MSR_X2APIC_BASE + (reg >> 4), val);
    else
        mmio_write32(apic_mmio + reg, val);
}

uint32_t apic_current_id(void)
{
    uint32_t id = apic_read(APIC_ID);

    return apic_x2apic_mode ? id : id >> 24;
}

void apic_eoi(void)
{
    if (apic_x2apic_mode)
        wrmsr(APIC_X2APIC_EOI, 0);
    else
        mmio_write32(apic_mmio + APIC_EOI, 0);
}

static void apic_send_ipi_x2apic(uint32_t dest, uint32_t icr_low)
{
    /* x2APIC MSR writes are not serializing: make earlier stores visible
     * to the target before the IPI can arrive. */
    __asm__ volatile("mfence; lfence" ::: "memory");
    wrmsr(APIC_X2APIC_ICR, ((uint64_t)dest << 32) | icr_low);
}

void apic_send_ipi(uint32_t dest_apic_id, uint32_t icr_low)
{
    uint64_t flags;

    if (apic_x2apic_mode) {
        apic_send_ipi_x2apic(dest_apic_id, icr_low);
        return;
    }
    /* ICR2 then ICR is one operation: an interrupt handler sending its own
     * IPI in between would retarget ours. */
    flags = local_irq_save();
    apic_write(APIC_ICR2, (dest_apic_id & 0xff) << 24);
    apic_write(APIC_ICR, icr_low);
    for (unsigned int i = 0; apic_read(APIC_ICR) & APIC_ICR_BUSY; i++) {
        if (i == APIC_IPI_SPINS) {
            printk("warning: APIC: IPI %#x to %u stuck pending\n", icr_low,
                   dest_apic_id);
            break;
        }
        cpu_relax();
    }
    local_irq_restore(flags);
}

static void apic_error_interrupt(struct cpu_regs *regs)
{
    uint32_t esr;

    (void)regs;
    apic_write(APIC_ESR, 0); /* latch the errors seen so far */
    esr = apic_read(APIC_ESR);
    printk("CPU%u: APIC error, ESR %#x\n", smp_processor_id(), esr);
}

/* Enable the LAPIC in IA32_APIC_BASE, and x2APIC mode when chosen; each
 * CPU has its own copy of the MSR. EN must be set before EXTD. */
static void apic_enable_msr(void)
{
    uint64_t base = rdmsr(MSR_IA32_APIC_BASE);

    if (!(base & APIC_BASE_ENABLE)) {
        base |= APIC_BASE_ENABLE;
        wrmsr(MSR_IA32_APIC_BASE, base);
    }
    if (apic_x2apic_mode && !(base & APIC_BASE_EXTD))
        wrmsr(MSR_IA32_APIC_BASE, base | APIC_BASE_EXTD);
}

/* The MSR is what this CPU decodes; the MADT only gets a warning. */
static paddr_t apic_base_address(uint64_t msr)
{
    paddr_t base = msr & APIC_BASE_ADDR;
    uint64_t acpi = acpi_info.lapic_addr_override
                        ? acpi_info.lapic_addr_override
                        : acpi_info.lapic_addr;

    if (acpi && acpi != base)
        printk("warning: APIC: MADT says %#llx, MSR says %#llx; using the "
               "MSR\n",
               (unsigned long long)acpi, (unsigned long long)base);
    return base;
}

void apic_bsp_init(void)
{
    uint64_t msr = rdmsr(MSR_IA32_APIC_BASE);
    paddr_t base;

    if (!cpu_features.apic)
        panic("APIC: this CPU has no local APIC");
    base = apic_base_address(msr);
    if (msr & APIC_BASE_EXTD) {
        /* Leaving x2APIC needs a full disable and may strand ids > 255. */
        if (!opt_x2apic)
            printk("APIC: firmware enabled x2APIC, keeping it\n");
        apic_x2apic_mode = true;
    } else
        apic_x2apic_mode = cpu_features.x2apic && opt_x2apic;
    if (!apic_x2apic_mode)
        apic_mmio = ioremap(base, 4096);
    apic_enable_msr();
    if (apic_x2apic_mode)
        printk("APIC: x2APIC mode\n");
    else
        printk("APIC: xAPIC at %#llx\n", (unsigned long long)base);
    set_irq_handler(VECTOR_ERROR, apic_error_interrupt);
    pic_disable();
}

/* EOI whatever the firmware or a previous kernel left in service, or
 * those vectors (and everything below them) stay blocked. */
static void apic_drain_isr(void)
{
    for (unsigned int n = 0; n < 256; n++) {
        uint32_t any = 0;

        for (unsigned int i = 0; i < 8; i++)
            any |= apic_read(APIC_ISR + i * 0x10);
        if (!any)
            return;
        apic_eoi();
    }
}

/* Mask the LVTs we do not use; perf, thermal and CMCI exist only when
 * the version register says so (x2APIC faults on absent registers). */
static void apic_mask_lvts(void)
{
    uint32_t maxlvt = (apic_read(APIC_VERSION) >> 16) & 0xff;

    apic_write(APIC_LVT_TIMER, APIC_LVT_MASKED);
    if (maxlvt >= 4)
        apic_write(APIC_LVT_PERF, APIC_LVT_MASKED);
    if (maxlvt >= 5)
        apic_write(APIC_LVT_THERMAL, APIC_LVT_MASKED);
    if (maxlvt >= 6)
        apic_write(APIC_LVT_CMCI, APIC_LVT_MASKED);
}

void apic_cpu_init(void)
{
    bool bsp = rdmsr(MSR_IA32_APIC_BASE) & APIC_BASE_BSP;

    apic_enable_msr();
    apic_drain_isr();
    apic_write(APIC_TPR, 0);
    /* LVT masks cannot be cleared while the APIC is software-disabled,
     * so enable it first. */
    apic_write(APIC_SVR, APIC_SVR_ENABLE | VECTOR_SPURIOUS);
    apic_mask_lvts();
    apic_write(APIC_LVT_LINT0, APIC_LVT_MASKED | (bsp ? APIC_DM_EXTINT : 0));
    apic_write(APIC_LVT_LINT1, bsp ? APIC_DM_NMI : APIC_LVT_MASKED);
    apic_write(APIC_ESR, 0);
    apic_write(APIC_LVT_ERROR, VECTOR_ERROR);
    apic_write(APIC_ESR, 0); /* discard errors from the setup itself */
}
