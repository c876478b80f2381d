/* SPDX-License-Identifier: BSD-2-Clause */
/* What the boot loader told us, in one boot-protocol-neutral structure.
 * Filled by the multiboot2 (or multiboot1) parser, read by everything else. */
#ifndef BASALT_BOOTINFO_H
#define BASALT_BOOTINFO_H

#include <basalt/types.h>

#define BOOT_MAX_MEMMAP  128
#define BOOT_MAX_MODULES 16
#define BOOT_CMDLINE_MAX 512

/* Memory map entry types: the E820/multiboot values. */
enum mem_type {
    MEM_USABLE = 1,
    MEM_RESERVED = 2,
    MEM_ACPI_RECLAIM = 3,
    MEM_ACPI_NVS = 4,
    MEM_BAD = 5,
};

struct mem_range {
    uint64_t base;
    uint64_t len;
    uint32_t type; /* enum mem_type */
};

struct boot_module {
    uint64_t start; /* physical, inclusive */
    uint64_t end;   /* physical, exclusive */
    char cmdline[128];
};

enum fb_kind { FB_NONE = 0, FB_RGB = 1, FB_EGA_TEXT = 2 };

struct boot_fb {
    uint64_t addr; /* physical */
    uint32_t pitch, width, height;
    uint8_t bpp;
    uint8_t kind; /* enum fb_kind */
    uint8_t red_pos, red_size, green_pos, green_size, blue_pos, blue_size;
};

struct boot_info {
    const char *loader;             /* "multiboot2" or "multiboot1" */
    char loader_name[64];           /* boot loader name tag, if any */
    char cmdline[BOOT_CMDLINE_MAX]; /* hypervisor command line */
    struct mem_range memmap[BOOT_MAX_MEMMAP];
    unsigned int nr_memmap;
    bool memmap_from_efi; /* map came from the EFI tag */
    struct boot_module modules[BOOT_MAX_MODULES];
    unsigned int nr_modules;
    uint64_t acpi_rsdp;    /* physical address of a copy of the
                              RSDP, 0 if the loader gave none */
    uint8_t rsdp_copy[36]; /* the RSDP bytes from the tag */
    unsigned int rsdp_len; /* 20 (ACPI 1.0) or 36 (2.0+) */
    struct boot_fb fb;
    uint64_t mem_lower_kb, mem_upper_kb; /* basic meminfo, 0 if absent */
    bool efi;                            /* booted by UEFI firmware */
};

/* Parse a multiboot2 information block of 'size' bytes at 'mbi'.
 * Returns 0 or a negative errno when the block is malformed; never reads
 * past 'size' bytes. Unknown tags are skipped. */
int mb2_parse(const void *mbi, size_t size, struct boot_info *bi);

/* Parse a multiboot1 information block. 'phys_to_virt' turns a physical
 * address from the block into a pointer we may read. */
int mb1_parse(const void *mbi,
              const void *(*phys_to_virt)(uint64_t pa, size_t len),
              struct boot_info *bi);

/* Sort the map by base, merge overlaps (the stricter type wins) and
 * adjacent ranges of the same type. */
void memmap_sanitize(struct boot_info *bi);

extern struct boot_info boot_info;

#endif
