/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer target: the ACPI table walk over an arbitrary "physical
 * memory" starting at address 0, RSDP at 0. Checksums are repaired as
 * tables are mapped, so mutations reach the MADT/FADT/HPET parsers
 * instead of dying at the first checksum (the unit tests cover bad ones). */
#include <basalt/acpi.h>
#include <stdint.h>
#include <stddef.h>
#include <string.h>

#define FUZZ_MEM 65536
static uint8_t mem[FUZZ_MEM];
static size_t mem_size;

static void fix_sum(uint8_t *p, size_t len, size_t at)
{
    p[at] = 0;
    p[at] = (uint8_t)-acpi_checksum(p, len);
}

static const void *fuzz_map(uint64_t pa, size_t len)
{
    if (pa > mem_size || len > mem_size - pa)
        return NULL;
    uint8_t *t = mem + pa;
    uint32_t tlen;
    if (len >= 36 && pa) { /* a whole table: its length field says so */
        memcpy(&tlen, t + 4, 4);
        if (tlen == len)
            fix_sum(t, len, 9);
    }
    return t;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct acpi_info info;
    mem_size = size < FUZZ_MEM ? size : FUZZ_MEM;
    memcpy(mem, data, mem_size);
    if (mem_size >= 36) {
        memcpy(mem, "RSD PTR ", 8);
        fix_sum(mem, 20, 8);
        uint32_t len;
        memcpy(&len, mem + 20, 4);
        if (mem[15] >= 2 && len >= 36 && len <= mem_size)
            fix_sum(mem, len, 32);
    }
    acpi_parse(0, fuzz_map, &info);
    return 0;
}
