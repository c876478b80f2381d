/* SPDX-License-Identifier: BSD-2-Clause */
/* Host tests of the PV page-table rules (arch/x86/pv/mm_*.c). */
#include "harness.h"
#include "pv_mm_fake.h"

TEST(page_get_put_rules)
{
    fake_reset();
    CHECK_EQ(page_get(&ft[10], DOM1), 0);
    CHECK_REFS(10, 2, 0);
    page_put(&ft[10]);
    CHECK_REFS(10, 1, 0);
    CHECK_EQ(page_get(&ft[40], DOM1), -EPERM); /* domain 2's */
    CHECK_EQ(page_get(&ft[52], DOM1), -EPERM); /* the hypervisor's */
    CHECK_EQ(page_get(&ft[60], DOM1), -EPERM); /* free */
    ft[11].count_info &= ~PGC_allocated;
    CHECK_EQ(page_get(&ft[11], DOM1), -EINVAL);
    ft[13].count_info = PGC_allocated; /* mid-free: no references left */
    CHECK_EQ(page_get(&ft[13], DOM1), -EINVAL);
    ft[12].count_info = PGC_allocated | PGC_count_mask;
    CHECK_EQ(page_get(&ft[12], DOM1), -EINVAL);
    CHECK_EQ(ft[12].count_info, PGC_allocated | PGC_count_mask);
    CHECK_EQ(free_calls, 0);
}

TEST(page_put_to_zero_frees_once)
{
    fake_reset();
    CHECK_EQ(page_get(&ft[10], DOM1), 0);
    page_drop_allocation(&ft[10]);
    CHECK_EQ(ft[10].count_info, 1);
    CHECK_EQ(free_calls, 0);
    page_drop_allocation(&ft[10]); /* already given up: no second put */
    CHECK_EQ(ft[10].count_info, 1);
    page_put(&ft[10]);
    CHECK_EQ(free_calls, 1);
    CHECK(freed == &ft[10]);
    CHECK_EQ(page_get(&ft[10], DOM1), -EINVAL);
    CHECK_EQ(free_calls, 1);
}

TEST(one_type_at_a_time)
{
    fake_reset();
    CHECK_EQ(page_get_type(&ft[10], PGT_writable_page), 0);
    CHECK_EQ(ft[10].type_info, PGT_writable_page | PGT_validated | 1);
    CHECK_EQ(page_get_type(&ft[10], PGT_l1_page_table), -EINVAL);
    CHECK_EQ(page_get_type(&ft[10], PGT_writable_page), 0);
    page_put_type(&ft[10]);
    page_put_type(&ft[10]);
    CHECK_EQ(page_get_type(&ft[10], PGT_l1_page_table), 0); /* count was 0 */
    CHECK_EQ(ft[10].type_info, PGT_l1_page_table | PGT_validated | 1);
    CHECK_EQ(page_get_type(&ft[10], PGT_writable_page), -EINVAL);
    page_put_type(&ft[10]);
    CHECK_EQ(ft[10].type_info, PGT_l1_page_table); /* unvalidated, count 0 */
    ft[11].type_info = PGT_writable_page | PGT_validated | PGT_count_mask;
    CHECK_EQ(page_get_type(&ft[11], PGT_writable_page), -EINVAL);
}

TEST(failed_validation_keeps_old_type)
{
    fake_reset();
    CHECK_EQ(page_get_type(&ft[4], PGT_writable_page), 0);
    page_put_type(&ft[4]);
    mem[4][0] = PTE(40, P);
    CHECK_EQ(pv_pin_table(DOM1, &ft[4], 1), -EBUSY);
    CHECK_EQ(ft[4].type_info, PGT_writable_page | PGT_validated);
    CHECK_REFS(4, 1, 0);
}

TEST(frame_mid_validation_is_not_shared)
{
    /* What a reference loop (or, later, another CPU) would see: type set,
     * count 1, not validated. No second reference, no update. */
    fake_reset();
    ft[4].type_info = PGT_l1_page_table | 1;
    CHECK_EQ(page_get_type(&ft[4], PGT_l1_page_table), -EINVAL);
    CHECK_EQ(pv_mod_entry(DOM1, &ft[4], 0, PTE(10, P), false), -EINVAL);
    CHECK_EQ(ft[4].type_info, PGT_l1_page_table | 1);
    CHECK_EQ(mem[4][0], 0);
    CHECK_REFS(10, 1, 0);
}

TEST(pin_l4_exact_counts)
{
    fake_reset();
    build_chain();
    CHECK_EQ(pv_pin_table(DOM1, &ft[1], 4), 0);
    CHECK_EQ(ft[1].type_info,
             PGT_l4_page_table | PGT_pinned | PGT_validated | 1);
    CHECK_REFS(1, 2, 1); /* allocation + pin */
    CHECK_REFS(2, 2, 1);
    CHECK_EQ(ft[2].type_info, PGT_l3_page_table | PGT_validated | 1);
    CHECK_REFS(3, 2, 1);
    CHECK_EQ(ft[3].type_info, PGT_l2_page_table | PGT_validated | 1);
    CHECK_REFS(4, 2, 1);
    CHECK_EQ(ft[4].type_info, PGT_l1_page_table | PGT_validated | 1);
    CHECK_REFS(10, 2, 1);
    CHECK_EQ(ft[10].type_info, PGT_writable_page | PGT_validated | 1);
    CHECK_REFS(11, 2, 0); /* read-only: no type reference */
    CHECK_REFS(12, 2, 1);
    for (unsigned int i = 0; i < PV_L4_HV_SLOTS; i++)
        CHECK_EQ(mem[1][HYPERVISOR_L4_FIRST + i], pv_mm_ops.hv_l4_entries[i]);
    CHECK_EQ(mem[1][255], 0);
    CHECK_EQ(mem[1][272], 0);
    CHECK_EQ(pv_unpin_table(DOM1, &ft[1]), 0);
    check_start();
    CHECK_EQ(free_calls, 0);
}

TEST(l1_maps_page_table_only_read_only)
{
    fake_reset();
    CHECK_EQ(pv_pin_table(DOM1, &ft[5], 1), 0);
    mem[4][7] = PTE(5, P | RW | US);
    CHECK_EQ(pv_pin_table(DOM1, &ft[4], 1), -EBUSY); /* Xen's code */
    CHECK_REFS(4, 1, 0);
    CHECK_REFS(5, 2, 1);
    mem[4][7] = PTE(5, P | US);
    CHECK_EQ(pv_pin_table(DOM1, &ft[4], 1), 0);
    CHECK_REFS(5, 3, 1);
    /* An L1 may map itself read-only, never writable. */
    CHECK_EQ(pv_mod_entry(DOM1, &ft[4], 8, PTE(4, P), false), 0);
    CHECK_REFS(4, 3, 1);
    CHECK_EQ(pv_mod_entry(DOM1, &ft[4], 9, PTE(4, P | RW), false), -EBUSY);
    CHECK_EQ(mem[4][9], 0);
    CHECK_REFS(4, 3, 1);
}

TEST(l1_refuses_foreign_xen_free_and_mmio)
{
    static const struct {
        uint64_t pfn;
        int rc;
    } bad[] = {{40, -EBUSY}, {52, -EBUSY}, {60, -EBUSY}, {1000, -EPERM}};

    fake_reset();
    for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
        mem[4][3] = PTE(10, P | US);
        mem[4][4] = PTE(bad[i].pfn, P | US);
        CHECK_EQ(pv_pin_table(DOM1, &ft[4], 1), bad[i].rc);
        mem[4][4] = PTE(bad[i].pfn, P | RW | US);
        CHECK_EQ(pv_pin_table(DOM1, &ft[4], 1), bad[i].rc);
        check_start();
    }
    CHECK_REFS(40, 1, 0);
    CHECK_REFS(52, 1, 0);
}

TEST(l4_hypervisor_slots)
{
    fake_reset();
    mem[1][HYPERVISOR_L4_FIRST] = PTE(2, P | RW | US);
    CHECK_EQ(pv_pin_table(DOM1, &ft[1], 4), -EINVAL);
    check_start();
    /* Absent, or already the hypervisor's (A/D aside): accepted. */
    mem[1][HYPERVISOR_L4_FIRST] = pv_mm_ops.hv_l4_entries[0] | D;
    mem[1][HYPERVISOR_L4_LAST] = 0x2; /* not present */
    CHECK_EQ(pv_pin_table(DOM1, &ft[1], 4), 0);
    CHECK_EQ(mem[1][HYPERVISOR_L4_FIRST], pv_mm_ops.hv_l4_entries[0]);
    CHECK_EQ(mem[1][HYPERVISOR_L4_LAST],
             pv_mm_ops.hv_l4_entries[PV_L4_HV_SLOTS - 1]);
    CHECK_EQ(pv_mod_entry(DOM1, &ft[1], HYPERVISOR_L4_FIRST, 0, false),
             -EINVAL);
    CHECK_EQ(pv_mod_entry(DOM1, &ft[1], HYPERVISOR_L4_LAST, 0, false), -EINVAL);
    CHECK_EQ(mem[1][HYPERVISOR_L4_FIRST], pv_mm_ops.hv_l4_entries[0]);
    CHECK_EQ(pv_mod_entry(DOM1, &ft[1], 255, PTE(2, P | RW), false), 0);
    CHECK_EQ(pv_mod_entry(DOM1, &ft[1], 272, PTE(3, P | RW), false), 0);
    CHECK_REFS(2, 2, 1);
    CHECK_EQ(ft[2].type_info & PGT_type_mask, PGT_l3_page_table);
    /* Unpinned and pinned again: the carried slots revalidate. */
    CHECK_EQ(pv_unpin_table(DOM1, &ft[1]), 0);
    check_start();
    mem[1][HYPERVISOR_L4_FIRST + 3] |= A;
    CHECK_EQ(pv_pin_table(DOM1, &ft[1], 4), 0);
}

TEST(superpages_refused)
{
    fake_reset();
    mem[3][0] = PTE(4, P | RW | US | PSE);
    CHECK_EQ(pv_pin_table(DOM1, &ft[3], 2), -EINVAL);
    mem[2][0] = PTE(3, P | RW | US | PSE);
    CHECK_EQ(pv_pin_table(DOM1, &ft[2], 3), -EINVAL);
    check_start();
    mem[3][0] = 0;
    CHECK_EQ(pv_pin_table(DOM1, &ft[3], 2), 0);
    CHECK_EQ(pv_mod_entry(DOM1, &ft[3], 1, PTE(16, P | RW | PSE), false),
             -EINVAL);
    CHECK_EQ(mem[3][1], 0);
}

TEST(entry_flag_rules)
{
    static const struct {
        unsigned int level;
        uint64_t flags;
        int rc;
    } cases[] = {
        {1, P | PWT, -EINVAL},
        {1, P | PCD, -EINVAL},
        {1, P | PAT, -EINVAL},
        {1, P | RW | US | G | NX | AVAIL | AVAIL_HIGH | A | D, 0},
        {2, P | G, -EINVAL},
        {2, P | PCD, -EINVAL},
        {2, P | RW | US | NX | AVAIL | AVAIL_HIGH | A | D, 0},
        {3, P | PWT, -EINVAL},
        {4, P | G, -EINVAL},
        {4, P | RW | US | A, 0},
    };

    for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++) {
        unsigned int level = cases[i].level;

        fake_reset();
        /* table in frame 20 + level, target an empty frame 10 */
        mem[20 + level][5] = PTE(10, cases[i].flags);
        CHECK_EQ(pv_pin_table(DOM1, &ft[20 + level], level), cases[i].rc);
        if (cases[i].rc)
            check_start();
    }
}

TEST(l2_pointing_at_itself_refused)
{
    fake_reset();
    mem[4][0] = PTE(10, P | RW);
    mem[3][0] = PTE(4, P | RW);
    mem[3][1] = PTE(3, P); /* read-only linear mapping: refused too */
    CHECK_EQ(pv_pin_table(DOM1, &ft[3], 2), -EINVAL);
    check_start();
    CHECK_EQ(ft[4].type_info & PGT_validated, 0);
    mem[3][1] = 0;
    CHECK_EQ(pv_pin_table(DOM1, &ft[3], 2), 0);
    CHECK_EQ(pv_mod_entry(DOM1, &ft[3], 1, PTE(3, P), false), -EINVAL);
    CHECK_REFS(3, 2, 1);
}

TEST(indirect_loop_refused)
{
    fake_reset();
    mem[2][0] = PTE(3, P | RW);
    mem[3][0] = PTE(4, P | RW);
    mem[3][1] = PTE(2, P | RW); /* the L3 being validated, wanted as L1 */
    mem[4][0] = PTE(10, P | RW);
    CHECK_EQ(pv_pin_table(DOM1, &ft[2], 3), -EINVAL);
    check_start();
    /* L4 -> L3 -> L2 -> (the L4 as L1): same story one level up. */
    mem[3][1] = PTE(1, P);
    mem[1][0] = PTE(2, P | RW);
    CHECK_EQ(pv_pin_table(DOM1, &ft[1], 4), -EINVAL);
    check_start();
}

TEST(bad_leaf_fails_whole_chain)
{
    fake_reset();
    mem[2][0] = PTE(3, P | RW);
    mem[3][0] = PTE(4, P | RW);
    mem[3][1] = PTE(5, P | RW);
    mem[3][2] = PTE(6, P | RW);
    mem[4][0] = PTE(10, P | RW);
    mem[5][0] = PTE(11, P | RW);
    mem[5][1] = PTE(10, P);
    mem[6][0] = PTE(12, P | RW);
    mem[6][5] = PTE(41, P); /* domain 2's frame */
    CHECK_EQ(pv_pin_table(DOM1, &ft[2], 3), -EBUSY);
    check_start();
    mem[6][5] = PTE(13, P);
    CHECK_EQ(pv_pin_table(DOM1, &ft[2], 3), 0);
    CHECK_REFS(10, 3, 1);
    CHECK_REFS(13, 2, 0);
    CHECK_EQ(pv_unpin_table(DOM1, &ft[2]), 0);
    check_start();
}

TEST(pin_and_unpin_twice)
{
    fake_reset();
    CHECK_EQ(pv_pin_table(DOM1, &ft[4], 1), 0);
    CHECK_EQ(pv_pin_table(DOM1, &ft[4], 1), -EINVAL);
    CHECK_EQ(pv_pin_table(DOM1, &ft[4], 2), -EINVAL); /* type conflict */
    CHECK_REFS(4, 2, 1);
    CHECK_EQ(pv_unpin_table(DOM1, &ft[4]), 0);
    CHECK_EQ(pv_unpin_table(DOM1, &ft[4]), -EINVAL);
    check_start();
    CHECK_EQ(pv_pin_table(DOM1, &ft[4], 0), -EINVAL);
    CHECK_EQ(pv_pin_table(DOM1, &ft[4], 5), -EINVAL);
    CHECK_EQ(pv_pin_table(DOM1, &ft[40], 1), -EINVAL);
    CHECK_EQ(pv_pin_table(DOM2, &ft[40], 1), 0);
    CHECK_EQ(pv_unpin_table(DOM1, &ft[40]), -EINVAL);
    CHECK_EQ(pv_unpin_table(DOM2, &ft[40]), 0);
    check_start();
}

TEST(shared_l1_counts)
{
    fake_reset();
    mem[4][0] = PTE(10, P | RW);
    mem[3][0] = PTE(4, P | RW);
    mem[3][1] = PTE(4, P);
    mem[5][9] = PTE(4, P | RW);
    CHECK_EQ(pv_pin_table(DOM1, &ft[3], 2), 0);
    CHECK_EQ(pv_pin_table(DOM1, &ft[5], 2), 0);
    CHECK_REFS(4, 4, 3);
    CHECK_REFS(10, 2, 1); /* validated once, however often referenced */
    CHECK_EQ(pv_unpin_table(DOM1, &ft[3]), 0);
    CHECK_REFS(4, 2, 1);
    CHECK_EQ(ft[4].type_info & PGT_validated, PGT_validated);
    CHECK_EQ(pv_unpin_table(DOM1, &ft[5]), 0);
    check_start();
}

TEST(type_change_flushes)
{
    fake_reset();
    CHECK_EQ(page_get_type(&ft[10], PGT_writable_page), 0);
    CHECK_EQ(flushes, 0); /* untyped before: nothing to flush */
    page_put_type(&ft[10]);
    CHECK_EQ(pv_pin_table(DOM1, &ft[10], 1), 0);
    CHECK_EQ(flushes, 1);
    CHECK_EQ(pv_unpin_table(DOM1, &ft[10]), 0);
    CHECK_EQ(pv_pin_table(DOM1, &ft[10], 1), 0); /* same type again */
    CHECK_EQ(flushes, 1);
}

static int seg_ok(const uint64_t *descs)
{
    return descs[0] ? -EINVAL : 0;
}

TEST(seg_desc_needs_a_checker)
{
    fake_reset();
    CHECK_EQ(page_get_type(&ft[10], PGT_seg_desc_page), -EINVAL);
    pv_mm_ops.check_seg_desc = seg_ok;
    mem[10][0] = 1;
    CHECK_EQ(page_get_type(&ft[10], PGT_seg_desc_page), -EINVAL);
    CHECK_EQ(ft[10].type_info & PGT_count_mask, 0);
    mem[10][0] = 0;
    CHECK_EQ(page_get_type(&ft[10], PGT_seg_desc_page), 0);
    mem[4][0] = PTE(10, P | RW);
    CHECK_EQ(pv_pin_table(DOM1, &ft[4], 1), -EBUSY);
    page_put_type(&ft[10]);
}

TEST(frame_given_up_while_mapped_freed_once)
{
    fake_reset();
    mem[4][0] = PTE(10, P | RW);
    mem[4][1] = PTE(10, P);
    CHECK_EQ(pv_pin_table(DOM1, &ft[4], 1), 0);
    page_drop_allocation(&ft[10]);
    CHECK_EQ(ft[10].count_info, 2);
    CHECK_EQ(free_calls, 0);
    CHECK_EQ(pv_mod_entry(DOM1, &ft[4], 2, PTE(10, P), false), -EBUSY);
    CHECK_EQ(pv_unpin_table(DOM1, &ft[4]), 0);
    CHECK_EQ(free_calls, 1);
    CHECK(freed == &ft[10]);
}

/* Guest kernel and user share ring 3: like Xen, every present entry gets
 * _PAGE_USER, when a table is validated and when an entry is written. */
TEST(present_entries_get_user_bit)
{
    fake_reset();
    mem[4][3] = PTE(10, P | RW);
    mem[4][5] = PTE(11, 0x2); /* not present: left alone */
    CHECK_EQ(pv_pin_table(DOM1, &ft[4], 1), 0);
    CHECK_EQ(mem[4][3], PTE(10, P | RW | US));
    CHECK_EQ(mem[4][5], PTE(11, 0x2));
    CHECK_EQ(pv_mod_entry(DOM1, &ft[4], 6, PTE(12, P), false), 0);
    CHECK_EQ(mem[4][6], PTE(12, P | US));
    CHECK_EQ(pv_pin_table(DOM1, &ft[3], 2), 0); /* L2 -> L1 4 */
    CHECK_EQ(pv_mod_entry(DOM1, &ft[3], 1, PTE(4, P | RW), false), 0);
    CHECK_EQ(mem[3][1], PTE(4, P | RW | US));
}
