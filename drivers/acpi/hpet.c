/* SPDX-License-Identifier: BSD-2-Clause */
/* HPET table: where the first HPET block's registers live. */
#include <basalt/acpi.h>
#include <basalt/lib.h>
#include "internal.h"

/* Generic Address Structure of the event timer block. */
#define HPET_BASE_GAS     40
#define ACPI_SPACE_MEMORY 0

void acpi_parse_hpet(const uint8_t *t, uint32_t len, struct acpi_info *info)
{
    struct acpi_gas gas;

    if (len < HPET_BASE_GAS + sizeof(gas)) {
        printk("warning: ACPI HPET: too short (0x%x bytes)\n", len);
        return;
    }
    memcpy(&gas, t + HPET_BASE_GAS, sizeof(gas));
    /* HPET registers are MMIO by definition; anything else is bogus. */
    if (gas.space_id != ACPI_SPACE_MEMORY) {
        printk("warning: ACPI HPET: address space %u, ignored\n", gas.space_id);
        return;
    }
    info->hpet_addr = gas.address;
}
