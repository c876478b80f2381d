/* SPDX-License-Identifier: BSD-2-Clause */
/* Host tests of PV page-table entry updates (pv_mod_entry in
 * arch/x86/pv/mm_validate.c). */
#include "harness.h"
#include "pv_mm_fake.h"

TEST(mod_entry_swaps_target)
{
    fake_reset();
    mem[4][0] = PTE(10, P | RW);
    CHECK_EQ(pv_pin_table(DOM1, &ft[4], 1), 0);
    CHECK_REFS(10, 2, 1);
    CHECK_EQ(pv_mod_entry(DOM1, &ft[4], 0, PTE(11, P | RW), false), 0);
    CHECK_EQ(mem[4][0], PTE(11, P | RW | US));
    CHECK_REFS(10, 1, 0);
    CHECK_REFS(11, 2, 1);
    CHECK_EQ(pv_mod_entry(DOM1, &ft[4], 0, PTE(11, P), false), 0);
    CHECK_REFS(11, 2, 0);
    CHECK_EQ(pv_mod_entry(DOM1, &ft[4], 0, 0, false), 0);
    CHECK_REFS(11, 1, 0);
    CHECK_REFS(4, 2, 1);
}

TEST(mod_entry_writable_to_pinned_l1_refused)
{
    fake_reset();
    CHECK_EQ(pv_pin_table(DOM1, &ft[5], 1), 0);
    mem[4][0] = PTE(10, P | RW);
    CHECK_EQ(pv_pin_table(DOM1, &ft[4], 1), 0);
    CHECK_EQ(pv_mod_entry(DOM1, &ft[4], 0, PTE(5, P | RW), false), -EBUSY);
    CHECK_EQ(mem[4][0], PTE(10, P | RW | US));
    CHECK_REFS(5, 2, 1);
    CHECK_REFS(10, 2, 1);
    /* And the other way: a writably mapped frame can't become a table. */
    CHECK_EQ(pv_pin_table(DOM1, &ft[10], 1), -EINVAL);
    CHECK_REFS(10, 2, 1);
}

TEST(mod_entry_argument_checks)
{
    static struct page_info stray; /* not in the frame table */

    fake_reset();
    CHECK_EQ(pv_pin_table(DOM1, &ft[4], 1), 0);
    CHECK_EQ(pv_mod_entry(DOM1, &ft[4], 512, 0, false), -EINVAL);
    CHECK_EQ(pv_mod_entry(DOM2, &ft[4], 0, PTE(10, P), false), -EINVAL);
    CHECK_EQ(pv_mod_entry(DOMID_XEN_OWNER, &ft[4], 0, 0, false), -EINVAL);
    CHECK_EQ(pv_mod_entry(DOM1, &ft[9], 0, PTE(10, P), false), -EINVAL);
    CHECK_EQ(page_get_type(&ft[9], PGT_writable_page), 0);
    CHECK_EQ(pv_mod_entry(DOM1, &ft[9], 0, PTE(10, P), false), -EINVAL);
    CHECK_EQ(pv_mod_entry(DOM1, &ft[NFRAMES], 0, 0, false), -EINVAL);
    CHECK_EQ(pv_mod_entry(DOM1, &stray, 0, 0, false), -EINVAL);
    CHECK_EQ(pv_pin_table(DOM1, &stray, 1), -EINVAL);
    CHECK_EQ(pv_unpin_table(DOM1, &stray), -EINVAL);
    CHECK_EQ(mem[4][0], 0);
    CHECK_EQ(mem[9][0], 0);
    CHECK_REFS(4, 2, 1);
    CHECK_REFS(10, 1, 0);
}

TEST(mod_entry_preserve_ad)
{
    fake_reset();
    mem[4][0] = PTE(10, P | RW);
    CHECK_EQ(pv_pin_table(DOM1, &ft[4], 1), 0);
    mem[4][0] |= A | D; /* the CPU walked and wrote through it */
    CHECK_EQ(pv_mod_entry(DOM1, &ft[4], 0, PTE(11, P | RW), true), 0);
    CHECK_EQ(mem[4][0], PTE(11, P | RW | A | D | US));
    CHECK_REFS(10, 1, 0);
    CHECK_EQ(pv_mod_entry(DOM1, &ft[4], 0, PTE(11, P | RW), false), 0);
    CHECK_EQ(mem[4][0], PTE(11, P | RW | US));
    CHECK_REFS(11, 2, 1);
}

TEST(mod_entry_fast_path_keeps_refs)
{
    fake_reset();
    mem[4][0] = PTE(10, P);
    CHECK_EQ(pv_pin_table(DOM1, &ft[4], 1), 0);
    CHECK_EQ(pv_mod_entry(DOM1, &ft[4], 0, PTE(10, P | US | NX | G), false), 0);
    CHECK_REFS(10, 2, 0);
    CHECK_EQ(pv_mod_entry(DOM1, &ft[4], 0, PTE(10, P | RW), false), 0);
    CHECK_REFS(10, 2, 1); /* RW is not a fast-path flag */
    CHECK_EQ(pv_mod_entry(DOM1, &ft[4], 0, PTE(10, P | RW | A), false), 0);
    CHECK_REFS(10, 2, 1);
    CHECK_EQ(pv_mod_entry(DOM1, &ft[4], 0, PTE(10, P | PCD), false), -EINVAL);
    CHECK_EQ(mem[4][0], PTE(10, P | RW | A | US));
}

TEST(mod_entry_drops_subtree)
{
    fake_reset();
    build_chain();
    CHECK_EQ(pv_pin_table(DOM1, &ft[3], 2), 0);
    CHECK_REFS(4, 2, 1);
    CHECK_EQ(pv_mod_entry(DOM1, &ft[3], 0, 0, false), 0);
    CHECK_REFS(3, 2, 1);
    CHECK_EQ(ft[4].type_info, PGT_l1_page_table); /* devalidated */
    CHECK_REFS(4, 1, 0);
    CHECK_REFS(10, 1, 0);
    CHECK_REFS(11, 1, 0);
    /* Now the old L1 may be used writable. */
    CHECK_EQ(pv_mod_entry(DOM1, &ft[3], 0, PTE(5, P | RW), false), 0);
    CHECK_EQ(pv_pin_table(DOM1, &ft[6], 1), 0);
    CHECK_EQ(pv_mod_entry(DOM1, &ft[6], 0, PTE(4, P | RW), false), 0);
    CHECK_EQ(ft[4].type_info, PGT_writable_page | PGT_validated | 1);
}
