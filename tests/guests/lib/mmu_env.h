/* SPDX-License-Identifier: BSD-2-Clause */
/* Shared state of the MMU test kernels (mmu.c, mmu_hostile.c): spare
 * frames, scratch pages and one-call wrappers. One kernel per include. */
#ifndef GUEST_MMU_ENV_H
#define GUEST_MMU_ENV_H

#include "mmu_util.h"
#include "test.h"

#define EPERM      1
#define ESRCH      3
#define EFAULT     14
#define EBUSY      16
#define EINVAL     22
#define ENOSYS     38
#define EOPNOTSUPP 95

#define MARK0    0x6d6d7530aa55aa55UL
#define MARK1    0x6d6d7531aa55aa55UL
#define BIG_MFN  (1UL << 31)          /* 8 TiB: beyond any RAM */
#define BATCH_VA 0xffffffffa0000000UL /* L2 slot 256 of the kernel's L2 */
#define NSCR     8
#define NSPARE   8

static unsigned long l4_mfn, hv_mfn;
static unsigned long spare[NSPARE], *scr[NSCR], scr_pte[NSCR];

static inline long uvm(const void *va, unsigned long val, unsigned long flags)
{
    return HYPERVISOR_update_va_mapping((unsigned long)va, val, flags);
}

static inline long mmu1(unsigned long ptr, unsigned long val)
{
    struct mmu_update r = {ptr, val};

    return HYPERVISOR_mmu_update(&r, 1, NULL, DOMID_SELF);
}

static inline long ext1(unsigned int cmd, unsigned long arg1,
                        unsigned long arg2)
{
    struct mmuext_op op = {.cmd = cmd};

    op.arg1.mfn = arg1;
    op.arg2.src_mfn = arg2;
    return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

static inline void restore(unsigned int n)
{
    uvm(scr[n], scr_pte[n], UVMF_INVLPG);
}

static inline unsigned long maddr(const void *va)
{
    return mmuu_entry_maddr((unsigned long)va, 1);
}

/* Write a frame through scratch page 7: a copy of src (zeroes if NULL),
 * then entry idx set to val if val. Unmapped again afterwards, so the
 * frame holds no writable reference. */
static inline void frame_fill(unsigned long mfn, const void *src,
                              unsigned int idx, unsigned long val)
{
    uvm(scr[7], mfn << 12 | MMUU_DATA, UVMF_INVLPG);
    if (src)
        memcpy(scr[7], src, GUEST_PAGE_SIZE);
    else
        memset(scr[7], 0, GUEST_PAGE_SIZE);
    if (val)
        scr[7][idx] = val;
    restore(7);
}

static inline void mmu_env_setup(const struct start_info *si)
{
    const unsigned long *l4 = (const unsigned long *)si->pt_base;

    l4_mfn = mmuu_mfn((si->pt_base - (unsigned long)_image_start) >> 12);
    /* The hypervisor's own L3 for its image (slot 261 on Xen and Basalt). */
    hv_mfn = (l4[261] & MMUU_MFN_MASK) >> 12;
    for (unsigned int n = 0; n < NSPARE; n++)
        spare[n] = mmuu_spare_mfn(n);
    for (unsigned int n = 0; n < NSCR; n++) {
        scr[n] = mmuu_scratch(n);
        scr_pte[n] = mmuu_entry((unsigned long)scr[n], 1);
    }
    printf("info: l4 mfn %#lx hv mfn %#lx spare %#lx..%#lx region %lu pfns\n",
           l4_mfn, hv_mfn, spare[NSPARE - 1], spare[0], mmuu_region_pfns());
    CHECK("spare frames beyond the bootstrap region",
          si->nr_pages - NSPARE > mmuu_region_pfns());
    CHECK("hypervisor slot 261 present", (l4[261] & MMUU_P) && hv_mfn);
    CHECK("scratch pages mapped", (scr_pte[0] & MMUU_P) && (scr_pte[7] & 1));
}

/* Nothing leaked: every spare frame can be mapped writable again, and the
 * scratch pages are back on their own frames. */
static inline void mmu_env_check_no_leaks(void)
{
    int ok = 0;

    for (unsigned int n = 0; n < NSCR; n++)
        restore(n);
    for (unsigned int n = 0; n < NSPARE; n++) {
        ok += !uvm(scr[6], spare[n] << 12 | MMUU_DATA, UVMF_INVLPG);
        restore(6);
    }
    CHECK_EQ("every spare frame is a plain page again", ok, NSPARE);
    CHECK_EQ("scratch mapping restored", mmuu_entry((unsigned long)scr[0], 1),
             scr_pte[0]);
}

#endif
