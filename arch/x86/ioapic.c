/* SPDX-License-Identifier: BSD-2-Clause */
/* IOAPICs: map the ones the MADT lists, mask every pin, route ISA IRQs
 * (after ACPI interrupt source overrides) to a vector on one CPU. */
#include <basalt/acpi.h>
#include <basalt/errno.h>
#include <basalt/lib.h>
#include <basalt/spinlock.h>
#include <asm/apic.h>
#include <asm/io.h>
#include <asm/processor.h>

#define IOAPIC_REGSEL     0x00
#define IOAPIC_WIN        0x10
#define IOAPIC_REG_VER    0x01
#define IOAPIC_REG_REDIR  0x10 /* pin n: 0x10 + 2n (low), + 1 (high) */
#define IOAPIC_ACTIVE_LOW (1U << 13)
#define IOAPIC_LEVEL      (1U << 15)
#define IOAPIC_MASKED     (1U << 16)
#define MPS_POL_LOW       3
#define MPS_TRIG_LEVEL    3

struct ioapic {
    volatile uint8_t *regs;
    uint32_t gsi_base;
    unsigned int nr_pins;
};

static struct ioapic ioapics[ACPI_MAX_IOAPICS];
static unsigned int nr_ioapics;
/* IOREGSEL/IOWIN is a two-step access shared by all CPUs. */
static spinlock_t ioapic_lock = SPINLOCK_INIT;

static uint32_t ioapic_read(const struct ioapic *io, uint32_t reg)
{
    mmio_write32(io->regs + IOAPIC_REGSEL, reg);
    return mmio_read32(io->regs + IOAPIC_WIN);
}

static void ioapic_write(const struct ioapic *io, uint32_t reg, uint32_t v)
{
    mmio_write32(io->regs + IOAPIC_REGSEL, reg);
    mmio_write32(io->regs + IOAPIC_WIN, v);
}

/* Map the page holding the registers: they are 1 KiB aligned, not always
 * page aligned. */
static volatile uint8_t *ioapic_map(uint32_t pa)
{
    uint8_t *page = ioremap(pa & ~0xfffU, 4096);

    return page + (pa & 0xfff);
}

static void ioapic_setup_one(const struct acpi_ioapic *a)
{
    struct ioapic *io = &ioapics[nr_ioapics];
    uint32_t ver;

    io->regs = ioapic_map(a->addr);
    ver = ioapic_read(io, IOAPIC_REG_VER);
    if (ver == 0xffffffff) {
        printk("warning: IOAPIC id %u at %#x does not respond\n", a->id,
               a->addr);
        return;
    }
    io->gsi_base = a->gsi_base;
    io->nr_pins = ((ver >> 16) & 0xff) + 1;
    for (unsigned int pin = 0; pin < io->nr_pins; pin++) {
        /* Mask (low word) before clearing the destination. */
        ioapic_write(io, IOAPIC_REG_REDIR + 2 * pin, IOAPIC_MASKED);
        ioapic_write(io, IOAPIC_REG_REDIR + 2 * pin + 1, 0);
    }
    printk("IOAPIC[%u]: id %u at %#x, GSI %u-%u\n", nr_ioapics, a->id, a->addr,
           io->gsi_base, io->gsi_base + io->nr_pins - 1);
    nr_ioapics++;
}

void ioapic_init(void)
{
    unsigned int n = MIN(acpi_info.nr_ioapics, (unsigned int)ACPI_MAX_IOAPICS);

    for (unsigned int i = 0; i < n; i++)
        if (acpi_info.ioapics[i].addr)
            ioapic_setup_one(&acpi_info.ioapics[i]);
    if (!nr_ioapics)
        printk("warning: no usable IOAPIC\n");
}

/* GSI and MPS INTI flags for ISA 'irq'. Without an override the GSI is
 * the IRQ number, unless an override moved another source onto it. */
static int ioapic_isa_gsi(unsigned int irq, uint32_t *gsi, uint16_t *flags)
{
    unsigned int n =
        MIN(acpi_info.nr_overrides, (unsigned int)ACPI_MAX_OVERRIDES);
    bool taken = false;

    for (unsigned int i = 0; i < n; i++) {
        const struct acpi_override *o = &acpi_info.overrides[i];

        if (o->bus != 0)
            continue;
        if (o->source == irq) {
            *gsi = o->gsi;
            *flags = o->flags;
            return 0;
        }
        taken |= o->gsi == irq;
    }
    *gsi = irq;
    *flags = 0;
    return taken ? -ENODEV : 0;
}

static struct ioapic *ioapic_for_gsi(uint32_t gsi, unsigned int *pin)
{
    for (unsigned int i = 0; i < nr_ioapics; i++) {
        struct ioapic *io = &ioapics[i];

        if (gsi >= io->gsi_base && gsi - io->gsi_base < io->nr_pins) {
            *pin = gsi - io->gsi_base;
            return io;
        }
    }
    return NULL;
}

/* Redirection entry low word: fixed delivery, physical destination.
 * "Bus default" (0) and the reserved value (2) mean ISA: edge, high. */
static uint32_t ioapic_isa_entry(uint8_t vector, uint16_t flags)
{
    uint32_t low = vector;

    if ((flags & 3) == MPS_POL_LOW)
        low |= IOAPIC_ACTIVE_LOW;
    if (((flags >> 2) & 3) == MPS_TRIG_LEVEL)
        low |= IOAPIC_LEVEL;
    return low;
}

int ioapic_route_isa_irq(unsigned int irq, uint8_t vector,
                         uint32_t dest_apic_id)
{
    struct ioapic *io;
    unsigned int pin;
    uint32_t gsi;
    uint16_t flags;
    uint64_t irqf;

    /* 8-bit physical destination: higher x2APIC ids need remapping. */
    if (irq >= 16 || vector < 32 || dest_apic_id > 255)
        return -EINVAL;
    if (ioapic_isa_gsi(irq, &gsi, &flags))
        return -ENODEV;
    io = ioapic_for_gsi(gsi, &pin);
    if (!io)
        return -ENODEV;
    irqf = local_irq_save();
    spin_lock(&ioapic_lock);
    /* Destination first, so the pin is unmasked fully formed. */
    ioapic_write(io, IOAPIC_REG_REDIR + 2 * pin + 1, dest_apic_id << 24);
    ioapic_write(io, IOAPIC_REG_REDIR + 2 * pin,
                 ioapic_isa_entry(vector, flags));
    spin_unlock(&ioapic_lock);
    local_irq_restore(irqf);
    return 0;
}
