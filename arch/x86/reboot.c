/* SPDX-License-Identifier: BSD-2-Clause */
/* Leaving the machine: reboot (ACPI reset register, keyboard controller)
 * and ending emulator runs in self-test mode. */
#include <basalt/lib.h>
#include <basalt/acpi.h>
#include <basalt/setup.h>
#include <basalt/time.h>
#include <asm/io.h>
#include <asm/processor.h>

void emulator_exit(unsigned int code)
{
    if (!opt_selftest)
        return;
    static const char bochs_shutdown[] = "Shutdown";
    outb((uint8_t)code, 0xf4); /* QEMU isa-debug-exit */
    for (const char *p = bochs_shutdown; *p; p++)
        outb((uint8_t)*p, 0x8900); /* Bochs */
}

static void acpi_reset(void)
{
    const struct acpi_gas *r = &acpi_info.reset_reg;
    if (!acpi_info.have_fadt || !acpi_info.reset_supported)
        return;
    if (r->space_id == 1 && r->address <= 0xffff) {
        outb(acpi_info.reset_value, (uint16_t)r->address);
    } else if (r->space_id == 0 && r->address) {
        volatile uint8_t *p = ioremap(r->address, 1);
        *p = acpi_info.reset_value;
    } else if (r->space_id == 2) {
        /* PCI config space: bus 0, device/function/offset in the address */
        uint32_t dev = (r->address >> 32) & 0xffff;
        uint32_t fn = (r->address >> 16) & 0xffff;
        uint32_t off = r->address & 0xffff;
        outl(0x80000000u | (dev << 11) | (fn << 8) | (off & 0xfc), 0xcf8);
        outb(acpi_info.reset_value, (uint16_t)(0xcfc + (off & 3)));
    }
    mdelay(50);
}

static void kbd_reset(void)
{
    for (int i = 0; i < 0x10000 && (inb(0x64) & 2); i++)
        io_delay();
    outb(0xfe, 0x64); /* pulse the CPU reset line */
    mdelay(50);
}

void machine_reboot(void)
{
    printk("Rebooting\n");
    local_irq_disable();
    smp_stop_others();
    acpi_reset();
    kbd_reset();
    printk("Reboot failed; halting\n");
    for (;;)
        halt();
}
