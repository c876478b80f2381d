/* SPDX-License-Identifier: BSD-2-Clause */
/* ACPI parser tests: RSDP, root tables, BIOS scan, FADT and HPET, on real
 * tables built byte by byte in fake physical memory (acpi_fake.h). */
#include "harness.h"
#include "acpi_fake.h"
#include <basalt/acpi.h>
#include <basalt/errno.h>
#include <stdint.h>

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
