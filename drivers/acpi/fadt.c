/* SPDX-License-Identifier: BSD-2-Clause */
/* FADT ("FACP"): the PM timer, IA-PC boot flags and the reset register. */
#include <basalt/acpi.h>
#include <basalt/lib.h>
#include "internal.h"

/* Byte offsets in the FADT (ACPI 6.5, table 5.9). */
#define FADT_PM_TMR_BLK     76
#define FADT_IAPC_BOOT_ARCH 109
#define FADT_FLAGS          112
#define FADT_RESET_REG      116
#define FADT_RESET_VALUE    128
#define FADT_RESET_REG_SUP  (1u << 10)

void acpi_parse_fadt(const uint8_t *t, uint32_t len, struct acpi_info *info)
{
    uint32_t flags = 0;

    info->have_fadt = true;
    /* The FADT grew with each ACPI revision (1.0 ends at 116 bytes), so a
     * field counts only if the table reaches its last byte. */
    if (len >= FADT_PM_TMR_BLK + 4)
        info->pm_tmr_blk = get_le32(t + FADT_PM_TMR_BLK);
    if (len >= FADT_IAPC_BOOT_ARCH + 2)
        info->boot_flags = get_le16(t + FADT_IAPC_BOOT_ARCH);
    if (len >= FADT_FLAGS + 4)
        flags = get_le32(t + FADT_FLAGS);
    if (len < FADT_RESET_VALUE + 1 || !(flags & FADT_RESET_REG_SUP))
        return;
    memcpy(&info->reset_reg, t + FADT_RESET_REG, sizeof(info->reset_reg));
    info->reset_value = t[FADT_RESET_VALUE];
    /* A flag without an address cannot be used to reset anything. */
    info->reset_supported = info->reset_reg.address != 0;
}
