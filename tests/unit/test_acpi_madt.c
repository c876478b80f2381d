/* SPDX-License-Identifier: BSD-2-Clause */
/* ACPI MADT parser tests: CPUs, IOAPICs, overrides and malformed entries, on
 * tables built byte by byte in fake physical memory (acpi_fake.h). */
#include "harness.h"
#include "acpi_fake.h"
#include <basalt/acpi.h>
#include <stdint.h>

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
