/* SPDX-License-Identifier: BSD-2-Clause */
/* Unit tests for memory map sorting, overlap resolution and merging. */
#include "harness.h"
#include "memmap_check.h"
#include <basalt/bootinfo.h>

static struct boot_info bi;

static void reset(void)
{
    memset(&bi, 0, sizeof(bi));
}

static void add(uint64_t base, uint64_t len, uint32_t type)
{
    bi.memmap[bi.nr_memmap++] = (struct mem_range){base, len, type};
}

TEST(memmap_empty)
{
    reset();
    memmap_sanitize(&bi);
    CHECK_EQ(bi.nr_memmap, 0);
}

TEST(memmap_sort_and_drop_empty)
{
    reset();
    add(0x100000, 0x100000, MEM_USABLE);
    add(0x5000, 0, MEM_RESERVED);
    add(0, 0x9f000, MEM_USABLE);
    add(0xf0000, 0x10000, MEM_RESERVED);
    memmap_sanitize(&bi);
    CHECK_EQ(bi.nr_memmap, 3);
    CHECK_RANGE(0, 0, 0x9f000, MEM_USABLE);
    CHECK_RANGE(1, 0xf0000, 0x10000, MEM_RESERVED);
    CHECK_RANGE(2, 0x100000, 0x100000, MEM_USABLE);
}

TEST(memmap_merge_adjacent_same_type)
{
    reset();
    add(0x2000, 0x1000, MEM_USABLE);
    add(0x0, 0x1000, MEM_USABLE);
    add(0x1000, 0x1000, MEM_USABLE);
    add(0x3000, 0x1000, MEM_ACPI_RECLAIM); /* touches, other type */
    add(0x5000, 0x1000, MEM_ACPI_RECLAIM); /* gap: stays apart */
    memmap_sanitize(&bi);
    CHECK_EQ(bi.nr_memmap, 3);
    CHECK_RANGE(0, 0, 0x3000, MEM_USABLE);
    CHECK_RANGE(1, 0x3000, 0x1000, MEM_ACPI_RECLAIM);
    CHECK_RANGE(2, 0x5000, 0x1000, MEM_ACPI_RECLAIM);
}

TEST(memmap_reserved_hole_splits_usable)
{
    reset();
    add(0, 0x100000, MEM_USABLE);
    add(0x40000, 0x10000, MEM_RESERVED);
    memmap_sanitize(&bi);
    CHECK_EQ(bi.nr_memmap, 3);
    CHECK_RANGE(0, 0, 0x40000, MEM_USABLE);
    CHECK_RANGE(1, 0x40000, 0x10000, MEM_RESERVED);
    CHECK_RANGE(2, 0x50000, 0xb0000, MEM_USABLE);
}

TEST(memmap_mixed_overlaps_stricter_wins)
{
    reset();
    add(0x0000, 0x8000, MEM_USABLE);
    add(0x1000, 0x3000, MEM_ACPI_RECLAIM);
    add(0x2000, 0x3000, MEM_ACPI_NVS);
    add(0x4000, 0x2000, MEM_BAD);
    add(0x5000, 0x4000, MEM_RESERVED);
    memmap_sanitize(&bi);
    CHECK_EQ(bi.nr_memmap, 5);
    CHECK_RANGE(0, 0x0000, 0x1000, MEM_USABLE);
    CHECK_RANGE(1, 0x1000, 0x1000, MEM_ACPI_RECLAIM);
    CHECK_RANGE(2, 0x2000, 0x2000, MEM_ACPI_NVS);
    CHECK_RANGE(3, 0x4000, 0x2000, MEM_BAD);
    CHECK_RANGE(4, 0x6000, 0x3000, MEM_RESERVED);
}

TEST(memmap_order_does_not_matter)
{
    reset();
    add(0x1000, 0x1000, MEM_RESERVED);
    add(0x0, 0x4000, MEM_USABLE);
    add(0x1000, 0x1000, MEM_USABLE); /* duplicate of the reserved one */
    memmap_sanitize(&bi);
    CHECK_EQ(bi.nr_memmap, 3);
    CHECK_RANGE(0, 0, 0x1000, MEM_USABLE);
    CHECK_RANGE(1, 0x1000, 0x1000, MEM_RESERVED);
    CHECK_RANGE(2, 0x2000, 0x2000, MEM_USABLE);
}

TEST(memmap_unknown_type_is_reserved)
{
    reset();
    add(0x0, 0x3000, MEM_USABLE);
    add(0x1000, 0x1000, 77);
    add(0x2000, 0x1000, MEM_RESERVED);
    memmap_sanitize(&bi);
    CHECK_EQ(bi.nr_memmap, 2);
    CHECK_RANGE(0, 0, 0x1000, MEM_USABLE);
    CHECK_RANGE(1, 0x1000, 0x2000, MEM_RESERVED);
}

TEST(memmap_clamps_at_top_of_address_space)
{
    reset();
    add(0xfffffffffffff000ull, 0x2000, MEM_RESERVED); /* wraps */
    add(0xffffffff00000000ull, UINT64_MAX, MEM_USABLE);
    add(UINT64_MAX, 5, MEM_BAD); /* nothing left after clamping */
    memmap_sanitize(&bi);
    CHECK_EQ(bi.nr_memmap, 2);
    CHECK_RANGE(0, 0xffffffff00000000ull, 0xfffff000ull, MEM_USABLE);
    CHECK_RANGE(1, 0xfffffffffffff000ull, 0xfff, MEM_RESERVED);
}

TEST(memmap_full_map_of_disjoint_ranges)
{
    reset();
    for (uint64_t i = BOOT_MAX_MEMMAP; i-- > 0;)
        add(i * 0x2000, 0x1000, i % 2 ? MEM_USABLE : MEM_RESERVED);
    memmap_sanitize(&bi);
    CHECK_EQ(bi.nr_memmap, BOOT_MAX_MEMMAP);
    CHECK_RANGE(0, 0, 0x1000, MEM_RESERVED);
    CHECK_RANGE(127, 127 * 0x2000, 0x1000, MEM_USABLE);
    CHECK_EQ(unit_log_len, 0);
}

TEST(memmap_split_growth_drops_smallest_usable)
{
    /* One usable range with 100 reserved holes: 201 pieces. */
    reset();
    add(0, 0x1000000, MEM_USABLE);
    for (uint64_t i = 0; i < 100; i++)
        add(0x10000 * (i + 1), 0x1000, MEM_RESERVED);
    /* Usable pieces are 0xf000 long, except the first (0x10000) and the
     * last, which runs to 16 MiB. */
    memmap_sanitize(&bi);
    CHECK_EQ(bi.nr_memmap, BOOT_MAX_MEMMAP);
    CHECK_EQ(strstr(unit_log, "warning: memory map needs 201 entries") != NULL,
             1);
    unsigned int reserved = 0;
    for (unsigned int i = 0; i < bi.nr_memmap; i++) {
        if (bi.memmap[i].type == MEM_RESERVED)
            reserved++;
        if (i)
            CHECK(bi.memmap[i].base >
                  bi.memmap[i - 1].base + bi.memmap[i - 1].len - 1);
    }
    CHECK_EQ(reserved, 100);
    /* 73 of the 99 middle pieces go, lowest first among equals; the
     * large ones at both ends stay. */
    CHECK_RANGE(0, 0, 0x10000, MEM_USABLE);
    CHECK_RANGE(1, 0x10000, 0x1000, MEM_RESERVED);
    CHECK_RANGE(126, 0x640000, 0x1000, MEM_RESERVED);
    CHECK_RANGE(127, 0x641000, 0x9bf000, MEM_USABLE);
    CHECK_RANGE(125, 0x631000, 0xf000, MEM_USABLE);
}

TEST(memmap_idempotent)
{
    struct mem_range first[BOOT_MAX_MEMMAP];
    unsigned int n;

    reset();
    add(0x0, 0x9fc00, MEM_USABLE);
    add(0x9fc00, 0x400, MEM_RESERVED);
    add(0xe8000, 0x18000, MEM_RESERVED);
    add(0x100000, 0x7ee0000, MEM_USABLE);
    add(0x7fe0000, 0x20000, MEM_ACPI_RECLAIM);
    add(0x7000000, 0x10000, MEM_ACPI_NVS);
    memmap_sanitize(&bi);
    n = bi.nr_memmap;
    memcpy(first, bi.memmap, sizeof(first));
    memmap_sanitize(&bi);
    CHECK_EQ(bi.nr_memmap, n);
    CHECK_EQ(memcmp(first, bi.memmap, n * sizeof(first[0])), 0);
    CHECK_EQ(n, 7);
    CHECK_RANGE(3, 0x100000, 0x6f00000, MEM_USABLE);
    CHECK_RANGE(4, 0x7000000, 0x10000, MEM_ACPI_NVS);
}
