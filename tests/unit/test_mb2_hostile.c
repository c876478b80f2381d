/* SPDX-License-Identifier: BSD-2-Clause */
/* Multiboot2 parser tests on malformed, truncated and hostile blocks: bad
 * sizes, tags past the end, missing end tags, short tags and entries. */
#include "harness.h"
#include "mb2_fake.h"
#include <basalt/bootinfo.h>
#include <basalt/errno.h>

TEST(mb2_cmdline_without_nul_stays_in_tag)
{
    mb_begin();
    tag_begin(1);
    put_bytes("abc", 3); /* no NUL: the tag ends after 'c' */
    tag_end();
    mb.b[mb.tag + 11] = 'X'; /* padding byte after the tag */
    CHECK_EQ(parse(), 0);
    CHECK_STR(bi.cmdline, "abc");
}

TEST(mb2_memory_map_huge_or_tiny_entry_size)
{
    mb_begin();
    mmap_begin(0x10000);
    mmap_entry(0x1000, 0x2000, 1);
    tag_end();
    CHECK_EQ(parse(), 0);
    CHECK_EQ(bi.nr_memmap, 0);

    mb_begin();
    mmap_begin(0);
    mmap_entry(0x1000, 0x2000, 1);
    tag_end();
    CHECK_EQ(parse(), 0);
    CHECK_EQ(bi.nr_memmap, 0);
    CHECK_EQ(count("entry size 0"), 1);
}

TEST(mb2_memory_map_partial_last_entry)
{
    mb_begin();
    mmap_begin(24);
    mmap_entry(0x1000, 0x2000, 1);
    put64(0x20000); /* half an entry */
    tag_end();
    CHECK_EQ(parse(), 0);
    CHECK_EQ(bi.nr_memmap, 1);
}

TEST(mb2_efi_small_descriptor_ignored)
{
    mb_begin();
    tag_begin(17);
    put32(24);
    put32(1);
    efi_desc(7, 0, 1);
    tag_end();
    CHECK_EQ(parse(), 0);
    CHECK_EQ(bi.nr_memmap, 0);
    CHECK_EQ(count("EFI memory descriptor size 24"), 1);
}

TEST(mb2_bad_sizes)
{
    uint8_t small[16] = {16, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 0, 0};

    CHECK_EQ(mb2_parse(small, 16, &bi), 0);
    CHECK_EQ(mb2_parse(small, 15, &bi), -EINVAL);
    CHECK_EQ(mb2_parse(NULL, 16, &bi), -EINVAL);
    small[0] = 8; /* total_size < 16 */
    CHECK_EQ(mb2_parse(small, 16, &bi), -EINVAL);
    small[0] = 24; /* total_size > buffer */
    CHECK_EQ(mb2_parse(small, 16, &bi), -EINVAL);
}

TEST(mb2_truncated_block)
{
    size_t n;

    mb_begin();
    tag_str(1, "console=com1");
    n = mb_finish();
    /* The buffer we were given ends before total_size. */
    CHECK_EQ(mb2_parse(mb.b, n - 8, &bi), -EINVAL);
    CHECK_STR(bi.cmdline, "");
    CHECK_EQ(mb2_parse(mb.b, n, &bi), 0);
}

TEST(mb2_tag_runs_past_end)
{
    size_t n;
    uint32_t big = 0x1000;

    mb_begin();
    tag_str(1, "x");
    n = mb_finish();
    memcpy(mb.b + 12, &big, 4);
    CHECK_EQ(mb2_parse(mb.b, n, &bi), -EINVAL);
    big = 0xffffffff;
    memcpy(mb.b + 12, &big, 4);
    CHECK_EQ(mb2_parse(mb.b, n, &bi), -EINVAL);

    /* The end tag itself claims more than is left. */
    mb_begin();
    n = mb_finish();
    big = 16;
    memcpy(mb.b + 12, &big, 4);
    CHECK_EQ(mb2_parse(mb.b, n, &bi), -EINVAL);
}

TEST(mb2_tag_smaller_than_header)
{
    size_t n;
    uint32_t tiny = 4;

    mb_begin();
    tag_str(1, "x");
    n = mb_finish();
    memcpy(mb.b + 12, &tiny, 4);
    CHECK_EQ(mb2_parse(mb.b, n, &bi), -EINVAL);
    tiny = 0; /* would loop forever if accepted */
    memcpy(mb.b + 12, &tiny, 4);
    CHECK_EQ(mb2_parse(mb.b, n, &bi), -EINVAL);
}

TEST(mb2_missing_end_tag)
{
    uint32_t total;

    mb_begin();
    tag_str(1, "x");
    total = (uint32_t)mb.len;
    memcpy(mb.b, &total, 4);
    CHECK_EQ(mb2_parse(mb.b, mb.len, &bi), -EINVAL);

    /* End tag present in memory but outside total_size. */
    mb_finish();
    memcpy(mb.b, &total, 4);
    CHECK_EQ(mb2_parse(mb.b, mb.len, &bi), -EINVAL);
}

TEST(mb2_short_tags_ignored)
{
    mb_begin();
    tag_begin(3); /* module tag without mod_end */
    put32(0x1000);
    tag_end();
    tag_begin(6); /* memory map tag without entry_size */
    tag_end();
    CHECK_EQ(parse(), 0);
    CHECK_EQ(bi.nr_modules, 0);
    CHECK_EQ(bi.nr_memmap, 0);
    CHECK_EQ(count("warning: multiboot2 tag 3 is 12 bytes"), 1);
    CHECK_EQ(count("warning: multiboot2 tag 6 is 8 bytes"), 1);
}

TEST(mb2_unaligned_block)
{
    static _Alignas(8) uint8_t shifted[64];
    size_t n;

    mb_begin();
    tag_str(1, "ok");
    n = mb_finish();
    memcpy(shifted + 1, mb.b, n);
    CHECK_EQ(mb2_parse(shifted + 1, n, &bi), 0);
    CHECK_STR(bi.cmdline, "ok");
}
