/* SPDX-License-Identifier: BSD-2-Clause */
/* Unit tests for the multiboot2 parser on hand-built information blocks. */
#include "harness.h"
#include "mb2_fake.h"
#include <basalt/bootinfo.h>
#include <basalt/errno.h>

TEST(mb2_minimal_block)
{
    mb_begin();
    CHECK_EQ(parse(), 0);
    CHECK_STR(bi.loader, "multiboot2");
    CHECK_EQ(bi.nr_memmap, 0);
    CHECK_EQ(bi.nr_modules, 0);
    CHECK_STR(bi.cmdline, "");
    CHECK_EQ(bi.rsdp_len, 0);
    CHECK_EQ(bi.efi, false);
    CHECK_EQ(unit_log_len, 0);
}

TEST(mb2_cmdline_loader_meminfo)
{
    mb_begin();
    tag_str(1, "console=com1 loglvl=all");
    tag_str(2, "GRUB 2.06");
    tag_begin(4);
    put32(639);
    put32(523264);
    tag_end();
    CHECK_EQ(parse(), 0);
    CHECK_STR(bi.cmdline, "console=com1 loglvl=all");
    CHECK_STR(bi.loader_name, "GRUB 2.06");
    CHECK_EQ(bi.mem_lower_kb, 639);
    CHECK_EQ(bi.mem_upper_kb, 523264);
}

TEST(mb2_overlong_cmdline_cut)
{
    char big[2000];

    memset(big, 'a', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    mb_begin();
    tag_str(1, big);
    CHECK_EQ(parse(), 0);
    CHECK_EQ(strlen(bi.cmdline), BOOT_CMDLINE_MAX - 1);
    CHECK_EQ(bi.cmdline[BOOT_CMDLINE_MAX - 1], '\0');
    CHECK_EQ(bi.cmdline[0], 'a');
    CHECK_EQ(count("warning: command line cut to 511"), 1);
}

TEST(mb2_modules)
{
    mb_begin();
    add_module(0x100000, 0x180000, "dom0 console=hvc0");
    add_module(0x200000, 0x200000, "");
    add_module(0x300000, 0x200000, "backwards"); /* dropped */
    CHECK_EQ(parse(), 0);
    CHECK_EQ(bi.nr_modules, 2);
    CHECK_EQ(bi.modules[0].start, 0x100000);
    CHECK_EQ(bi.modules[0].end, 0x180000);
    CHECK_STR(bi.modules[0].cmdline, "dom0 console=hvc0");
    CHECK_EQ(bi.modules[1].start, 0x200000);
    CHECK_STR(bi.modules[1].cmdline, "");
    CHECK_EQ(count("ends before it starts"), 1);
}

TEST(mb2_too_many_modules)
{
    mb_begin();
    for (uint32_t i = 0; i < 20; i++)
        add_module(i * 0x1000, i * 0x1000 + 0x800, "m");
    CHECK_EQ(parse(), 0);
    CHECK_EQ(bi.nr_modules, BOOT_MAX_MODULES);
    CHECK_EQ(bi.modules[15].start, 15 * 0x1000);
    CHECK_EQ(count("warning: more than 16 boot modules"), 1);
}

TEST(mb2_memory_map)
{
    mb_begin();
    mmap_begin(24);
    mmap_entry(0, 0x9fc00, 1);
    mmap_entry(0x9fc00, 0x400, 2);
    mmap_entry(0x100000, 0x7ee0000, 1);
    mmap_entry(0x7fe0000, 0x20000, 3);
    mmap_entry(0xfffc0000, 0x40000, 12); /* unknown type */
    tag_end();
    CHECK_EQ(parse(), 0);
    CHECK_EQ(bi.nr_memmap, 5);
    CHECK_EQ(bi.memmap_from_efi, false);
    CHECK_RANGE(0, 0, 0x9fc00, MEM_USABLE);
    CHECK_RANGE(1, 0x9fc00, 0x400, MEM_RESERVED);
    CHECK_RANGE(2, 0x100000, 0x7ee0000, MEM_USABLE);
    CHECK_RANGE(3, 0x7fe0000, 0x20000, MEM_ACPI_RECLAIM);
    CHECK_RANGE(4, 0xfffc0000, 0x40000, MEM_RESERVED);
}

TEST(mb2_memory_map_larger_entries)
{
    mb_begin();
    mmap_begin(32);
    mmap_entry(0x1000, 0x2000, 1);
    put64(0x5555555555555555ull); /* future fields */
    mmap_entry(0x10000, 0x3000, 4);
    put64(0);
    tag_end();
    CHECK_EQ(parse(), 0);
    CHECK_EQ(bi.nr_memmap, 2);
    CHECK_RANGE(0, 0x1000, 0x2000, MEM_USABLE);
    CHECK_RANGE(1, 0x10000, 0x3000, MEM_ACPI_NVS);
}

TEST(mb2_too_many_memmap_entries)
{
    mb_begin();
    mmap_begin(24);
    for (uint64_t i = 0; i < 150; i++)
        mmap_entry(i * 0x2000, 0x1000, 1);
    tag_end();
    CHECK_EQ(parse(), 0);
    CHECK_EQ(bi.nr_memmap, BOOT_MAX_MEMMAP);
    CHECK_RANGE(127, 127 * 0x2000, 0x1000, MEM_USABLE);
    CHECK_EQ(count("warning: more than 128 memory map entries"), 1);
}

static void efi_map(void)
{
    tag_begin(17);
    put32(48); /* descriptor_size: larger than the 40 we read */
    put32(1);
    static const uint32_t types[] = {1, 2, 3, 4, 7, 9, 10, 8, 0, 5, 6, 11, 14};
    for (uint64_t i = 0; i < ARRAY_SIZE(types); i++) {
        /* gaps between descriptors so nothing is joined */
        efi_desc(types[i], 0x100000 * (i + 1), i + 1);
        put64(0);
    }
    tag_end();
}

TEST(mb2_efi_map_conversion)
{
    static const uint32_t want[] = {
        MEM_USABLE,   MEM_USABLE,       MEM_USABLE,   MEM_USABLE,
        MEM_USABLE,   MEM_ACPI_RECLAIM, MEM_ACPI_NVS, MEM_BAD,
        MEM_RESERVED, MEM_RESERVED,     MEM_RESERVED, MEM_RESERVED,
        MEM_RESERVED,
    };

    mb_begin();
    tag_begin(12);
    put64(0x7f000000);
    tag_end();
    efi_map();
    CHECK_EQ(parse(), 0);
    CHECK_EQ(bi.efi, true);
    CHECK_EQ(bi.memmap_from_efi, true);
    CHECK_EQ(bi.nr_memmap, ARRAY_SIZE(want));
    for (unsigned int i = 0; i < ARRAY_SIZE(want); i++)
        CHECK_RANGE(i, 0x100000ull * (i + 1), 0x1000ull * (i + 1), want[i]);
}

TEST(mb2_efi_map_joins_neighbours)
{
    mb_begin();
    tag_begin(17);
    put32(40);
    put32(1);
    efi_desc(7, 0x0, 0x10);     /* conventional */
    efi_desc(3, 0x10000, 0x10); /* boot services code: also usable */
    efi_desc(0, 0x20000, 0);    /* empty: skipped */
    efi_desc(9, 0x20000, 2);
    efi_desc(9, 0x22000, 1);
    efi_desc(7, 0x40000, 1ull << 60); /* pages * 4K overflows: clamped */
    tag_end();
    CHECK_EQ(parse(), 0);
    CHECK_EQ(bi.nr_memmap, 3);
    CHECK_RANGE(0, 0, 0x20000, MEM_USABLE);
    CHECK_RANGE(1, 0x20000, 0x3000, MEM_ACPI_RECLAIM);
    CHECK_RANGE(2, 0x40000, UINT64_MAX, MEM_USABLE);
}

TEST(mb2_bios_map_beats_efi_map)
{
    mb_begin();
    efi_map(); /* comes first, still loses */
    mmap_begin(24);
    mmap_entry(0, 0x9f000, 1);
    tag_end();
    CHECK_EQ(parse(), 0);
    CHECK_EQ(bi.memmap_from_efi, false);
    CHECK_EQ(bi.nr_memmap, 1);
    CHECK_RANGE(0, 0, 0x9f000, MEM_USABLE);
}

static void fb_common(uint64_t addr, uint8_t bpp, uint8_t type)
{
    tag_begin(8);
    put64(addr);
    put32(4096); /* pitch */
    put32(1024);
    put32(768);
    put_bytes(&bpp, 1);
    put_bytes(&type, 1);
    put_bytes("\0\0", 2);
}

TEST(mb2_framebuffer_rgb)
{
    mb_begin();
    fb_common(0xfd000000, 32, 1);
    put_bytes("\x10\x08\x08\x08\x00\x08", 6);
    tag_end();
    CHECK_EQ(parse(), 0);
    CHECK_EQ(bi.fb.kind, FB_RGB);
    CHECK_EQ(bi.fb.addr, 0xfd000000);
    CHECK_EQ(bi.fb.pitch, 4096);
    CHECK_EQ(bi.fb.width, 1024);
    CHECK_EQ(bi.fb.height, 768);
    CHECK_EQ(bi.fb.bpp, 32);
    CHECK_EQ(bi.fb.red_pos, 16);
    CHECK_EQ(bi.fb.red_size, 8);
    CHECK_EQ(bi.fb.green_pos, 8);
    CHECK_EQ(bi.fb.green_size, 8);
    CHECK_EQ(bi.fb.blue_pos, 0);
    CHECK_EQ(bi.fb.blue_size, 8);
}

TEST(mb2_framebuffer_ega_indexed_short)
{
    mb_begin();
    fb_common(0xb8000, 16, 2);
    tag_end();
    CHECK_EQ(parse(), 0);
    CHECK_EQ(bi.fb.kind, FB_EGA_TEXT);
    CHECK_EQ(bi.fb.addr, 0xb8000);

    mb_begin();
    fb_common(0xa0000, 8, 0);
    put_bytes("\x02\x00\x00\x00\x00\xff\xff\xff", 8); /* 2-colour palette */
    tag_end();
    CHECK_EQ(parse(), 0);
    CHECK_EQ(bi.fb.kind, FB_NONE);
    CHECK_EQ(bi.fb.addr, 0);

    mb_begin();
    fb_common(0xfd000000, 32, 1); /* RGB without the colour fields */
    tag_end();
    CHECK_EQ(parse(), 0);
    CHECK_EQ(bi.fb.kind, FB_NONE);
}

static void rsdp_tag(uint32_t type, uint8_t fill, size_t n)
{
    uint8_t bytes[36];

    memset(bytes, fill, sizeof(bytes));
    tag_begin(type);
    put_bytes(bytes, n);
    tag_end();
}

TEST(mb2_rsdp_old_then_new)
{
    mb_begin();
    rsdp_tag(14, 0x11, 20);
    CHECK_EQ(parse(), 0);
    CHECK_EQ(bi.rsdp_len, 20);
    CHECK_EQ(bi.rsdp_copy[19], 0x11);
    CHECK_EQ(bi.rsdp_copy[20], 0);
    CHECK_EQ(bi.acpi_rsdp, 0);

    mb_begin();
    rsdp_tag(14, 0x11, 20);
    rsdp_tag(15, 0x22, 36);
    CHECK_EQ(parse(), 0);
    CHECK_EQ(bi.rsdp_len, 36);
    CHECK_EQ(bi.rsdp_copy[0], 0x22);
    CHECK_EQ(bi.rsdp_copy[35], 0x22);
}

TEST(mb2_rsdp_new_wins_when_first)
{
    mb_begin();
    rsdp_tag(15, 0x22, 36);
    rsdp_tag(14, 0x11, 20);
    CHECK_EQ(parse(), 0);
    CHECK_EQ(bi.rsdp_len, 36);
    CHECK_EQ(bi.rsdp_copy[0], 0x22);
    CHECK_EQ(bi.acpi_rsdp, 0);

    mb_begin();
    rsdp_tag(15, 0x22, 20); /* too short for an ACPI 2.0 RSDP */
    CHECK_EQ(parse(), 0);
    CHECK_EQ(bi.rsdp_len, 0);
}

TEST(mb2_unknown_and_ignored_tags)
{
    mb_begin();
    tag_begin(18); /* boot services not terminated */
    tag_end();
    tag_begin(0x7777);
    put64(0x1234);
    tag_end();
    tag_str(1, "after");
    CHECK_EQ(parse(), 0);
    CHECK_STR(bi.cmdline, "after");
    CHECK_EQ(unit_log_len, 0);
}
