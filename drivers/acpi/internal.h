/* SPDX-License-Identifier: BSD-2-Clause */
/* Private to drivers/acpi: the header length and the
 * per-table parsers the root-table walk dispatches to. */
#ifndef DRIVERS_ACPI_INTERNAL_H
#define DRIVERS_ACPI_INTERNAL_H

#include <basalt/acpi.h>
#include <basalt/lib.h>
#include <basalt/unaligned.h>

/* Every ACPI table starts with this many header bytes. */
#define ACPI_HDR_LEN 36

/* Firmware tables are byte-packed and may sit at any address, so every
 * multi-byte field is read with get_le16/32/64, never a cast. */

/* Each parser gets a mapped table whose checksum and 'len' (>= 36) were
 * verified; it must not read past 'len'. */
void acpi_parse_madt(const uint8_t *t, uint32_t len, struct acpi_info *info);
void acpi_parse_fadt(const uint8_t *t, uint32_t len, struct acpi_info *info);
void acpi_parse_hpet(const uint8_t *t, uint32_t len, struct acpi_info *info);

#endif
