/* SPDX-License-Identifier: BSD-2-Clause */
/* PV test kernel: giving frames back and taking new ones (decrease,
 * increase, populate), with the accounting, the M2P and still-mapped
 * frames checked. */
#include <public/memory.h>
#include "memory_util.h"
#include "test.h"

#define ENOSYS 38

static unsigned long nr0, max_ram_page;
static long max_pages;
static xen_pfn_t list[8];

static long reserve(unsigned long cmd, xen_pfn_t *extents, unsigned long nr,
                    unsigned int order)
{
    struct xen_memory_reservation r = {
        .nr_extents = nr, .extent_order = order, .domid = DOMID_SELF};

    set_xen_guest_handle(r.extent_start, extents);
    return HYPERVISOR_memory_op(cmd, &r);
}

static long one(unsigned long cmd, xen_pfn_t frame)
{
    list[0] = frame;
    return reserve(cmd, list, 1, 0);
}

static long cur_pages(void)
{
    domid_t self = DOMID_SELF;

    return HYPERVISOR_memory_op(XENMEM_current_reservation, &self);
}

static unsigned long m2p(unsigned long mfn)
{
    return mfn < max_ram_page ? MEMU_M2P[mfn] : 0xdeadUL;
}

/* Give back the last frame (never mapped: past the bootstrap region) and
 * take a new one for its pfn. */
static void check_decrease_populate(unsigned long pfn)
{
    unsigned long *p2m = memu_p2m(), old = p2m[pfn];

    CHECK_EQ("decrease an unmapped frame",
             one(XENMEM_decrease_reservation, old), 1);
    CHECK_EQ("decrease: one frame less", cur_pages(), nr0 - 1);
    CHECK_EQ("decrease: M2P entry invalid", m2p(old), MEMU_M2P_INVALID);
    CHECK_EQ("decrease it again: not ours",
             one(XENMEM_decrease_reservation, old), 0);
    CHECK_EQ("populate_physmap its pfn", one(XENMEM_populate_physmap, pfn), 1);
    printf("info: pfn %#lx: mfn %#lx -> %#lx\n", pfn, old, list[0]);
    CHECK("populate: a frame number back",
          list[0] != pfn && list[0] < max_ram_page);
    CHECK_EQ("populate: M2P says pfn", m2p(list[0]), pfn);
    CHECK_EQ("populate: frame counted", cur_pages(), nr0);
    p2m[pfn] = list[0];
}

/* With one frame of headroom: increase, and the continuation encoding
 * (the start extent in cmd's high bits). */
static void check_increase(unsigned long pfn)
{
    unsigned long *p2m = memu_p2m();

    CHECK_EQ("make headroom", one(XENMEM_decrease_reservation, p2m[pfn]), 1);
    list[0] = list[1] = list[2] = 0x5a5a;
    CHECK_EQ("increase from start extent 2",
             reserve(XENMEM_increase_reservation | (2 << 6), list, 3, 0), 3);
    CHECK("increase: extents before the start untouched",
          list[0] == 0x5a5a && list[1] == 0x5a5a);
    CHECK("increase: a frame number", list[2] && list[2] < max_ram_page);
    printf("info: increase gave %#lx, M2P %#lx\n", list[2], m2p(list[2]));
    CHECK_EQ("increase: frame counted", cur_pages(), nr0);
    CHECK_EQ("give it back", one(XENMEM_decrease_reservation, list[2]), 1);
    CHECK_EQ("populate it back", one(XENMEM_populate_physmap, pfn), 1);
    p2m[pfn] = list[0];
    CHECK_EQ("increase: back to the start", cur_pages(), nr0);
}

/* mem_flags address bits: 12 leaves no frame; 31 is below 2 GiB. */
static void check_address_bits(unsigned long pfn)
{
    unsigned long *p2m = memu_p2m();
    struct xen_memory_reservation r = {
        .nr_extents = 1, .domid = DOMID_SELF, .mem_flags = 12};

    set_xen_guest_handle(r.extent_start, list);
    CHECK_EQ("make headroom", one(XENMEM_decrease_reservation, p2m[pfn]), 1);
    CHECK_EQ("increase with 12 address bits",
             HYPERVISOR_memory_op(XENMEM_increase_reservation, &r), 0);
    r.mem_flags = 31;
    CHECK_EQ("increase with 31 address bits",
             HYPERVISOR_memory_op(XENMEM_increase_reservation, &r), 1);
    CHECK("31 address bits: below 2 GiB", list[0] < (1UL << 19));
    CHECK_EQ("give it back", one(XENMEM_decrease_reservation, list[0]), 1);
    CHECK_EQ("populate it back", one(XENMEM_populate_physmap, pfn), 1);
    p2m[pfn] = list[0];
}

/* Order-1 extents: two frames of headroom first. */
static void check_order1(unsigned long pfn)
{
    unsigned long *p2m = memu_p2m();

    CHECK_EQ("make headroom for order 1",
             reserve(XENMEM_decrease_reservation, &p2m[pfn - 1], 2, 0), 2);
    CHECK_EQ("increase order 1",
             reserve(XENMEM_increase_reservation, list, 1, 1), 1);
    CHECK("order 1: aligned pair", list[0] && (list[0] & 1) == 0);
    CHECK_EQ("order 1: two frames counted", cur_pages(), nr0);
    CHECK_EQ("decrease order 1",
             reserve(XENMEM_decrease_reservation, list, 1, 1), 1);
    list[0] = pfn - 1;
    CHECK_EQ("populate order 1", reserve(XENMEM_populate_physmap, list, 1, 1),
             1);
    CHECK("populate order 1: aligned", (list[0] & 1) == 0);
    CHECK_EQ("populate order 1: M2P",
             m2p(list[0]) == pfn - 1 && m2p(list[0] + 1) == pfn, 1);
    p2m[pfn - 1] = list[0];
    p2m[pfn] = list[0] + 1;
    CHECK_EQ("order 1: back to the start", cur_pages(), nr0);
}

/* A pfn far past our memory: fine for PV (M2P only), then given back. */
static void check_far_pfn(unsigned long pfn)
{
    unsigned long *p2m = memu_p2m();
    unsigned long far = 1UL << 40;

    CHECK_EQ("make headroom", one(XENMEM_decrease_reservation, p2m[pfn]), 1);
    CHECK_EQ("populate pfn 2^40", one(XENMEM_populate_physmap, far), 1);
    CHECK_EQ("populate pfn 2^40: M2P", m2p(list[0]), far);
    CHECK_EQ("give it back", one(XENMEM_decrease_reservation, list[0]), 1);
    CHECK_EQ("populate it back", one(XENMEM_populate_physmap, pfn), 1);
    p2m[pfn] = list[0];
    CHECK_EQ("far pfn: back to the start", cur_pages(), nr0);
}

/* The limit: at most max_pages; the count done so far comes back. */
static void check_limit(void)
{
    long room = max_pages - cur_pages();
    xen_pfn_t got[8];

    printf("info: room below maximum_reservation: %ld\n", room);
    if (room < 0 || room > 4) {
        printf("info: limit not reachable in this test (room %ld)\n", room);
        return;
    }
    CHECK_EQ("increase past max_pages: partial",
             reserve(XENMEM_increase_reservation, got, room + 2, 0), room);
    CHECK_EQ("at max_pages", cur_pages(), max_pages);
    CHECK_EQ("give the extra back",
             reserve(XENMEM_decrease_reservation, got, room, 0), room);
}

/* Frames still mapped stay alive and counted until the mapping goes. */
static void check_mapped(unsigned long last)
{
    unsigned long *p2m = memu_p2m();
    volatile unsigned long *page = memu_scratch_page(0);
    unsigned long pfn = memu_va_pfn((void *)page), old = p2m[pfn], fresh;
    long rc;

    CHECK_EQ("make headroom", one(XENMEM_decrease_reservation, p2m[last]), 1);
    page[0] = 0x1234567890abcdefUL;
    CHECK_EQ("decrease a mapped frame", one(XENMEM_decrease_reservation, old),
             1);
    CHECK_EQ("mapped frame: still counted", cur_pages(), nr0 - 1);
    CHECK_EQ("mapped frame: contents intact", page[0], 0x1234567890abcdefUL);
    CHECK_EQ("mapped frame: M2P kept", m2p(old), pfn);
    /* Still ours (owned, referenced) without an allocation: Xen answers
     * a second decrease with success and nothing to do. */
    CHECK_EQ("mapped frame: decrease again is a no-op",
             one(XENMEM_decrease_reservation, old), 1);
    CHECK_EQ("mapped frame: counted once", cur_pages(), nr0 - 1);
    CHECK_EQ("populate a replacement", one(XENMEM_populate_physmap, pfn), 1);
    fresh = list[0];
    rc = memu_update_va_mapping((void *)page, memu_rw_pte(fresh), UVMF_INVLPG);
    printf("info: update_va_mapping -> %ld\n", rc);
    if (rc == -ENOSYS) {
        printf("info: update_va_mapping missing: unmap checks skipped\n");
        return;
    }
    CHECK_EQ("remap onto the replacement", rc, 0);
    p2m[pfn] = fresh;
    CHECK_EQ("unmapped: old frame freed", cur_pages(), nr0 - 1);
    CHECK_EQ("unmapped: old M2P entry invalid", m2p(old), MEMU_M2P_INVALID);
    /* Basalt zeroes every new frame; Xen does not scrub frames a live
     * domain gave back, so there the old contents may show. */
    if (memu_on_basalt())
        CHECK_EQ("replacement is zeroed", page[0], 0);
    CHECK_EQ("populate the headroom back", one(XENMEM_populate_physmap, last),
             1);
    p2m[last] = list[0];
    CHECK_EQ("mapped: back to the start", cur_pages(), nr0);
}

/* A frame Xen could not report stays the domain's (nobody knows its
 * number); Basalt gives it back to the free pool. Near the end: on Xen
 * the count is off by the leaked frames afterwards. */
static void check_unreported(unsigned long last, const struct start_info *si)
{
    long before = cur_pages(), leak = memu_on_basalt() ? 0 : 1;

    CHECK_EQ("make headroom",
             one(XENMEM_decrease_reservation, memu_p2m()[last - 1]), 1);
    CHECK_EQ("increase into an unmapped list",
             reserve(XENMEM_increase_reservation, (xen_pfn_t *)0x1000, 1, 0),
             0);
    CHECK_EQ("increase: unreported frame", cur_pages(), before - 1 + leak);
    /* The page tables are mapped read-only: the reply cannot be written. */
    CHECK_EQ("populate into a read-only list",
             reserve(XENMEM_populate_physmap, (xen_pfn_t *)si->pt_base, 1, 0),
             0);
    CHECK_EQ("populate: unreported frame", cur_pages(), before - 1 + 2 * leak);
}

/* Last, as the frames really go. shared_info is a hypervisor page:
 * Basalt refuses it where Xen drops its allocation reference. The running
 * L4 loses its pin and allocation but lives on while CR3 holds it. */
static void check_special_frames(const struct start_info *si)
{
    unsigned long l4 = memu_p2m()[memu_va_pfn((void *)si->pt_base)];
    long before = cur_pages();

    CHECK_EQ("decrease shared_info",
             one(XENMEM_decrease_reservation, si->shared_info >> 12),
             memu_on_basalt() ? 0 : 1);
    CHECK_EQ("decrease the running L4", one(XENMEM_decrease_reservation, l4),
             1);
    CHECK_EQ("running L4: still counted", cur_pages(), before);
    CHECK_EQ("running L4: again, nothing to do",
             one(XENMEM_decrease_reservation, l4), 1);
}

int guest_main(struct start_info *si)
{
    domid_t self = DOMID_SELF;
    unsigned long last = si->nr_pages - 1;

    nr0 = si->nr_pages;
    max_ram_page = HYPERVISOR_memory_op(XENMEM_maximum_ram_page, NULL);
    max_pages = HYPERVISOR_memory_op(XENMEM_maximum_reservation, &self);
    printf("info: balloon test on %s: nr_pages %lu max %ld\n",
           memu_on_basalt() ? "Basalt" : "Xen", nr0, max_pages);
    if (last < memu_bootstrap_pfns() + 4) {
        CHECK("frames past the bootstrap region", 0);
        return test_summary();
    }
    check_decrease_populate(last);
    check_increase(last);
    check_address_bits(last);
    check_order1(last);
    check_far_pfn(last);
    check_limit();
    check_mapped(last);
    check_unreported(last, si);
    check_special_frames(si);
    return test_summary();
}
