/* SPDX-License-Identifier: BSD-2-Clause */
/* Segment descriptors a 64-bit PV guest may install (Xen's check_descriptor),
 * alone and as the validation of PGT_seg_desc_page frames. */
#include "harness.h"
#include "pv_mm_fake.h"

/* Descriptor from its high and low dwords. */
#define DESC(hi, lo) ((uint64_t)(hi) << 32 | (uint32_t)(lo))

/* A 64-bit call gate's first half: selector, offset bits 0-31, DPL. */
static uint64_t gate(unsigned int sel, unsigned int dpl)
{
    return DESC(0x12340000u | 0x8000u | dpl << 13 | 0xc00u,
                sel << 16 | 0x5678u);
}

static bool check(uint64_t *d)
{
    return pv_check_descriptor(d);
}

/* Accepted and left exactly as it was. */
static void check_same(uint64_t v)
{
    uint64_t d = v;
    CHECK(check(&d));
    CHECK_EQ(d, v);
}

/* Accepted and rewritten to 'want'. */
static void check_fixed(uint64_t v, uint64_t want)
{
    uint64_t d = v;
    CHECK(check(&d));
    CHECK_EQ(d, want);
}

/* Refused, and untouched. */
static void check_refused(uint64_t v)
{
    uint64_t d = v;
    CHECK(!check(&d));
    CHECK_EQ(d, v);
}

TEST(not_present_is_always_safe)
{
    check_same(0);
    check_same(0x00cf12000000ffffULL);           /* DPL 0 data, P clear */
    check_same(DESC(0x00000900, 0x67));          /* TSS, P clear */
    check_same(gate(0xe008, 0) & ~(1ULL << 47)); /* gate to Xen, P clear */
    check_same(0xffffffffffff7fffULL);           /* every bit but P */
}

TEST(data_segments_get_dpl3)
{
    check_same(0x00cff2000000ffffULL);                         /* DPL 3 */
    check_fixed(0x00cf92000000ffffULL, 0x00cff2000000ffffULL); /* DPL 0 */
    check_fixed(0x00cfb2000000ffffULL, 0x00cff2000000ffffULL); /* DPL 1 */
    check_fixed(0x00cfd2000000ffffULL, 0x00cff2000000ffffULL); /* DPL 2 */
    check_fixed(0x00cf96000000ffffULL, 0x00cff6000000ffffULL); /* expand-down */
    check_fixed(0x12409312345678ffULL, 0x1240f312345678ffULL); /* base, limit */
}

TEST(code_segments_get_dpl3)
{
    check_same(0x00cffa000000ffffULL);                         /* 32-bit */
    check_same(0x00affa000000ffffULL);                         /* 64-bit */
    check_fixed(0x00af9a000000ffffULL, 0x00affa000000ffffULL); /* ring 0 */
    check_fixed(0x00cfba000000ffffULL, 0x00cffa000000ffffULL); /* ring 1 */
    check_fixed(0x00afda000000ffffULL, 0x00affa000000ffffULL); /* ring 2 */
    /* Conforming: DPL is the most privileged caller, still raised to 3. */
    check_fixed(0x00cf9e000000ffffULL, 0x00cffe000000ffffULL);
    check_same(0x00cffe000000ffffULL);
}

TEST(system_descriptors_refused)
{
    /* Every system type but 0 (gate upper half) and 0xc (call gate). */
    static const unsigned int bad[] = {1, 2, 3,  4,  5,  6,  7,
                                       8, 9, 10, 11, 13, 14, 15};
    for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        for (unsigned int dpl = 0; dpl < 4; dpl++)
            check_refused(DESC(0x8000u | dpl << 13 | bad[i] << 8, 0xe0080000));
    check_refused(DESC(0x00008900, 0x00000067)); /* 64-bit TSS */
    check_refused(DESC(0x00008200, 0x0000ffff)); /* LDT */
}

TEST(type0_present_is_harmless)
{
    /* Taken as the upper half of a call gate, kept unchanged (no fixup). */
    check_same(DESC(0x00008000, 0xffffffff));
    check_same(DESC(0xffff80ff, 0x12345678));
}

TEST(call_gate_dpl0_and_rpl_keeps_dpl)
{
    /* Target: a guest GDT code segment (RPL 0 in the guest's selector). */
    check_fixed(gate(0x0010, 3), DESC(0x12348c00, 0x00135678));
    check_fixed(gate(0x0010, 0), DESC(0x12348c00, 0x00135678)); /* -> 3 */
    check_fixed(gate(0x0012, 1), DESC(0x12348c00, 0x00135678));
    /* The flat kernel code segment, the last guest GDT entry, the LDT. */
    check_fixed(gate(0xe033, 3), DESC(0x12348c00, 0xe0335678));
    check_fixed(gate(0xdff8, 3), DESC(0x12348c00, 0xdffb5678));
    check_fixed(gate(0xe00c, 3), DESC(0x12348c00, 0xe00f5678));
}

TEST(call_gate_to_hypervisor_refused)
{
    check_refused(gate(0xe008, 3)); /* hypervisor CS */
    check_refused(gate(0xe010, 3)); /* hypervisor DS */
    check_refused(gate(0xe000, 3));
    check_refused(gate(0xe030, 3)); /* flat kernel CS only with RPL 3 */
    check_refused(gate(0xe023, 3)); /* 32-bit ring-3 CS */
    check_refused(gate(0xe040, 3)); /* TSS */
    check_refused(gate(0xfff8, 3));
}

TEST(call_gate_reserved_bits_refused)
{
    for (unsigned int bit = 0; bit < 8; bit++)
        check_refused(gate(0x0010, 3) | 1ULL << (32 + bit));
    check_same(gate(0x0010, 3) & ~(1ULL << 47)); /* not present: anything */
}

TEST(page_check_all_512)
{
    fake_reset();
    CHECK_EQ(pv_check_seg_desc_page(mem[10]), 0);
    mem[10][1] = 0x00af9a000000ffffULL;
    mem[10][511] = 0x00cf92000000ffffULL;
    CHECK_EQ(pv_check_seg_desc_page(mem[10]), 0);
    CHECK_EQ(mem[10][1], 0x00affa000000ffffULL); /* fixed in place */
    CHECK_EQ(mem[10][511], 0x00cff2000000ffffULL);
    mem[10][511] = DESC(0x00008900, 0x67);
    CHECK_EQ(pv_check_seg_desc_page(mem[10]), -EINVAL);
    mem[10][511] = 0;
    mem[10][0] = gate(0xe008, 3);
    CHECK_EQ(pv_check_seg_desc_page(mem[10]), -EINVAL);
}

TEST(seg_desc_type_validates)
{
    fake_reset();
    pv_mm_ops.check_seg_desc = pv_check_seg_desc_page;
    mem[10][5] = DESC(0x0000ee00, 0xe0080000); /* DPL 3 interrupt gate */
    CHECK_EQ(page_get_and_type(&ft[10], DOM1, PGT_seg_desc_page), -EINVAL);
    CHECK_EQ(ft[10].type_info & PGT_count_mask, 0);
    CHECK_EQ(ft[10].count_info & PGC_count_mask, 1);
    mem[10][5] = 0x00cf92000000ffffULL;
    CHECK_EQ(page_get_and_type(&ft[10], DOM1, PGT_seg_desc_page), 0);
    CHECK_EQ(mem[10][5], 0x00cff2000000ffffULL);
    CHECK_EQ(page_get_and_type(&ft[10], DOM2, PGT_seg_desc_page), -EPERM);
    /* A descriptor page cannot be mapped writable, nor become a table. */
    CHECK_EQ(page_get_type(&ft[10], PGT_writable_page), -EINVAL);
    CHECK_EQ(page_get_type(&ft[10], PGT_l1_page_table), -EINVAL);
    page_put_and_type(&ft[10]);
    CHECK_EQ(page_get_type(&ft[11], PGT_writable_page), 0);
    CHECK_EQ(page_get_and_type(&ft[11], DOM1, PGT_seg_desc_page), -EINVAL);
    page_put_type(&ft[11]);
    pv_mm_ops.check_seg_desc = NULL;
}
