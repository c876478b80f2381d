/* SPDX-License-Identifier: BSD-2-Clause */
/* ACPI: find and checksum the root tables, read MADT, HPET and FADT into
 * plain structures the rest of the hypervisor uses. */
#ifndef BASALT_ACPI_H
#define BASALT_ACPI_H

#include <basalt/types.h>

#define ACPI_MAX_CPUS      256
#define ACPI_MAX_IOAPICS   8
#define ACPI_MAX_OVERRIDES 16

struct acpi_gas {     /* Generic Address Structure */
    uint8_t space_id; /* 0 memory, 1 I/O, 2 PCI config */
    uint8_t bit_width, bit_offset, access_size;
    uint64_t address;
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_gas) == 12, "GAS is 12 bytes");

struct acpi_cpu {
    uint32_t apic_id;
    uint32_t acpi_uid;
    bool x2apic; /* came from an x2APIC entry */
};

struct acpi_ioapic {
    uint8_t id;
    uint32_t addr; /* physical MMIO base */
    uint32_t gsi_base;
};

struct acpi_override { /* interrupt source override */
    uint8_t bus, source;
    uint32_t gsi;
    uint16_t flags; /* MPS INTI flags: polarity bits 0-1, trigger bits 2-3 */
};

struct acpi_info {
    uint8_t revision; /* RSDP revision */
    bool have_xsdt;
    char oem_id[7];
    /* MADT */
    uint32_t lapic_addr; /* from MADT, or an address override entry */
    uint64_t lapic_addr_override;
    bool pcat_compat; /* MADT flag: legacy 8259s present */
    struct acpi_cpu cpus[ACPI_MAX_CPUS];
    unsigned int nr_cpus;          /* enabled CPUs, in MADT order */
    unsigned int nr_cpus_disabled; /* listed but not enabled/online-capable */
    struct acpi_ioapic ioapics[ACPI_MAX_IOAPICS];
    unsigned int nr_ioapics;
    struct acpi_override overrides[ACPI_MAX_OVERRIDES];
    unsigned int nr_overrides;
    /* HPET */
    uint64_t hpet_addr; /* 0 if absent */
    /* FADT */
    bool have_fadt;
    bool reset_supported; /* FADT flags bit 10 RESET_REG_SUP */
    struct acpi_gas reset_reg;
    uint8_t reset_value;
    uint16_t boot_flags; /* IA-PC boot architecture flags */
    uint32_t pm_tmr_blk;
};

/* Map 'len' bytes of physical memory for reading; NULL if impossible.
 * The hypervisor passes its direct map, unit tests a fake memory. */
typedef const void *(*acpi_map_fn)(uint64_t pa, size_t len);

/* Validate the RSDP at 'rsdp' (checksums of the 20-byte and, for rev >= 2,
 * the extended part), then walk XSDT (preferred) or RSDT, checksum every
 * table, and fill 'info'. Returns 0, or a negative errno when the RSDP or
 * root table is invalid. Bad tables other than the root are skipped with
 * a warning. */
int acpi_parse(uint64_t rsdp_pa, acpi_map_fn map, struct acpi_info *info);

/* Scan the BIOS areas (EBDA first KiB, 0xE0000-0xFFFFF) for an RSDP with a
 * valid checksum; returns its physical address or 0. */
uint64_t acpi_find_rsdp_bios(acpi_map_fn map);

/* Sum of bytes mod 256 (0 for a valid table). */
uint8_t acpi_checksum(const void *p, size_t len);

extern struct acpi_info acpi_info;

#endif
