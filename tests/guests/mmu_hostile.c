/* SPDX-License-Identifier: BSD-2-Clause */
/* PV test kernel: hostile memory hypercalls. Hypervisor and out-of-RAM
 * frames, writable page tables, the hypervisor's L4 slots, superpages,
 * tables with bad entries and loops, double unpin, bad pointers, huge and
 * resumed counts, missing domains. Each must fail with Xen 4.17's code
 * and leave every frame as it was. */
#include "mmu_env.h"

static void test_baseptr_hostile(void)
{
    unsigned long copy = spare[3];
    const void *l4 = (const void *)guest_start_info->pt_base;

    CHECK_EQ("NEW_BASEPTR: a frame not ours",
             ext1(MMUEXT_NEW_BASEPTR, hv_mfn, 0), -EINVAL);
    CHECK_EQ("NEW_BASEPTR: beyond RAM", ext1(MMUEXT_NEW_BASEPTR, BIG_MFN, 0),
             -EINVAL);
    CHECK_EQ("NEW_BASEPTR: a page mapped writable",
             ext1(MMUEXT_NEW_BASEPTR, spare[0], 0), -EINVAL);
    CHECK_EQ("NEW_USER_BASEPTR: a frame not ours",
             ext1(MMUEXT_NEW_USER_BASEPTR, hv_mfn, 0), -EINVAL);
    frame_fill(copy, l4, 0, hv_mfn << 12 | MMUU_TABLE);
    CHECK_EQ("NEW_BASEPTR: an L4 naming a frame not ours",
             ext1(MMUEXT_NEW_BASEPTR, copy, 0), -EINVAL);
    CHECK_EQ("still on the old base", scr[0][0], MARK0);
}

/* The vCPU's base holds references of its own: unpinning the L4 it runs
 * on leaves it a validated table. */
static void test_unpin_live_base(void)
{
    CHECK_EQ("unpin the L4 we run on", ext1(MMUEXT_UNPIN_TABLE, l4_mfn, 0), 0);
    CHECK_EQ("the running L4 is still a page table",
             uvm(scr[4], l4_mfn << 12 | MMUU_DATA, UVMF_INVLPG), -EBUSY);
    CHECK_EQ("pin it again", ext1(MMUEXT_PIN_L4_TABLE, l4_mfn, 0), 0);
}

static void test_hostile_maps(void)
{
    unsigned long l4e = l4_mfn << 12, l2e = mmuu_entry_maddr(BATCH_VA, 2);

    CHECK_EQ("uvm: a hypervisor frame",
             uvm(scr[4], hv_mfn << 12 | MMUU_RO, UVMF_INVLPG), -EBUSY);
    CHECK_EQ("uvm: a frame beyond RAM",
             uvm(scr[4], BIG_MFN << 12 | MMUU_RO, UVMF_INVLPG), -EPERM);
    CHECK_EQ("uvm: our L4 writable", uvm(scr[4], l4e | MMUU_DATA, UVMF_INVLPG),
             -EBUSY);
    CHECK_EQ("uvm: our L1 writable",
             uvm(scr[4], (maddr(scr[4]) & ~4095UL) | MMUU_DATA, UVMF_INVLPG),
             -EBUSY);
    CHECK_EQ("uvm: our L4 read-only is fine",
             uvm(scr[4], l4e | MMUU_RO, UVMF_INVLPG), 0);
    restore(4);
    CHECK_EQ("uvm: va in the hypervisor window",
             uvm((void *)0xffff830000000000UL, spare[4] << 12 | MMUU_RO, 0),
             -EINVAL);
    CHECK_EQ("uvm: non-canonical va",
             uvm((void *)0x0000800000000000UL, spare[4] << 12 | MMUU_RO, 0),
             -EINVAL);
    CHECK_EQ("uvm: no L1 maps va",
             uvm((void *)0x1000UL, spare[4] << 12 | MMUU_RO, 0), -EINVAL);
    CHECK_EQ("mmu_update: L4 slot 256", mmu1(l4e + 256 * 8, 0), -EINVAL);
    CHECK_EQ("mmu_update: L4 slot 271",
             mmu1(l4e + 271 * 8, spare[4] << 12 | MMUU_TABLE), -EINVAL);
    CHECK_EQ("mmu_update: L2 superpage",
             mmu1(l2e, spare[4] << 12 | MMUU_TABLE | MMUU_PSE), -EINVAL);
    CHECK_EQ("mmu_update: L2 entry to a plain page",
             mmu1(l2e, spare[0] << 12 | MMUU_TABLE), -EINVAL);
    CHECK_EQ("mmu_update: entry in a frame not ours", mmu1(hv_mfn << 12, 0),
             -EINVAL);
    CHECK_EQ("mmu_update: entry beyond RAM", mmu1(BIG_MFN << 12, 0), -EINVAL);
    CHECK_EQ("mmu_update: unknown command 4", mmu1(maddr(scr[4]) | 4, 0),
             -ENOSYS);
    CHECK_EQ("mmu_update: unknown command 7", mmu1(maddr(scr[4]) | 7, 0),
             -ENOSYS);
}

/* Tables that must not validate; afterwards the frames are plain again. */
static void test_pin_hostile(void)
{
    unsigned long a = spare[5], b = spare[6];
    const void *l4 = (const void *)guest_start_info->pt_base;

    frame_fill(a, NULL, 0, hv_mfn << 12 | MMUU_RO);
    CHECK_EQ("pin L1 mapping a hypervisor frame",
             ext1(MMUEXT_PIN_L1_TABLE, a, 0), -EBUSY);
    frame_fill(a, NULL, 3, BIG_MFN << 12 | MMUU_RO);
    CHECK_EQ("pin L1 mapping beyond RAM", ext1(MMUEXT_PIN_L1_TABLE, a, 0),
             -EPERM);
    frame_fill(a, NULL, 0, spare[4] << 12 | MMUU_TABLE | MMUU_PSE);
    CHECK_EQ("pin L2 with a superpage", ext1(MMUEXT_PIN_L2_TABLE, a, 0),
             -EINVAL);
    frame_fill(a, NULL, 0, a << 12 | MMUU_TABLE);
    CHECK_EQ("pin L2 naming itself", ext1(MMUEXT_PIN_L2_TABLE, a, 0), -EINVAL);
    CHECK_EQ("pin L3 naming itself", ext1(MMUEXT_PIN_L3_TABLE, a, 0), -EINVAL);
    frame_fill(a, l4, 0, a << 12 | MMUU_TABLE);
    CHECK_EQ("pin L4 naming itself", ext1(MMUEXT_PIN_L4_TABLE, a, 0), -EINVAL);
    frame_fill(a, NULL, 0, b << 12 | MMUU_TABLE);
    frame_fill(b, NULL, 0, a << 12 | MMUU_TABLE);
    CHECK_EQ("pin two L2s naming each other", ext1(MMUEXT_PIN_L2_TABLE, a, 0),
             -EBUSY);
    CHECK_EQ("pin a frame not ours", ext1(MMUEXT_PIN_L1_TABLE, hv_mfn, 0),
             -EINVAL);
    CHECK_EQ("pin beyond RAM", ext1(MMUEXT_PIN_L1_TABLE, BIG_MFN, 0), -EINVAL);
    CHECK_EQ("pin a page mapped writable",
             ext1(MMUEXT_PIN_L1_TABLE, spare[0], 0), -EINVAL);
    CHECK_EQ("unpin a frame never pinned", ext1(MMUEXT_UNPIN_TABLE, b, 0),
             -EINVAL);
    CHECK_EQ("unpin a frame not ours", ext1(MMUEXT_UNPIN_TABLE, hv_mfn, 0),
             -EINVAL);
}

static void test_batch_args(void)
{
    unsigned int done;
    unsigned long pte = maddr(scr[4]);
    struct mmu_update two[2] = {{pte, scr_pte[4]}, {pte | 7, 0}};
    struct mmuext_op op = {.cmd = MMUEXT_TLB_FLUSH_LOCAL};

    CHECK_EQ("mmu_update: bad pdone is ignored",
             HYPERVISOR_mmu_update(two, 1, (void *)8, DOMID_SELF), 0);
    done = 77;
    CHECK_EQ("mmu_update: NULL requests",
             HYPERVISOR_mmu_update(NULL, 1, &done, DOMID_SELF), -EFAULT);
    CHECK_EQ("mmu_update: NULL requests pdone", done, 0);
    done = 77;
    CHECK_EQ("mmu_update: requests in the hypervisor",
             HYPERVISOR_mmu_update((void *)0xffff830000000000UL, 1, &done,
                                   DOMID_SELF),
             -EFAULT);
    CHECK_EQ("mmu_update: ... pdone untouched", done, 77);
    CHECK_EQ("mmu_update: huge count stops at the bad entry",
             HYPERVISOR_mmu_update(two, 0x7fffffff, &done, DOMID_SELF),
             -ENOSYS);
    CHECK_EQ("mmu_update: huge count pdone", done, 1);
    done = 100;
    CHECK_EQ("mmu_update: resumed count",
             HYPERVISOR_mmu_update(two, 0xffffffffUL, &done, DOMID_SELF),
             -ENOSYS);
    CHECK_EQ("mmu_update: resumed count adds to pdone", done, 101);
    CHECK_EQ("mmu_update: count is 32 bits",
             HYPERVISOR_mmu_update(two, 1UL << 32 | 1, &done, DOMID_SELF), 0);
    CHECK_EQ("mmu_update: count is 32 bits pdone", done, 1);
    done = 55;
    CHECK_EQ("mmu_update: no such foreign domain",
             HYPERVISOR_mmu_update(two, 1, &done, 0x10), -ESRCH);
    CHECK_EQ("mmu_update: no such foreign domain pdone", done, 0);
    CHECK_EQ("mmu_update: own id as foreign domain",
             HYPERVISOR_mmu_update(two, 1, &done, 0), -ESRCH);
    done = 55;
    CHECK_EQ("mmu_update: no such page-table domain",
             HYPERVISOR_mmu_update(two, 1, &done, 0x11UL << 16 | DOMID_SELF),
             -ESRCH);
    CHECK_EQ("mmu_update: ... pdone untouched", done, 55);
    CHECK_EQ("mmu_update: count 0",
             HYPERVISOR_mmu_update(two, 0, &done, DOMID_SELF), 0);
    CHECK_EQ("mmu_update: count 0 pdone", done, 0);
    CHECK_EQ("mmuext: no such foreign domain",
             HYPERVISOR_mmuext_op(&op, 1, &done, 0x10), -ESRCH);
    done = 77;
    CHECK_EQ("mmuext: NULL ops",
             HYPERVISOR_mmuext_op(NULL, 1, &done, DOMID_SELF), -EFAULT);
    CHECK_EQ("mmuext: NULL ops pdone", done, 0);
    CHECK_EQ(
        "mmuext: ops in the hypervisor",
        HYPERVISOR_mmuext_op((void *)0xffff830000000000UL, 1, NULL, DOMID_SELF),
        -EFAULT);
}

int guest_main(struct start_info *si)
{
    mmu_env_setup(si);
    /* A page of ours mapped writable: what page tables must never be. */
    uvm(scr[0], spare[0] << 12 | MMUU_DATA, UVMF_INVLPG);
    scr[0][0] = MARK0;
    test_baseptr_hostile();
    test_unpin_live_base();
    test_hostile_maps();
    test_pin_hostile();
    test_batch_args();
    mmu_env_check_no_leaks();
    return test_summary();
}
