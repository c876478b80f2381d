/* SPDX-License-Identifier: BSD-2-Clause */
/* Fake physical memory and byte-by-byte ACPI table builders, shared by the
 * test_acpi*.c binaries. The map function hands out exact-size, misaligned
 * copies, so ASan/UBSan catch any read past a mapping or unaligned access. */
#ifndef UNIT_ACPI_FAKE_H
#define UNIT_ACPI_FAKE_H

#include "harness.h"
#include <basalt/acpi.h>
#include <stdint.h>

/* Fake physical memory: the first MiB (BDA, EBDA, BIOS area), a table
 * area below 4 GiB and one above it. */
static uint8_t low_mem[0x100000], tbl_mem[0x10000], high_mem[0x1000];
static const struct region {
    uint64_t base;
    size_t size;
    uint8_t *buf;
} regions[] = {
    {0, sizeof(low_mem), low_mem},
    {0x7ffe0000, sizeof(tbl_mem), tbl_mem},
    {0x123456000, sizeof(high_mem), high_mem},
};

#define RSDP_PA  0xf5a40ull
#define RSDT_PA  0x7ffe0000ull
#define XSDT_PA  0x7ffe0200ull
#define MADT_PA  0x7ffe1000ull
#define FADT_PA  0x7ffe2000ull
#define HPET_PA  0x7ffe3000ull
#define MADT2_PA 0x7ffe4000ull
#define HIGH_PA  0x123456100ull
#define NOWHERE  0x40000000ull

static void *maps[4096];
static size_t nr_maps;

static inline const void *fake_map(uint64_t pa, size_t len)
{
    for (size_t i = 0; i < sizeof(regions) / sizeof(regions[0]); i++) {
        const struct region *r = &regions[i];
        if (pa < r->base || pa - r->base > r->size ||
            len > r->size - (pa - r->base) || nr_maps == 4096)
            continue;
        uint8_t *copy = malloc(len + 1);
        memcpy(copy + 1, r->buf + (pa - r->base), len);
        maps[nr_maps++] = copy;
        return copy + 1;
    }
    return NULL;
}

static inline void fake_reset(void)
{
    while (nr_maps)
        free(maps[--nr_maps]);
    for (size_t i = 0; i < sizeof(regions) / sizeof(regions[0]); i++)
        memset(regions[i].buf, 0, regions[i].size);
    unit_log_clear();
}

static inline uint8_t *at(uint64_t pa)
{
    for (size_t i = 0; i < sizeof(regions) / sizeof(regions[0]); i++)
        if (pa >= regions[i].base && pa - regions[i].base < regions[i].size)
            return regions[i].buf + (pa - regions[i].base);
    abort();
}

static inline void w8(uint64_t pa, uint8_t v)
{
    *at(pa) = v;
}
static inline void w16(uint64_t pa, uint16_t v)
{
    memcpy(at(pa), &v, 2);
}
static inline void w32(uint64_t pa, uint32_t v)
{
    memcpy(at(pa), &v, 4);
}
static inline void w64(uint64_t pa, uint64_t v)
{
    memcpy(at(pa), &v, 8);
}

/* Independent of acpi_checksum, so a broken one cannot hide itself. */
static inline uint8_t sum(uint64_t pa, size_t len)
{
    unsigned int s = 0;
    for (size_t i = 0; i < len; i++)
        s += at(pa)[i];
    return (uint8_t)s;
}

static inline void hdr(uint64_t pa, const char *sig, uint32_t len)
{
    memcpy(at(pa), sig, 4);
    w32(pa + 4, len);
    w8(pa + 8, 1);
    memcpy(at(pa + 10), "BOCHS BXPCAPIC", 14);
    w32(pa + 24, 1);
    memcpy(at(pa + 28), "BXPC", 4);
    w32(pa + 32, 1);
}

static inline void fix(uint64_t pa) /* set the checksum byte over the length */
{
    uint32_t len;
    memcpy(&len, at(pa + 4), 4);
    w8(pa + 9, 0);
    w8(pa + 9, (uint8_t)-sum(pa, len));
}

static inline void rsdp(uint64_t pa, uint8_t rev, uint32_t rsdt, uint64_t xsdt)
{
    memcpy(at(pa), "RSD PTR \0BOCHS ", 15);
    w8(pa + 15, rev);
    w32(pa + 16, rsdt);
    w8(pa + 8, (uint8_t)-sum(pa, 20));
    if (rev < 2)
        return;
    w32(pa + 20, 36);
    w64(pa + 24, xsdt);
    w8(pa + 32, (uint8_t)-sum(pa, 36));
}

static inline void root(uint64_t pa, const char *sig, int esize, int n,
                        const uint64_t *t)
{
    hdr(pa, sig, 36 + n * esize);
    for (int i = 0; i < n; i++) {
        if (esize == 8)
            w64(pa + 36 + 8 * i, t[i]);
        else
            w32(pa + 36 + 4 * i, (uint32_t)t[i]);
    }
    fix(pa);
}
#define RSDT(pa, ...)                                                          \
    root(pa, "RSDT", 4, sizeof((uint64_t[]){__VA_ARGS__}) / 8,                 \
         (uint64_t[]){__VA_ARGS__})
#define XSDT(pa, ...)                                                          \
    root(pa, "XSDT", 8, sizeof((uint64_t[]){__VA_ARGS__}) / 8,                 \
         (uint64_t[]){__VA_ARGS__})

/* MADT builder: header, then entries appended, then length + checksum. */
struct tb {
    uint64_t pa;
    uint32_t len;
};

static inline struct tb madt_begin(uint64_t pa, uint32_t lapic, uint32_t flags)
{
    hdr(pa, "APIC", 44);
    w32(pa + 36, lapic);
    w32(pa + 40, flags);
    return (struct tb){pa, 44};
}

static inline void add(struct tb *t, const void *e, size_t n)
{
    memcpy(at(t->pa + t->len), e, n);
    t->len += n;
}

static inline void end(struct tb *t)
{
    w32(t->pa + 4, t->len);
    fix(t->pa);
}

static inline void lapic(struct tb *t, uint8_t uid, uint8_t id, uint32_t flags)
{
    uint8_t e[8] = {0, 8, uid, id};
    memcpy(e + 4, &flags, 4);
    add(t, e, 8);
}

static inline void x2apic(struct tb *t, uint32_t id, uint32_t flags,
                          uint32_t uid)
{
    uint8_t e[16] = {9, 16};
    memcpy(e + 4, &id, 4);
    memcpy(e + 8, &flags, 4);
    memcpy(e + 12, &uid, 4);
    add(t, e, 16);
}

static inline void ioapic(struct tb *t, uint8_t id, uint32_t addr, uint32_t gsi)
{
    uint8_t e[12] = {1, 12, id};
    memcpy(e + 4, &addr, 4);
    memcpy(e + 8, &gsi, 4);
    add(t, e, 12);
}

static inline void iso(struct tb *t, uint8_t src, uint32_t gsi, uint16_t flags)
{
    uint8_t e[10] = {2, 10, 0, src};
    memcpy(e + 4, &gsi, 4);
    memcpy(e + 8, &flags, 2);
    add(t, e, 10);
}

static inline void fadt(uint64_t pa, uint32_t len, uint32_t flags,
                        uint64_t reset)
{
    hdr(pa, "FACP", len);
    w32(pa + 76, 0x608);
    if (len >= 111)
        w16(pa + 109, 0x3);
    if (len >= 116)
        w32(pa + 112, flags);
    if (len >= 129) {
        w8(pa + 116, 1); /* I/O space, 8 bits */
        w8(pa + 117, 8);
        w64(pa + 120, reset);
        w8(pa + 128, 0x06);
    }
    fix(pa);
}

static inline void hpet(uint64_t pa, uint8_t space, uint64_t addr)
{
    hdr(pa, "HPET", 56);
    w8(pa + 40, space);
    w64(pa + 44, addr);
    fix(pa);
}

/* QEMU-like platform: 4 CPUs (id 3 disabled), one IOAPIC, 2 overrides. */
static inline void std_madt(uint64_t pa)
{
    struct tb t = madt_begin(pa, 0xfee00000, 1);
    lapic(&t, 0, 0, 1);
    lapic(&t, 1, 1, 1);
    lapic(&t, 2, 2, 1);
    lapic(&t, 3, 3, 0);
    ioapic(&t, 0, 0xfec00000, 0);
    iso(&t, 0, 2, 0);
    iso(&t, 9, 9, 0xd);
    end(&t);
}

static struct acpi_info info;

static inline int parse(void)
{
    return acpi_parse(RSDP_PA, fake_map, &info);
}

static inline bool logged(const char *s)
{
    return strstr(unit_log, s) != NULL;
}

#endif
