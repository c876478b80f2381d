/* SPDX-License-Identifier: BSD-2-Clause */
/* ACPI parser tests: real tables built byte by byte in a fake physical
 * memory whose map function hands out exact-size, misaligned copies, so
 * ASan/UBSan catch any read past a mapping or any unaligned access. */
#include "harness.h"
#include <basalt/acpi.h>
#include <basalt/errno.h>
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

static const void *fake_map(uint64_t pa, size_t len)
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

static void fake_reset(void)
{
    while (nr_maps)
        free(maps[--nr_maps]);
    for (size_t i = 0; i < sizeof(regions) / sizeof(regions[0]); i++)
        memset(regions[i].buf, 0, regions[i].size);
    unit_log_clear();
}

static uint8_t *at(uint64_t pa)
{
    for (size_t i = 0; i < sizeof(regions) / sizeof(regions[0]); i++)
        if (pa >= regions[i].base && pa - regions[i].base < regions[i].size)
            return regions[i].buf + (pa - regions[i].base);
    abort();
}

static void w8(uint64_t pa, uint8_t v)
{
    *at(pa) = v;
}
static void w16(uint64_t pa, uint16_t v)
{
    memcpy(at(pa), &v, 2);
}
static void w32(uint64_t pa, uint32_t v)
{
    memcpy(at(pa), &v, 4);
}
static void w64(uint64_t pa, uint64_t v)
{
    memcpy(at(pa), &v, 8);
}

/* Independent of acpi_checksum, so a broken one cannot hide itself. */
static uint8_t sum(uint64_t pa, size_t len)
{
    unsigned int s = 0;
    for (size_t i = 0; i < len; i++)
        s += at(pa)[i];
    return (uint8_t)s;
}

static void hdr(uint64_t pa, const char *sig, uint32_t len)
{
    memcpy(at(pa), sig, 4);
    w32(pa + 4, len);
    w8(pa + 8, 1);
    memcpy(at(pa + 10), "BOCHS BXPCAPIC", 14);
    w32(pa + 24, 1);
    memcpy(at(pa + 28), "BXPC", 4);
    w32(pa + 32, 1);
}

static void fix(uint64_t pa) /* set the checksum byte over the length */
{
    uint32_t len;
    memcpy(&len, at(pa + 4), 4);
    w8(pa + 9, 0);
    w8(pa + 9, (uint8_t)-sum(pa, len));
}

static void rsdp(uint64_t pa, uint8_t rev, uint32_t rsdt, uint64_t xsdt)
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

static void root(uint64_t pa, const char *sig, int esize, int n,
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

static struct tb madt_begin(uint64_t pa, uint32_t lapic, uint32_t flags)
{
    hdr(pa, "APIC", 44);
    w32(pa + 36, lapic);
    w32(pa + 40, flags);
    return (struct tb){pa, 44};
}

static void add(struct tb *t, const void *e, size_t n)
{
    memcpy(at(t->pa + t->len), e, n);
    t->len += n;
}

static void end(struct tb *t)
{
    w32(t->pa + 4, t->len);
    fix(t->pa);
}

static void lapic(struct tb *t, uint8_t uid, uint8_t id, uint32_t flags)
{
    uint8_t e[8] = {0, 8, uid, id};
    memcpy(e + 4, &flags, 4);
    add(t, e, 8);
}

static void x2apic(struct tb *t, uint32_t id, uint32_t flags, uint32_t uid)
{
    uint8_t e[16] = {9, 16};
    memcpy(e + 4, &id, 4);
    memcpy(e + 8, &flags, 4);
    memcpy(e + 12, &uid, 4);
    add(t, e, 16);
}

static void ioapic(struct tb *t, uint8_t id, uint32_t addr, uint32_t gsi)
{
    uint8_t e[12] = {1, 12, id};
    memcpy(e + 4, &addr, 4);
    memcpy(e + 8, &gsi, 4);
    add(t, e, 12);
}

static void iso(struct tb *t, uint8_t src, uint32_t gsi, uint16_t flags)
{
    uint8_t e[10] = {2, 10, 0, src};
    memcpy(e + 4, &gsi, 4);
    memcpy(e + 8, &flags, 2);
    add(t, e, 10);
}

static void fadt(uint64_t pa, uint32_t len, uint32_t flags, uint64_t reset)
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

static void hpet(uint64_t pa, uint8_t space, uint64_t addr)
{
    hdr(pa, "HPET", 56);
    w8(pa + 40, space);
    w64(pa + 44, addr);
    fix(pa);
}

/* QEMU-like platform: 4 CPUs (id 3 disabled), one IOAPIC, 2 overrides. */
static void std_madt(uint64_t pa)
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

static int parse(void)
{
    return acpi_parse(RSDP_PA, fake_map, &info);
}

static bool logged(const char *s)
{
    return strstr(unit_log, s) != NULL;
}

TEST(checksum_sums_bytes_mod_256)
{
    const uint8_t b[] = {0x10, 0xf0, 0x05, 0xff};
    CHECK_EQ(acpi_checksum(b, 4), 0x04);
    CHECK_EQ(acpi_checksum(b, 2), 0);
    CHECK_EQ(acpi_checksum(b, 0), 0);
}

TEST(rsdp_v1_uses_rsdt)
{
    fake_reset();
    rsdp(RSDP_PA, 0, RSDT_PA, 0);
    RSDT(RSDT_PA, MADT_PA, FADT_PA, HPET_PA);
    std_madt(MADT_PA);
    fadt(FADT_PA, 244, 1u << 10, 0xcf9);
    hpet(HPET_PA, 0, 0xfed00000);
    CHECK_EQ(parse(), 0);
    CHECK_EQ(info.revision, 0);
    CHECK(!info.have_xsdt);
    CHECK_STR(info.oem_id, "BOCHS ");
    CHECK_EQ(info.nr_cpus, 3);
    CHECK(info.have_fadt);
    CHECK_EQ(info.hpet_addr, 0xfed00000);
    CHECK(logged("ACPI: RSDP at 0xf5a40 rev 0 BOCHS\n"));
    CHECK(logged("ACPI: RSDT at 0x7ffe0000 len 0x30 BOCHS\n"));
    CHECK(logged("ACPI: APIC at 0x7ffe1000 len 0x6c BOCHS\n"));
    CHECK(!logged("warning"));
}

TEST(rsdp_v2_uses_xsdt_above_4g)
{
    fake_reset();
    rsdp(RSDP_PA, 2, 0, XSDT_PA);
    XSDT(XSDT_PA, HIGH_PA);
    std_madt(HIGH_PA);
    CHECK_EQ(parse(), 0);
    CHECK_EQ(info.revision, 2);
    CHECK(info.have_xsdt);
    CHECK_EQ(info.nr_cpus, 3);
    CHECK_EQ(info.lapic_addr, 0xfee00000);
    CHECK(logged("ACPI: APIC at 0x123456100 len 0x6c"));
}

TEST(xsdt_preferred_over_rsdt)
{
    fake_reset();
    rsdp(RSDP_PA, 2, RSDT_PA, XSDT_PA);
    RSDT(RSDT_PA, MADT_PA);
    XSDT(XSDT_PA, MADT2_PA);
    std_madt(MADT_PA);
    struct tb t = madt_begin(MADT2_PA, 0xfee00000, 0);
    lapic(&t, 7, 7, 1);
    end(&t);
    CHECK_EQ(parse(), 0);
    CHECK(info.have_xsdt);
    CHECK_EQ(info.nr_cpus, 1);
    CHECK_EQ(info.cpus[0].apic_id, 7);
    CHECK(!info.pcat_compat);
}

TEST(bad_xsdt_falls_back_to_rsdt)
{
    fake_reset();
    rsdp(RSDP_PA, 2, RSDT_PA, XSDT_PA);
    RSDT(RSDT_PA, MADT_PA);
    XSDT(XSDT_PA, MADT2_PA);
    w8(XSDT_PA + 9, *at(XSDT_PA + 9) + 1);
    std_madt(MADT_PA);
    CHECK_EQ(parse(), 0);
    CHECK(!info.have_xsdt);
    CHECK_EQ(info.nr_cpus, 3);
    CHECK(logged("warning: ACPI XSDT at 0x7ffe0200: bad checksum\n"));
}

TEST(rsdp_bad_signature_or_unmapped)
{
    fake_reset();
    rsdp(RSDP_PA, 0, RSDT_PA, 0);
    RSDT(RSDT_PA, MADT_PA);
    w8(RSDP_PA + 3, 'X');
    w8(RSDP_PA + 8, *at(RSDP_PA + 8) - 'X' + ' ');
    CHECK_EQ(parse(), -EINVAL);
    CHECK(logged("warning: ACPI RSDP at 0xf5a40: bad signature\n"));
    CHECK_EQ(acpi_parse(NOWHERE, fake_map, &info), -EINVAL);
    CHECK_EQ(acpi_parse(UINT64_MAX - 4, fake_map, &info), -EINVAL);
}

TEST(rsdp_bad_checksum)
{
    fake_reset();
    rsdp(RSDP_PA, 0, RSDT_PA, 0);
    RSDT(RSDT_PA, MADT_PA);
    std_madt(MADT_PA);
    info.nr_cpus = 99;
    w8(RSDP_PA + 8, *at(RSDP_PA + 8) + 1);
    CHECK_EQ(parse(), -EINVAL);
    CHECK_EQ(info.nr_cpus, 0);
    CHECK(logged("warning: ACPI RSDP at 0xf5a40: bad checksum\n"));
}

TEST(rsdp_bad_extended_checksum)
{
    fake_reset();
    rsdp(RSDP_PA, 2, RSDT_PA, XSDT_PA);
    RSDT(RSDT_PA, MADT_PA);
    w8(RSDP_PA + 32, *at(RSDP_PA + 32) + 1);
    CHECK_EQ(parse(), -EINVAL);
    CHECK(logged("RSDP at 0xf5a40: bad extended checksum\n"));
}

TEST(rsdp_bad_extended_length)
{
    static const uint32_t lens[] = {20, 35, 5000, 0xffffffff};
    for (unsigned int i = 0; i < 4; i++) {
        fake_reset();
        rsdp(RSDP_PA, 2, RSDT_PA, XSDT_PA);
        w32(RSDP_PA + 20, lens[i]);
        w8(RSDP_PA + 32, 0);
        w8(RSDP_PA + 32, (uint8_t)-sum(RSDP_PA, 36));
        CHECK_EQ(parse(), -EINVAL);
        CHECK(logged("RSDP at 0xf5a40: bad length\n"));
    }
}

TEST(root_bad_checksum)
{
    fake_reset();
    rsdp(RSDP_PA, 0, RSDT_PA, 0);
    RSDT(RSDT_PA, MADT_PA);
    std_madt(MADT_PA);
    w8(RSDT_PA + 37, 0x55);
    CHECK_EQ(parse(), -EINVAL);
    CHECK_EQ(info.nr_cpus, 0);
    CHECK(logged("warning: ACPI RSDT at 0x7ffe0000: bad checksum\n"));
}

TEST(root_bad_length_signature_or_address)
{
    fake_reset();
    rsdp(RSDP_PA, 0, RSDT_PA, 0);
    hdr(RSDT_PA, "RSDT", 35);
    fix(RSDT_PA);
    CHECK_EQ(parse(), -EINVAL);
    CHECK(logged("warning: ACPI RSDT at 0x7ffe0000: bad length\n"));
    RSDT(RSDT_PA, MADT_PA);
    memcpy(at(RSDT_PA), "FACP", 4);
    fix(RSDT_PA);
    CHECK_EQ(parse(), -EINVAL);
    CHECK(logged("warning: ACPI RSDT at 0x7ffe0000: wrong signature\n"));
    rsdp(RSDP_PA, 0, 0, 0);
    CHECK_EQ(parse(), -EINVAL);
    CHECK(logged("warning: ACPI: no valid RSDT or XSDT\n"));
}

TEST(bad_madt_skipped_others_parsed)
{
    fake_reset();
    rsdp(RSDP_PA, 0, RSDT_PA, 0);
    RSDT(RSDT_PA, MADT_PA, HPET_PA);
    std_madt(MADT_PA);
    w8(MADT_PA + 50, 0x77);
    hpet(HPET_PA, 0, 0xfed00000);
    CHECK_EQ(parse(), 0);
    CHECK_EQ(info.nr_cpus, 0);
    CHECK_EQ(info.lapic_addr, 0);
    CHECK_EQ(info.hpet_addr, 0xfed00000);
    CHECK(logged("warning: ACPI APIC at 0x7ffe1000: bad checksum\n"));
}

TEST(unmappable_huge_and_null_entries_skipped)
{
    fake_reset();
    rsdp(RSDP_PA, 2, 0, XSDT_PA);
    XSDT(XSDT_PA, NOWHERE, 0, FADT_PA, 0x7ffeffc0, MADT_PA, HPET_PA);
    hdr(FADT_PA, "FACP", 0x200000); /* 2 MiB: absurd */
    hdr(0x7ffeffc0, "SSDT", 0x100); /* runs off the end of memory */
    std_madt(MADT_PA);
    hpet(HPET_PA, 0, 0xfed00000);
    w8(HPET_PA + 3, 0x07); /* control character in the signature */
    fix(HPET_PA);
    CHECK_EQ(parse(), 0);
    CHECK(!info.have_fadt);
    CHECK_EQ(info.nr_cpus, 3);
    CHECK_EQ(info.hpet_addr, 0);
    CHECK(logged("warning: ACPI ???? at 0x40000000: cannot map\n"));
    CHECK(logged("warning: ACPI FACP at 0x7ffe2000: bad length\n"));
    CHECK(logged("warning: ACPI SSDT at 0x7ffeffc0: cannot map\n"));
    CHECK(logged("ACPI: HPE? at 0x7ffe3000 len 0x38 BOCHS\n"));
}

TEST(duplicate_table_ignored)
{
    fake_reset();
    rsdp(RSDP_PA, 0, RSDT_PA, 0);
    RSDT(RSDT_PA, MADT_PA, MADT2_PA);
    std_madt(MADT_PA);
    std_madt(MADT2_PA);
    CHECK_EQ(parse(), 0);
    CHECK_EQ(info.nr_cpus, 3);
    CHECK_EQ(info.nr_overrides, 2);
    CHECK(logged("warning: ACPI APIC at 0x7ffe4000: duplicate, ignored\n"));
}

static void parse_madt_only(void)
{
    rsdp(RSDP_PA, 0, RSDT_PA, 0);
    RSDT(RSDT_PA, MADT_PA);
    CHECK_EQ(parse(), 0);
}

TEST(madt_four_lapics_one_disabled)
{
    fake_reset();
    std_madt(MADT_PA);
    parse_madt_only();
    CHECK_EQ(info.lapic_addr, 0xfee00000);
    CHECK(info.pcat_compat);
    CHECK_EQ(info.nr_cpus, 3);
    CHECK_EQ(info.nr_cpus_disabled, 1);
    for (unsigned int i = 0; i < 3; i++) {
        CHECK_EQ(info.cpus[i].apic_id, i);
        CHECK_EQ(info.cpus[i].acpi_uid, i);
        CHECK(!info.cpus[i].x2apic);
    }
    CHECK_EQ(info.lapic_addr_override, 0);
}

TEST(madt_online_capable_counts_disabled_and_ff_ignored)
{
    fake_reset();
    struct tb t = madt_begin(MADT_PA, 0xfee00000, 0);
    lapic(&t, 0, 4, 1);
    lapic(&t, 1, 5, 2); /* online-capable, not enabled */
    lapic(&t, 2, 6, 3);
    lapic(&t, 3, 0xff, 1);
    x2apic(&t, 300, 2, 9);
    end(&t);
    parse_madt_only();
    CHECK_EQ(info.nr_cpus, 2);
    CHECK_EQ(info.cpus[0].apic_id, 4);
    CHECK_EQ(info.cpus[1].apic_id, 6);
    CHECK_EQ(info.cpus[1].acpi_uid, 2);
    CHECK_EQ(info.nr_cpus_disabled, 2);
}

TEST(madt_x2apic_entries)
{
    fake_reset();
    struct tb t = madt_begin(MADT_PA, 0xfee00000, 1);
    lapic(&t, 0, 0, 1);
    x2apic(&t, 255, 1, 0x100);
    x2apic(&t, 0x12345, 1, 0x101);
    x2apic(&t, 0x400, 0, 0x102);
    end(&t);
    parse_madt_only();
    CHECK_EQ(info.nr_cpus, 3);
    CHECK(!info.cpus[0].x2apic);
    CHECK_EQ(info.cpus[1].apic_id, 255);
    CHECK_EQ(info.cpus[1].acpi_uid, 0x100);
    CHECK(info.cpus[1].x2apic);
    CHECK_EQ(info.cpus[2].apic_id, 0x12345);
    CHECK_EQ(info.cpus[2].acpi_uid, 0x101);
    CHECK_EQ(info.nr_cpus_disabled, 1);
}

TEST(madt_duplicate_apic_ids)
{
    fake_reset();
    struct tb t = madt_begin(MADT_PA, 0xfee00000, 1);
    lapic(&t, 0, 0, 1);
    lapic(&t, 1, 1, 1);
    x2apic(&t, 1, 1, 1); /* same CPU listed as x2APIC too: quiet */
    x2apic(&t, 0, 1, 0);
    lapic(&t, 5, 1, 1); /* a real repeat: warned */
    end(&t);
    parse_madt_only();
    CHECK_EQ(info.nr_cpus, 2);
    CHECK_EQ(info.cpus[1].apic_id, 1);
    CHECK_EQ(info.cpus[1].acpi_uid, 1);
    CHECK(!info.cpus[1].x2apic);
    CHECK(logged("warning: ACPI MADT: APIC id 0x1 listed twice\n"));
    CHECK(!logged("APIC id 0x0 listed"));
}

TEST(madt_ioapics_and_overrides)
{
    fake_reset();
    struct tb t = madt_begin(MADT_PA, 0xfee00000, 1);
    ioapic(&t, 2, 0xfec00000, 0);
    ioapic(&t, 3, 0xfec01000, 24);
    iso(&t, 0, 2, 0);
    iso(&t, 9, 9, 0xd); /* level, active high */
    end(&t);
    parse_madt_only();
    CHECK_EQ(info.nr_ioapics, 2);
    CHECK_EQ(info.ioapics[0].id, 2);
    CHECK_EQ(info.ioapics[0].addr, 0xfec00000);
    CHECK_EQ(info.ioapics[1].id, 3);
    CHECK_EQ(info.ioapics[1].addr, 0xfec01000);
    CHECK_EQ(info.ioapics[1].gsi_base, 24);
    CHECK_EQ(info.nr_overrides, 2);
    CHECK_EQ(info.overrides[0].bus, 0);
    CHECK_EQ(info.overrides[0].source, 0);
    CHECK_EQ(info.overrides[0].gsi, 2);
    CHECK_EQ(info.overrides[0].flags, 0);
    CHECK_EQ(info.overrides[1].source, 9);
    CHECK_EQ(info.overrides[1].gsi, 9);
    CHECK_EQ(info.overrides[1].flags, 0xd);
}

TEST(madt_lapic_address_override)
{
    fake_reset();
    struct tb t = madt_begin(MADT_PA, 0xfee00000, 1);
    uint8_t e[12] = {5, 12};
    uint64_t a = 0xfed00000;
    memcpy(e + 4, &a, 8);
    add(&t, e, 12);
    end(&t);
    parse_madt_only();
    CHECK_EQ(info.lapic_addr_override, 0xfed00000);
    CHECK_EQ(info.lapic_addr, 0xfed00000);
    a = 0x1fee00000ull;
    memcpy(at(MADT_PA + 48), &a, 8);
    fix(MADT_PA);
    CHECK_EQ(parse(), 0);
    CHECK_EQ(info.lapic_addr_override, 0x1fee00000ull);
    CHECK_EQ(info.lapic_addr, 0xfee00000);
}

TEST(madt_entry_length_zero_or_one_stops)
{
    for (uint8_t elen = 0; elen < 2; elen++) {
        fake_reset();
        struct tb t = madt_begin(MADT_PA, 0xfee00000, 1);
        lapic(&t, 0, 0, 1);
        add(&t, (uint8_t[]){0, elen, 0, 1, 1, 0, 0, 0}, 8);
        lapic(&t, 2, 2, 1);
        end(&t);
        parse_madt_only();
        CHECK_EQ(info.nr_cpus, 1);
        CHECK(logged("warning: ACPI MADT: bad entry at offset 0x34, "
                     "stopping\n"));
    }
}

TEST(madt_entry_past_end_stops)
{
    fake_reset();
    struct tb t = madt_begin(MADT_PA, 0xfee00000, 1);
    lapic(&t, 0, 0, 1);
    add(&t, (uint8_t[]){1, 12, 2, 0, 0, 0, 0xc0, 0xfe}, 8); /* 12 > 8 */
    end(&t);
    parse_madt_only();
    CHECK_EQ(info.nr_cpus, 1);
    CHECK_EQ(info.nr_ioapics, 0);
    CHECK(logged("warning: ACPI MADT: bad entry at offset 0x34, stopping\n"));
    fake_reset();
    t = madt_begin(MADT_PA, 0xfee00000, 1);
    lapic(&t, 0, 0, 1);
    add(&t, (uint8_t[]){0}, 1); /* a lone type byte */
    end(&t);
    parse_madt_only();
    CHECK_EQ(info.nr_cpus, 1);
    CHECK(logged("bad entry at offset 0x34, stopping\n"));
}

TEST(madt_entry_too_short_for_type_skipped)
{
    fake_reset();
    struct tb t = madt_begin(MADT_PA, 0xfee00000, 1);
    add(&t, (uint8_t[]){9, 8, 0, 0, 7, 0, 0, 0}, 8); /* x2APIC needs 16 */
    add(&t, (uint8_t[]){2, 4, 0, 0}, 4);             /* override needs 10 */
    add(&t, (uint8_t[]){0x7f, 2}, 2);                /* unknown: ignored */
    lapic(&t, 1, 1, 1);
    end(&t);
    parse_madt_only();
    CHECK_EQ(info.nr_cpus, 1);
    CHECK_EQ(info.cpus[0].apic_id, 1);
    CHECK_EQ(info.nr_overrides, 0);
    CHECK(logged("type 9 entry too short (8 bytes)\n"));
    CHECK(logged("type 2 entry too short (4 bytes)\n"));
}

TEST(madt_capacity_overflow_keeps_first)
{
    fake_reset();
    struct tb t = madt_begin(MADT_PA, 0xfee00000, 1);
    for (uint32_t i = 0; i < ACPI_MAX_CPUS + 4; i++)
        x2apic(&t, i, 1, i);
    for (uint8_t i = 0; i < ACPI_MAX_IOAPICS + 2; i++)
        ioapic(&t, i, 0xfec00000 + i * 0x1000u, i * 24u);
    end(&t);
    parse_madt_only();
    CHECK_EQ(info.nr_cpus, ACPI_MAX_CPUS);
    CHECK_EQ(info.cpus[ACPI_MAX_CPUS - 1].apic_id, ACPI_MAX_CPUS - 1);
    CHECK_EQ(info.nr_ioapics, ACPI_MAX_IOAPICS);
    CHECK_EQ(info.ioapics[7].gsi_base, 7 * 24);
    const char *w = strstr(unit_log, "more than 256 CPUs");
    CHECK(w && !strstr(w + 1, "more than 256 CPUs"));
    CHECK(logged("warning: ACPI MADT: more than 8 IOAPICs, ignoring"));
}

TEST(madt_too_short_header)
{
    fake_reset();
    hdr(MADT_PA, "APIC", 40);
    w32(MADT_PA + 36, 0xfee00000);
    fix(MADT_PA);
    parse_madt_only();
    CHECK_EQ(info.lapic_addr, 0);
    CHECK(logged("warning: ACPI MADT: too short (0x28 bytes)\n"));
}

static void parse_fadt_only(void)
{
    rsdp(RSDP_PA, 0, RSDT_PA, 0);
    RSDT(RSDT_PA, FADT_PA);
    CHECK_EQ(parse(), 0);
}

TEST(fadt_with_reset_register)
{
    fake_reset();
    fadt(FADT_PA, 244, (1u << 10) | 1, 0xcf9);
    parse_fadt_only();
    CHECK(info.have_fadt);
    CHECK(info.reset_supported);
    CHECK_EQ(info.reset_reg.space_id, 1);
    CHECK_EQ(info.reset_reg.bit_width, 8);
    CHECK_EQ(info.reset_reg.address, 0xcf9);
    CHECK_EQ(info.reset_value, 6);
    CHECK_EQ(info.pm_tmr_blk, 0x608);
    CHECK_EQ(info.boot_flags, 3);
}

TEST(fadt_without_reset_register)
{
    fake_reset();
    fadt(FADT_PA, 244, 1, 0xcf9); /* RESET_REG_SUP clear */
    parse_fadt_only();
    CHECK(info.have_fadt);
    CHECK(!info.reset_supported);
    CHECK_EQ(info.pm_tmr_blk, 0x608);
    fadt(FADT_PA, 244, 1u << 10, 0); /* flag set, no address */
    CHECK_EQ(parse(), 0);
    CHECK(!info.reset_supported);
}

TEST(fadt_short_acpi1_and_truncated)
{
    fake_reset();
    fadt(FADT_PA, 116, 1u << 10, 0);
    w8(FADT_PA + 120, 0xf9); /* reset-register bytes beyond the table */
    parse_fadt_only();
    CHECK(info.have_fadt);
    CHECK(!info.reset_supported);
    CHECK_EQ(info.reset_reg.address, 0);
    CHECK_EQ(info.boot_flags, 3);
    CHECK_EQ(info.pm_tmr_blk, 0x608);
    fadt(FADT_PA, 128, 1u << 10, 0);
    CHECK_EQ(parse(), 0);
    CHECK(!info.reset_supported);
    fadt(FADT_PA, 60, 0, 0);
    CHECK_EQ(parse(), 0);
    CHECK(info.have_fadt);
    CHECK_EQ(info.pm_tmr_blk, 0);
}

TEST(hpet_memory_io_and_short)
{
    fake_reset();
    rsdp(RSDP_PA, 0, RSDT_PA, 0);
    RSDT(RSDT_PA, HPET_PA);
    hpet(HPET_PA, 0, 0xfed00000);
    CHECK_EQ(parse(), 0);
    CHECK_EQ(info.hpet_addr, 0xfed00000);
    hpet(HPET_PA, 1, 0x1000);
    CHECK_EQ(parse(), 0);
    CHECK_EQ(info.hpet_addr, 0);
    CHECK(logged("warning: ACPI HPET: address space 1, ignored\n"));
    hdr(HPET_PA, "HPET", 51);
    fix(HPET_PA);
    CHECK_EQ(parse(), 0);
    CHECK_EQ(info.hpet_addr, 0);
    CHECK(logged("warning: ACPI HPET: too short (0x33 bytes)\n"));
}

TEST(bios_scan_finds_rsdp_in_ebda)
{
    fake_reset();
    w16(0x40e, 0x9fc0);
    rsdp(0x9fc00 + 0x3f0, 0, RSDT_PA, 0); /* last slot: runs past the KiB */
    rsdp(0xf0000, 0, RSDT_PA, 0);
    CHECK_EQ(acpi_find_rsdp_bios(fake_map), 0x9fff0);
}

TEST(bios_scan_finds_rsdp_in_e0000_area)
{
    fake_reset();
    w16(0x40e, 0x9fc0);
    rsdp(0x9fc00 + 0x400, 0, RSDP_PA, 0); /* past the first KiB */
    rsdp(0xfffe0, 0, RSDT_PA, 0);         /* last possible slot */
    CHECK_EQ(acpi_find_rsdp_bios(fake_map), 0xfffe0);
    rsdp(0xe0000, 2, RSDT_PA, XSDT_PA);
    CHECK_EQ(acpi_find_rsdp_bios(fake_map), 0xe0000);
    w16(0x40e, 0); /* no EBDA */
    CHECK_EQ(acpi_find_rsdp_bios(fake_map), 0xe0000);
}

TEST(bios_scan_skips_bad_candidates)
{
    fake_reset();
    w16(0x40e, 0x9fc0);
    rsdp(0x9fc10, 0, RSDT_PA, 0);
    w8(0x9fc10 + 8, *at(0x9fc10 + 8) + 1); /* bad checksum */
    rsdp(0xe0010, 2, RSDT_PA, XSDT_PA);
    w8(0xe0010 + 32, *at(0xe0010 + 32) + 1); /* bad extended checksum */
    rsdp(0xe0108, 0, RSDT_PA, 0);            /* not 16-byte aligned */
    memcpy(at(0xe0200), "RSD PTR ", 8);      /* signature only */
    CHECK_EQ(acpi_find_rsdp_bios(fake_map), 0);
    rsdp(0xf1230, 0, RSDT_PA, 0);
    CHECK_EQ(acpi_find_rsdp_bios(fake_map), 0xf1230);
    CHECK(!logged("warning"));
}

TEST(global_acpi_info_is_filled)
{
    fake_reset();
    rsdp(RSDP_PA, 0, RSDT_PA, 0);
    RSDT(RSDT_PA, MADT_PA);
    std_madt(MADT_PA);
    CHECK_EQ(acpi_parse(acpi_find_rsdp_bios(fake_map), fake_map, &acpi_info),
             0);
    CHECK_EQ(acpi_info.nr_cpus, 3);
    CHECK_EQ(acpi_info.nr_ioapics, 1);
}
