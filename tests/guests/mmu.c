/* SPDX-License-Identifier: BSD-2-Clause */
/* PV test kernel: mmu_update, mmuext_op, update_va_mapping and vm_assist
 * doing what they should (mmu_hostile.c has the attacks). Error codes are
 * Xen 4.17's; every check also passes on Xen (xen-oracle.sh). */
#include "mmu_env.h"

static unsigned long vmask = 1; /* vCPU 0 */
static struct mmu_update reqs[512];

static void test_update_va_mapping(void)
{
    CHECK_EQ("uvm: map a spare frame writable",
             uvm(scr[0], spare[0] << 12 | MMUU_DATA, UVMF_INVLPG), 0);
    scr[0][0] = MARK0;
    scr[0][511] = ~MARK0;
    CHECK_EQ("uvm: write and read back", scr[0][511], ~MARK0);
    CHECK_EQ("uvm: the L1 entry names the frame",
             mmuu_entry((unsigned long)scr[0], 1) & MMUU_MFN_MASK,
             spare[0] << 12);
    CHECK_EQ("uvm: the same frame read-only elsewhere",
             uvm(scr[1], spare[0] << 12 | MMUU_RO, UVMF_INVLPG), 0);
    CHECK_EQ("uvm: both views agree", scr[1][0], MARK0);
}

static void test_mmu_update(void)
{
    unsigned long pte = maddr(scr[1]), pfn = MMUU_M2P[spare[1]];
    struct mmu_update r = {pte | MMU_NORMAL_PT_UPDATE,
                           spare[1] << 12 | MMUU_DATA};
    unsigned int done = 99;

    CHECK_EQ("mmu_update: one PTE",
             HYPERVISOR_mmu_update(&r, 1, &done, DOMID_SELF), 0);
    CHECK_EQ("mmu_update: pdone", done, 1);
    CHECK_EQ("mmuext: INVLPG_LOCAL",
             ext1(MMUEXT_INVLPG_LOCAL, (unsigned long)scr[1], 0), 0);
    scr[1][0] = MARK1;
    CHECK_EQ("mmu_update: the new frame is mapped",
             mmuu_entry((unsigned long)scr[1], 1) & MMUU_MFN_MASK,
             spare[1] << 12);
    CHECK_EQ("mmu_update: the old frame untouched", scr[0][0], MARK0);
    CHECK_EQ("mmu_update: PRESERVE_AD",
             mmu1(pte | MMU_PT_UPDATE_PRESERVE_AD,
                  spare[1] << 12 | MMUU_P | MMUU_RW | MMUU_USER),
             0);
    CHECK_EQ("mmu_update: PRESERVE_AD kept A and D",
             mmuu_entry((unsigned long)scr[1], 1) & 0x60, 0x60);
    CHECK_EQ("mmu_update: MACHPHYS_UPDATE",
             mmu1(spare[1] << 12 | MMU_MACHPHYS_UPDATE, 0x12345), 0);
    CHECK_EQ("mmu_update: the M2P entry changed", MMUU_M2P[spare[1]], 0x12345);
    CHECK_EQ("mmu_update: MACHPHYS_UPDATE back",
             mmu1(spare[1] << 12 | MMU_MACHPHYS_UPDATE, pfn), 0);
    CHECK_EQ("mmu_update: M2P restored", MMUU_M2P[spare[1]], pfn);
    CHECK_EQ("mmu_update: MACHPHYS_UPDATE of a frame not ours",
             mmu1(hv_mfn << 12 | MMU_MACHPHYS_UPDATE, 1), -EINVAL);
    CHECK_EQ("mmu_update: a plain page of ours is written as data",
             mmu1((spare[0] << 12) + 8, 0x4242), 0);
    CHECK_EQ("mmu_update: ... and holds the value", scr[0][1], 0x4242);
}

static const char *const flush_names[] = {
    "TLB_FLUSH_LOCAL",    "INVLPG_LOCAL",    "TLB_FLUSH_MULTI",  "INVLPG_MULTI",
    "TLB_FLUSH_ALL",      "INVLPG_ALL",      "UVMF_TLB_FLUSH",   "UVMF_INVLPG",
    "UVMF_TLB_FLUSH|ALL", "UVMF_INVLPG|ALL", "UVMF_INVLPG|MULTI"};
static const unsigned int flush_cmds[6] = {
    MMUEXT_TLB_FLUSH_LOCAL, MMUEXT_INVLPG_LOCAL,  MMUEXT_TLB_FLUSH_MULTI,
    MMUEXT_INVLPG_MULTI,    MMUEXT_TLB_FLUSH_ALL, MMUEXT_INVLPG_ALL};

/* Retarget scr[1] to mfn and flush one way: 0-5 mmu_update then mmuext,
 * 6-10 update_va_mapping with a flush flag. */
static long retarget(unsigned int k, unsigned long mfn, int *stale,
                     unsigned long old_mark)
{
    unsigned long va = (unsigned long)scr[1], val = mfn << 12 | MMUU_DATA;
    unsigned long uvmf[5] = {UVMF_TLB_FLUSH, UVMF_INVLPG,
                             UVMF_TLB_FLUSH | UVMF_ALL, UVMF_INVLPG | UVMF_ALL,
                             UVMF_INVLPG | (unsigned long)&vmask};
    struct mmuext_op op = {.cmd = k < 6 ? flush_cmds[k] : 0};
    long rc;

    if (k >= 6)
        return uvm(scr[1], val, uvmf[k - 6]);
    if ((rc = mmu1(maddr(scr[1]), val)))
        return rc;
    *stale += *(volatile unsigned long *)scr[1] == old_mark;
    op.arg1.linear_addr = va;
    op.arg2.vcpumask.p = &vmask;
    return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

static void test_flushes(void)
{
    int stale = 0;
    char name[64];

    for (unsigned int k = 0; k < 11; k++) {
        unsigned long mfn = k % 2 ? spare[1] : spare[0];
        unsigned long mark = k % 2 ? MARK1 : MARK0;

        (void)*(volatile unsigned long *)scr[1]; /* into the TLB */
        snprintf(name, sizeof(name), "flush %s", flush_names[k]);
        CHECK_EQ(name, retarget(k, mfn, &stale, k % 2 ? MARK0 : MARK1), 0);
        snprintf(name, sizeof(name), "flush %s: new frame seen",
                 flush_names[k]);
        CHECK_EQ(name, *(volatile unsigned long *)scr[1], mark);
    }
    printf("info: stale translations seen before a flush: %d of 6\n", stale);
}

static void test_pin_and_batch(void)
{
    unsigned long l1 = spare[2], l2e = mmuu_entry_maddr(BATCH_VA, 2);
    const struct start_info *si = guest_start_info;
    unsigned long pages[4] = {0, 0, 0, 511}; /* image, start_info, L4, ... */
    unsigned int done = 0, same = 0;

    pages[1] = ((unsigned long)si - (unsigned long)_image_start) >> 12;
    pages[2] = (si->pt_base - (unsigned long)_image_start) >> 12;
    frame_fill(l1, NULL, 0, 0);
    CHECK_EQ("pin L1 of a fresh frame", ext1(MMUEXT_PIN_L1_TABLE, l1, 0), 0);
    CHECK_EQ("pin it again", ext1(MMUEXT_PIN_L1_TABLE, l1, 0), -EINVAL);
    CHECK("L2 slot for the batch is free", l2e && mmuu_entry(BATCH_VA, 2) == 0);
    CHECK_EQ("mmu_update: hook the L1 into the L2",
             mmu1(l2e, l1 << 12 | MMUU_TABLE), 0);
    for (unsigned int i = 0; i < 512; i++)
        reqs[i] = (struct mmu_update){(l1 << 12) + i * 8,
                                      mmuu_mfn(i) << 12 | MMUU_RO};
    CHECK_EQ("mmu_update: 512-entry batch",
             HYPERVISOR_mmu_update(reqs, 512, &done, DOMID_SELF), 0);
    CHECK_EQ("mmu_update: 512-entry batch pdone", done, 512);
    for (unsigned int i = 0; i < 4; i++)
        same +=
            !memcmp((void *)(BATCH_VA + pages[i] * GUEST_PAGE_SIZE),
                    _image_start + pages[i] * GUEST_PAGE_SIZE, GUEST_PAGE_SIZE);
    CHECK_EQ("batch: the new mappings show the right frames", same, 4);
    for (unsigned int i = 0; i < 512; i++)
        reqs[i].val = 0;
    CHECK_EQ("mmu_update: unmap all 512",
             HYPERVISOR_mmu_update(reqs, 512, &done, DOMID_SELF), 0);
    CHECK_EQ("unpin while an L2 still uses it", ext1(MMUEXT_UNPIN_TABLE, l1, 0),
             0);
    CHECK_EQ("an L1 in use cannot be mapped writable",
             uvm(scr[2], l1 << 12 | MMUU_DATA, UVMF_INVLPG), -EBUSY);
    CHECK_EQ("mmu_update: unhook the L1", mmu1(l2e, 0), 0);
    ext1(MMUEXT_TLB_FLUSH_LOCAL, 0, 0);
    CHECK_EQ("the old L1 is a plain page again",
             uvm(scr[2], l1 << 12 | MMUU_DATA, UVMF_INVLPG), 0);
    restore(2);
    CHECK_EQ("unpin twice", ext1(MMUEXT_UNPIN_TABLE, l1, 0), -EINVAL);
}

static void test_baseptr(void)
{
    unsigned long copy = spare[3];
    const void *l4 = (const void *)guest_start_info->pt_base;

    frame_fill(copy, l4, 0, 0);
    CHECK_EQ("NEW_BASEPTR to a copy of the L4",
             ext1(MMUEXT_NEW_BASEPTR, copy, 0), 0);
    CHECK_EQ("running on the copy", scr[0][0], MARK0);
    CHECK_EQ("the live L4 cannot be mapped writable",
             uvm(scr[3], copy << 12 | MMUU_DATA, UVMF_INVLPG), -EBUSY);
    CHECK_EQ("NEW_BASEPTR back", ext1(MMUEXT_NEW_BASEPTR, l4_mfn, 0), 0);
    CHECK_EQ("the old base is a plain page again",
             uvm(scr[3], copy << 12 | MMUU_DATA, UVMF_INVLPG), 0);
    restore(3);
    CHECK_EQ("NEW_USER_BASEPTR", ext1(MMUEXT_NEW_USER_BASEPTR, copy, 0), 0);
    CHECK_EQ("the user L4 cannot be mapped writable",
             uvm(scr[3], copy << 12 | MMUU_DATA, UVMF_INVLPG), -EBUSY);
    CHECK_EQ("NEW_USER_BASEPTR 0 clears it",
             ext1(MMUEXT_NEW_USER_BASEPTR, 0, 0), 0);
    CHECK_EQ("the old user base is a plain page again",
             uvm(scr[3], copy << 12 | MMUU_DATA, UVMF_INVLPG), 0);
    restore(3);
}

static void test_mmuext_misc(void)
{
    struct mmuext_op op = {.cmd = MMUEXT_TLB_FLUSH_MULTI};

    CHECK_EQ("mmuext: command 14", ext1(14, 0, 0), -ENOSYS);
    CHECK_EQ("mmuext: command 21", ext1(21, 0, 0), -ENOSYS);
    CHECK_EQ("mmuext: command ~0", ext1(~0U, 0, 0), -ENOSYS);
    CHECK_EQ("mmuext: MARK_SUPER", ext1(MMUEXT_MARK_SUPER, spare[0], 0),
             -EOPNOTSUPP);
    CHECK_EQ("mmuext: FLUSH_CACHE", ext1(MMUEXT_FLUSH_CACHE, 0, 0), 0);
    CHECK_EQ("mmuext: FLUSH_CACHE_GLOBAL",
             ext1(MMUEXT_FLUSH_CACHE_GLOBAL, 0, 0), 0);
    CHECK_EQ("mmuext: INVLPG_LOCAL non-canonical",
             ext1(MMUEXT_INVLPG_LOCAL, 0x0000900000000000UL, 0), 0);
    op.arg2.vcpumask.p = (void *)8;
    CHECK_EQ("mmuext: TLB_FLUSH_MULTI bad mask",
             HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF), -EINVAL);
    CHECK_EQ("mmuext: SET_LDT misaligned", ext1(MMUEXT_SET_LDT, 0x1001, 1),
             -EINVAL);
    CHECK_EQ("mmuext: SET_LDT too many",
             ext1(MMUEXT_SET_LDT, (unsigned long)scr[5], 8193), -EINVAL);
    CHECK_EQ("mmuext: SET_LDT in the hypervisor",
             ext1(MMUEXT_SET_LDT, 0xffff830000000000UL, 1), -EINVAL);
    CHECK_EQ("mmuext: SET_LDT", ext1(MMUEXT_SET_LDT, (unsigned long)scr[5], 16),
             0);
    CHECK_EQ("mmuext: SET_LDT none", ext1(MMUEXT_SET_LDT, 0x1001, 0), 0);
    CHECK_EQ("mmuext: CLEAR_PAGE", ext1(MMUEXT_CLEAR_PAGE, spare[0], 0), 0);
    CHECK_EQ("mmuext: CLEAR_PAGE cleared it", scr[0][0] | scr[0][511], 0);
    CHECK_EQ("mmuext: COPY_PAGE", ext1(MMUEXT_COPY_PAGE, spare[0], spare[1]),
             0);
    CHECK_EQ("mmuext: COPY_PAGE copied it", scr[0][0], MARK1);
    scr[0][0] = MARK0;
    CHECK_EQ("mmuext: CLEAR_PAGE of our L4", ext1(MMUEXT_CLEAR_PAGE, l4_mfn, 0),
             -EINVAL);
    CHECK_EQ("mmuext: CLEAR_PAGE not ours", ext1(MMUEXT_CLEAR_PAGE, hv_mfn, 0),
             -EINVAL);
    CHECK_EQ("mmuext: COPY_PAGE onto our L4",
             ext1(MMUEXT_COPY_PAGE, l4_mfn, spare[1]), -EINVAL);
    CHECK_EQ("mmuext: COPY_PAGE from a frame not ours",
             ext1(MMUEXT_COPY_PAGE, spare[0], hv_mfn), -EINVAL);
    CHECK_EQ("uvm: bad vcpu mask pointer after the update",
             uvm(scr[4], spare[4] << 12 | MMUU_RO, UVMF_INVLPG | 0x1000),
             -EFAULT);
    CHECK_EQ("uvm: ... the update was made",
             mmuu_entry((unsigned long)scr[4], 1) & MMUU_MFN_MASK,
             spare[4] << 12);
    restore(4);
}

static void test_vm_assist_other(void)
{
    static const unsigned int ok[] = {0, 1, 2, 3, 4, 5, 32};
    int good = 0;

    for (unsigned int i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
        good += !HYPERVISOR_vm_assist(VMASST_CMD_enable, ok[i]) &&
                !HYPERVISOR_vm_assist(VMASST_CMD_disable, ok[i]);
    CHECK_EQ("vm_assist: Xen's seven 64-bit PV types", good, 7);
    CHECK_EQ("vm_assist: type 6", HYPERVISOR_vm_assist(0, 6), -EINVAL);
    CHECK_EQ("vm_assist: type 31", HYPERVISOR_vm_assist(0, 31), -EINVAL);
    CHECK_EQ("vm_assist: type 64", HYPERVISOR_vm_assist(0, 64), -EINVAL);
    CHECK_EQ("vm_assist: type 2^32", HYPERVISOR_vm_assist(1, 1UL << 32), 0);
    CHECK_EQ("vm_assist: command 2", HYPERVISOR_vm_assist(2, 2), -ENOSYS);
    CHECK_EQ("vm_assist: command 2, bad type", HYPERVISOR_vm_assist(2, 6),
             -EINVAL);
    printf("info: vm_assist type 33 (mode_switch_no_ibpb): %ld\n",
           HYPERVISOR_vm_assist(1, 33));
    CHECK_EQ("uvm_otherdomain: DOMID_SELF",
             hypercall5(__HYPERVISOR_update_va_mapping_otherdomain,
                        (unsigned long)scr[4], scr_pte[4], UVMF_INVLPG,
                        DOMID_SELF, 0),
             0);
    CHECK_EQ("uvm_otherdomain: own id",
             hypercall5(__HYPERVISOR_update_va_mapping_otherdomain,
                        (unsigned long)scr[4], scr_pte[4], 0, 0, 0),
             -ESRCH);
    CHECK_EQ("uvm_otherdomain: no such domain",
             hypercall5(__HYPERVISOR_update_va_mapping_otherdomain,
                        (unsigned long)scr[4], scr_pte[4], 0, 0x10, 0),
             -ESRCH);
}

int guest_main(struct start_info *si)
{
    mmu_env_setup(si);
    test_update_va_mapping();
    test_mmu_update();
    test_flushes();
    test_pin_and_batch();
    test_baseptr();
    test_mmuext_misc();
    test_vm_assist_other();
    mmu_env_check_no_leaks();
    return test_summary();
}
