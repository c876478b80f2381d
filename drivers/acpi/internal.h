/* SPDX-License-Identifier: BSD-2-Clause */
/* Private to drivers/acpi: unaligned little-endian readers and the
 * per-table parsers the root-table walk dispatches to. */
#ifndef DRIVERS_ACPI_INTERNAL_H
#define DRIVERS_ACPI_INTERNAL_H

#include <basalt/acpi.h>
#include <basalt/lib.h>

/* Every ACPI table starts with this many header bytes. */
#define ACPI_HDR_LEN 36

/* Firmware tables are byte-packed and may sit at any address, so every
 * multi-byte field is read through memcpy, never a cast. */
static inline uint16_t acpi_get16(const uint8_t *p)
{
    uint16_t v;
    memcpy(&v, p, sizeof(v));
    return v;
}

static inline uint32_t acpi_get32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, sizeof(v));
    return v;
}

static inline uint64_t acpi_get64(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, sizeof(v));
    return v;
}

/* Each parser gets a mapped table whose checksum and 'len' (>= 36) were
 * verified; it must not read past 'len'. */
void acpi_parse_madt(const uint8_t *t, uint32_t len, struct acpi_info *info);
void acpi_parse_fadt(const uint8_t *t, uint32_t len, struct acpi_info *info);
void acpi_parse_hpet(const uint8_t *t, uint32_t len, struct acpi_info *info);

#endif
