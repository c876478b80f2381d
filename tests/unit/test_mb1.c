/* SPDX-License-Identifier: BSD-2-Clause */
/* Unit tests for the multiboot v1 parser over a fake physical memory. */
#include "harness.h"
#include <basalt/bootinfo.h>
#include <basalt/errno.h>

#define PHYS_SIZE  0x10000
#define PHYS_FIRST 0x1000 /* page 0 is "not mapped" */

static uint8_t phys[PHYS_SIZE];
static uint8_t mbi[116];
static struct boot_info bi;
static size_t max_map_len; /* largest mapping asked for */

static const void *fake_p2v(uint64_t pa, size_t len)
{
    if (len > max_map_len)
        max_map_len = len;
    if (pa < PHYS_FIRST || pa > PHYS_SIZE || len > PHYS_SIZE - pa)
        return NULL;
    return phys + pa;
}

static void set32(uint8_t *p, size_t off, uint32_t v)
{
    memcpy(p + off, &v, 4);
}

static void set64(uint8_t *p, size_t off, uint64_t v)
{
    memcpy(p + off, &v, 8);
}

static void reset(uint32_t flags)
{
    memset(phys, 0, sizeof(phys));
    memset(mbi, 0, sizeof(mbi));
    set32(mbi, 0, flags);
    max_map_len = 0;
}

static unsigned int count(const char *needle)
{
    unsigned int n = 0;

    for (const char *p = unit_log; (p = strstr(p, needle)); p++)
        n++;
    return n;
}

/* One memory map entry at phys[off]; returns the offset after it. */
static uint32_t mmap_entry(uint32_t off, uint32_t size, uint64_t base,
                           uint64_t len, uint32_t type)
{
    set32(phys, off, size);
    set64(phys, off + 4, base);
    set64(phys, off + 12, len);
    set32(phys, off + 20, type);
    return off + 4 + size;
}

TEST(mb1_no_flags)
{
    reset(0);
    set32(mbi, 4, 640); /* ignored: flag clear */
    CHECK_EQ(mb1_parse(mbi, fake_p2v, &bi), 0);
    CHECK_STR(bi.loader, "multiboot1");
    CHECK_EQ(bi.mem_lower_kb, 0);
    CHECK_EQ(bi.nr_memmap, 0);
    CHECK_EQ(bi.fb.kind, FB_NONE);
    CHECK_EQ(mb1_parse(NULL, fake_p2v, &bi), -EINVAL);
    CHECK_EQ(mb1_parse(mbi, NULL, &bi), -EINVAL);
}

TEST(mb1_mem_cmdline_loader)
{
    reset((1u << 0) | (1u << 2) | (1u << 9));
    set32(mbi, 4, 639);
    set32(mbi, 8, 130048);
    strcpy((char *)phys + 0x2000, "/boot/basalt.elf console=com1");
    set32(mbi, 16, 0x2000);
    strcpy((char *)phys + 0x3000, "GNU GRUB 0.97");
    set32(mbi, 64, 0x3000);
    CHECK_EQ(mb1_parse(mbi, fake_p2v, &bi), 0);
    CHECK_EQ(bi.mem_lower_kb, 639);
    CHECK_EQ(bi.mem_upper_kb, 130048);
    CHECK_STR(bi.cmdline, "/boot/basalt.elf console=com1");
    CHECK_STR(bi.loader_name, "GNU GRUB 0.97");
    CHECK_EQ(unit_log_len, 0);
}

TEST(mb1_overlong_cmdline_bounded)
{
    reset(1u << 2);
    memset(phys + 0x2000, 'z', 0x3000); /* no NUL for 12 KiB */
    set32(mbi, 16, 0x2000);
    CHECK_EQ(mb1_parse(mbi, fake_p2v, &bi), 0);
    CHECK_EQ(strlen(bi.cmdline), BOOT_CMDLINE_MAX - 1);
    CHECK_EQ(max_map_len, BOOT_CMDLINE_MAX);
    CHECK_EQ(count("command line cut to 511"), 1);
}

TEST(mb1_unmapped_pieces_skipped)
{
    reset((1u << 2) | (1u << 3) | (1u << 6) | (1u << 9));
    set32(mbi, 16, 0x10);      /* cmdline in the unmapped page */
    set32(mbi, 64, PHYS_SIZE); /* loader name past the end */
    set32(mbi, 20, 1);
    set32(mbi, 24, 0x20); /* module list unmapped */
    set32(mbi, 44, 24);
    set32(mbi, 48, 0xffffffff); /* memory map unmapped */
    CHECK_EQ(mb1_parse(mbi, fake_p2v, &bi), 0);
    CHECK_STR(bi.cmdline, "");
    CHECK_STR(bi.loader_name, "");
    CHECK_EQ(bi.nr_modules, 0);
    CHECK_EQ(bi.nr_memmap, 0);
    CHECK_EQ(count("warning: multiboot1 command line at 0x10 not mapped"), 1);
    CHECK_EQ(count("boot loader name"), 1);
    CHECK_EQ(count("module list not mapped"), 1);
    CHECK_EQ(count("memory map not mapped"), 1);
}

TEST(mb1_modules)
{
    reset(1u << 3);
    set32(mbi, 20, 3);
    set32(mbi, 24, 0x4000);
    set32(phys, 0x4000, 0x100000);
    set32(phys, 0x4004, 0x140000);
    set32(phys, 0x4008, 0x5000);
    strcpy((char *)phys + 0x5000, "dom0.elf console=hvc0");
    set32(phys, 0x4010, 0x200000);
    set32(phys, 0x4014, 0x100000); /* backwards: dropped */
    set32(phys, 0x4020, 0x300000);
    set32(phys, 0x4024, 0x380000);
    set32(phys, 0x4028, 0x8); /* string unmapped: module kept */
    CHECK_EQ(mb1_parse(mbi, fake_p2v, &bi), 0);
    CHECK_EQ(bi.nr_modules, 2);
    CHECK_EQ(bi.modules[0].start, 0x100000);
    CHECK_EQ(bi.modules[0].end, 0x140000);
    CHECK_STR(bi.modules[0].cmdline, "dom0.elf console=hvc0");
    CHECK_EQ(bi.modules[1].start, 0x300000);
    CHECK_EQ(bi.modules[1].end, 0x380000);
    CHECK_STR(bi.modules[1].cmdline, "");
    CHECK_EQ(count("ends before it starts"), 1);
}

TEST(mb1_too_many_modules)
{
    reset(1u << 3);
    set32(mbi, 20, 0xffffffff); /* count * 16 would overflow 32 bits */
    set32(mbi, 24, 0x4000);
    for (uint32_t i = 0; i < 16; i++) {
        set32(phys, 0x4000 + i * 16, i * 0x1000);
        set32(phys, 0x4004 + i * 16, i * 0x1000 + 0x10);
        set32(phys, 0x4008 + i * 16, 0x6000);
    }
    strcpy((char *)phys + 0x6000, "m");
    CHECK_EQ(mb1_parse(mbi, fake_p2v, &bi), 0);
    CHECK_EQ(bi.nr_modules, BOOT_MAX_MODULES);
    CHECK_EQ(bi.modules[15].start, 0xf000);
    CHECK_STR(bi.modules[15].cmdline, "m");
    CHECK_EQ(max_map_len, 16 * 16);
    CHECK_EQ(count("warning: 4294967295 boot modules, keeping the first 16"),
             1);
}

TEST(mb1_memory_map)
{
    uint32_t off;

    reset(1u << 6);
    off = mmap_entry(0x4000, 20, 0, 0x9fc00, 1);
    off = mmap_entry(off, 24, 0x100000, 0x3ff00000, 1); /* larger entry */
    off = mmap_entry(off, 20, 0xfec00000, 0x1000, 9);   /* unknown type */
    off = mmap_entry(off, 20, 0x40000000, 0x1000, 4);
    set32(mbi, 44, off - 0x4000);
    set32(mbi, 48, 0x4000);
    CHECK_EQ(mb1_parse(mbi, fake_p2v, &bi), 0);
    CHECK_EQ(bi.nr_memmap, 4);
    CHECK_EQ(bi.memmap[0].base, 0);
    CHECK_EQ(bi.memmap[0].len, 0x9fc00);
    CHECK_EQ(bi.memmap[0].type, MEM_USABLE);
    CHECK_EQ(bi.memmap[1].base, 0x100000);
    CHECK_EQ(bi.memmap[1].len, 0x3ff00000);
    CHECK_EQ(bi.memmap[2].type, MEM_RESERVED);
    CHECK_EQ(bi.memmap[3].base, 0x40000000);
    CHECK_EQ(bi.memmap[3].type, MEM_ACPI_NVS);
    CHECK_EQ(unit_log_len, 0);
}

TEST(mb1_memory_map_bad_entry_sizes)
{
    uint32_t off;

    reset(1u << 6);
    off = mmap_entry(0x4000, 20, 0x1000, 0x1000, 1);
    off = mmap_entry(off, 0, 0x2000, 0x1000, 1); /* would never advance */
    set32(mbi, 44, 0x100);
    set32(mbi, 48, 0x4000);
    CHECK_EQ(mb1_parse(mbi, fake_p2v, &bi), 0);
    CHECK_EQ(bi.nr_memmap, 1);
    CHECK_EQ(count("memory map entry size 0"), 1);

    reset(1u << 6);
    off = mmap_entry(0x4000, 20, 0x1000, 0x1000, 1);
    mmap_entry(off, 0x1000, 0x2000, 0x1000, 1); /* runs past mmap_length */
    set32(mbi, 44, off - 0x4000 + 24);
    set32(mbi, 48, 0x4000);
    unit_log_clear();
    CHECK_EQ(mb1_parse(mbi, fake_p2v, &bi), 0);
    CHECK_EQ(bi.nr_memmap, 1);
    CHECK_EQ(count("memory map entry size 4096"), 1);
}

TEST(mb1_too_many_memmap_entries)
{
    uint32_t off = 0x4000;

    reset(1u << 6);
    for (uint64_t i = 0; i < 140; i++)
        off = mmap_entry(off, 20, i << 20, 0x1000, 1);
    set32(mbi, 44, off - 0x4000);
    set32(mbi, 48, 0x4000);
    CHECK_EQ(mb1_parse(mbi, fake_p2v, &bi), 0);
    CHECK_EQ(bi.nr_memmap, BOOT_MAX_MEMMAP);
    CHECK_EQ(bi.memmap[127].base, 127ull << 20);
    CHECK_EQ(count("warning: more than 128 memory map entries"), 1);
}

TEST(mb1_framebuffer)
{
    reset(1u << 12);
    set64(mbi, 88, 0xe0000000);
    set32(mbi, 96, 5120);
    set32(mbi, 100, 1280);
    set32(mbi, 104, 1024);
    mbi[108] = 32;
    mbi[109] = 1;
    memcpy(mbi + 110, "\x10\x08\x08\x08\x00\x08", 6);
    CHECK_EQ(mb1_parse(mbi, fake_p2v, &bi), 0);
    CHECK_EQ(bi.fb.kind, FB_RGB);
    CHECK_EQ(bi.fb.addr, 0xe0000000);
    CHECK_EQ(bi.fb.pitch, 5120);
    CHECK_EQ(bi.fb.width, 1280);
    CHECK_EQ(bi.fb.height, 1024);
    CHECK_EQ(bi.fb.bpp, 32);
    CHECK_EQ(bi.fb.red_pos, 16);
    CHECK_EQ(bi.fb.green_pos, 8);
    CHECK_EQ(bi.fb.blue_size, 8);

    mbi[109] = 0; /* indexed */
    CHECK_EQ(mb1_parse(mbi, fake_p2v, &bi), 0);
    CHECK_EQ(bi.fb.kind, FB_NONE);
    CHECK_EQ(bi.fb.addr, 0);

    mbi[109] = 2; /* EGA text */
    CHECK_EQ(mb1_parse(mbi, fake_p2v, &bi), 0);
    CHECK_EQ(bi.fb.kind, FB_EGA_TEXT);
    CHECK_EQ(bi.fb.red_pos, 0);
}
