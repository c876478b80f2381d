/* SPDX-License-Identifier: BSD-2-Clause */
/* PV test kernel: grant_table_op setup_table, query_size, get/set_version,
 * and the table's frames mapped by the guest. */
#include <public/grant_table.h>
#include <public/memory.h>
#include "memory_util.h"
#include "test.h"

#define ESRCH  3
#define EFAULT 14
#define EINVAL 22
#define ENOSYS 38

#define BAD_LOW        ((void *)0x1000UL)
#define BAD_HYPERVISOR ((void *)0xffff830000000000UL)

static xen_pfn_t frames[128];
static unsigned int max_frames;
static unsigned long max_ram_page;

static long setup(domid_t dom, unsigned int nr, xen_pfn_t *list,
                  int16_t *status)
{
    struct gnttab_setup_table op = {
        .dom = dom, .nr_frames = nr, .status = 0x77};
    long rc;

    set_xen_guest_handle(op.frame_list, list);
    rc = HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &op, 1);
    *status = op.status;
    return rc;
}

static long query(domid_t dom, struct gnttab_query_size *q, unsigned long n)
{
    memset(q, 0x77, sizeof(*q));
    q->dom = dom;
    return HYPERVISOR_grant_table_op(GNTTABOP_query_size, q, n);
}

static void check_query(void)
{
    struct gnttab_query_size q;
    struct gnttab_get_version v = {.dom = DOMID_SELF, .version = 77};

    CHECK_EQ("get_version",
             HYPERVISOR_grant_table_op(GNTTABOP_get_version, &v, 1), 0);
    CHECK_EQ("get_version: 1", v.version, 1);
    CHECK_EQ("query_size", query(DOMID_SELF, &q, 1), 0);
    printf("info: grant frames %u of max %u\n", q.nr_frames, q.max_nr_frames);
    CHECK_EQ("query_size status", q.status, GNTST_okay);
    CHECK_EQ("query_size: one frame to start", q.nr_frames, 1);
    CHECK_EQ("query_size: max 64 frames", q.max_nr_frames, 64);
    max_frames = q.max_nr_frames < 128 ? q.max_nr_frames : 128;
    CHECK_EQ("query_size count 2", query(DOMID_SELF, &q, 2), -EINVAL);
    CHECK_EQ("query_size count 0", query(DOMID_SELF, &q, 0), -EINVAL);
    CHECK_EQ("query_size domain 55", query(55, &q, 1), 0);
    CHECK_EQ("query_size domain 55 status", q.status, GNTST_bad_domain);
    CHECK_EQ("query_size bad pointer",
             HYPERVISOR_grant_table_op(GNTTABOP_query_size, BAD_LOW, 1),
             -EFAULT);
    v.dom = 55;
    CHECK_EQ("get_version domain 55",
             HYPERVISOR_grant_table_op(GNTTABOP_get_version, &v, 1), -ESRCH);
    CHECK_EQ("get_version bad pointer",
             HYPERVISOR_grant_table_op(GNTTABOP_get_version, BAD_LOW, 1),
             -EFAULT);
}

static void check_setup(void)
{
    struct gnttab_query_size q;
    xen_pfn_t first;
    int16_t st;

    CHECK_EQ("setup_table 1", setup(DOMID_SELF, 1, frames, &st), 0);
    CHECK_EQ("setup_table 1 status", st, GNTST_okay);
    first = frames[0];
    printf("info: grant frame 0 is mfn %#lx, M2P %#lx\n", first,
           first < max_ram_page ? MEMU_M2P[first] : 0);
    CHECK("setup_table 1: a frame", first && first < max_ram_page);
    CHECK_EQ("grant frame: M2P invalid", MEMU_M2P[first], MEMU_M2P_INVALID);
    CHECK_EQ("setup_table 4", setup(DOMID_SELF, 4, frames, &st), 0);
    CHECK_EQ("setup_table 4 status", st, GNTST_okay);
    CHECK_EQ("setup_table 4: frame 0 kept", frames[0], first);
    CHECK("setup_table 4: distinct frames",
          frames[1] != frames[0] && frames[2] != frames[1] &&
              frames[3] != frames[2] && frames[3] != frames[0]);
    query(DOMID_SELF, &q, 1);
    CHECK_EQ("query_size after 4", q.nr_frames, 4);
    frames[1] = 0;
    CHECK_EQ("setup_table 2 (shrink asks nothing)",
             setup(0, 2, frames, &st) == 0 && st == GNTST_okay, 1);
    CHECK_EQ("setup_table 2: same frames", frames[0] == first && frames[1], 1);
    query(DOMID_SELF, &q, 1);
    CHECK_EQ("query_size still 4", q.nr_frames, 4);
    CHECK_EQ("setup_table 0", setup(DOMID_SELF, 0, frames, &st), 0);
    CHECK_EQ("setup_table 0 status", st, GNTST_okay);
    CHECK_EQ("setup_table max", setup(DOMID_SELF, max_frames, frames, &st), 0);
    CHECK_EQ("setup_table max status", st, GNTST_okay);
    query(DOMID_SELF, &q, 1);
    CHECK_EQ("query_size at max", q.nr_frames, max_frames);
}

static void check_setup_hostile(void)
{
    struct gnttab_setup_table op = {.dom = DOMID_SELF, .nr_frames = 1};
    int16_t st;

    CHECK_EQ("setup_table max + 1",
             setup(DOMID_SELF, max_frames + 1, frames, &st), 0);
    CHECK_EQ("setup_table max + 1 status", st, GNTST_general_error);
    /* As Xen: only the list's start address is checked up front. */
    CHECK_EQ("setup_table ~0 frames", setup(DOMID_SELF, ~0u, frames, &st), 0);
    CHECK_EQ("setup_table ~0 frames status", st, GNTST_general_error);
    CHECK_EQ("setup_table unmapped list", setup(DOMID_SELF, 1, BAD_LOW, &st),
             0);
    CHECK_EQ("setup_table unmapped list status", st, GNTST_bad_virt_addr);
    CHECK_EQ("setup_table hypervisor list",
             setup(DOMID_SELF, 1, BAD_HYPERVISOR, &st), -EFAULT);
    CHECK_EQ("setup_table domain 55", setup(55, 1, frames, &st), 0);
    CHECK_EQ("setup_table domain 55 status", st, GNTST_bad_domain);
    CHECK_EQ("setup_table DOMID_XEN", setup(DOMID_XEN, 1, frames, &st), 0);
    CHECK_EQ("setup_table DOMID_XEN status", st, GNTST_bad_domain);
    CHECK_EQ("setup_table bad pointer",
             HYPERVISOR_grant_table_op(GNTTABOP_setup_table, BAD_LOW, 1),
             -EFAULT);
    set_xen_guest_handle(op.frame_list, frames);
    CHECK_EQ("setup_table count 2",
             HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &op, 2), -EINVAL);
    CHECK_EQ("setup_table count 0",
             HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &op, 0), -EINVAL);
    CHECK_EQ("setup_table count -1",
             HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &op, ~0u),
             -EINVAL);
    CHECK_EQ(
        "setup_table with high cmd bits",
        HYPERVISOR_grant_table_op(GNTTABOP_setup_table | (1 << 12), &op, 1),
        -EINVAL);
    CHECK_EQ("grant_table_op 13 unknown", HYPERVISOR_grant_table_op(13, &op, 1),
             -ENOSYS);
}

static long set_version(uint32_t *version)
{
    struct gnttab_set_version sv = {.version = *version};
    long rc = HYPERVISOR_grant_table_op(GNTTABOP_set_version, &sv, 1);

    *version = sv.version;
    return rc;
}

/* Basalt implements table version 1 only and answers version 2 as Xen
 * does when it is built or booted with gnttab=max-ver:1. */
static void check_set_version(void)
{
    uint32_t v = 1;
    long rc;

    CHECK_EQ("set_version 1", set_version(&v), 0);
    CHECK_EQ("set_version 1 -> 1", v, 1);
    v = 0;
    CHECK_EQ("set_version 0", set_version(&v), -EINVAL);
    CHECK_EQ("set_version 0 -> 1", v, 1);
    v = 3;
    CHECK_EQ("set_version 3", set_version(&v), -EINVAL);
    v = 2;
    rc = set_version(&v);
    printf("info: set_version 2 -> rc %ld version %u\n", rc, v);
    if (memu_on_basalt()) {
        CHECK_EQ("set_version 2 (v1 only)", rc, -ENOSYS);
        CHECK_EQ("set_version 2 -> 1", v, 1);
    } else if (rc == 0) {
        v = 1;
        CHECK_EQ("set_version back to 1", set_version(&v), 0);
    }
    CHECK_EQ("set_version bad pointer",
             HYPERVISOR_grant_table_op(GNTTABOP_set_version, BAD_LOW, 1),
             -EFAULT);
}

/* The ops that come with the split drivers are not there yet on Basalt. */
static void check_not_yet(void)
{
    static const unsigned int ops[] = {GNTTABOP_map_grant_ref,
                                       GNTTABOP_unmap_grant_ref,
                                       GNTTABOP_transfer, GNTTABOP_copy};
    char name[48];

    if (!memu_on_basalt())
        return;
    for (unsigned int i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
        snprintf(name, sizeof(name), "grant_table_op %u not yet", ops[i]);
        CHECK_EQ(name, HYPERVISOR_grant_table_op(ops[i], frames, 1), -ENOSYS);
    }
}

/* Map grant frame 0 over a scratch page, use it, put the page back. */
static void check_map_frame(void)
{
    volatile grant_entry_v1_t *g = memu_scratch_page(0);
    unsigned long pfn = memu_va_pfn((void *)g), nonzero = 0;
    int16_t st;
    long rc;

    setup(DOMID_SELF, 1, frames, &st);
    rc = memu_update_va_mapping((void *)g, memu_rw_pte(frames[0]), UVMF_INVLPG);
    printf("info: map grant frame -> %ld\n", rc);
    if (rc == -ENOSYS) {
        printf("info: update_va_mapping missing: mapping skipped\n");
        return;
    }
    CHECK_EQ("map grant frame writable", rc, 0);
    for (unsigned int i = 0; i < 512; i++)
        nonzero |= g[i].flags | g[i].domid | g[i].frame;
    CHECK_EQ("grant frame starts zeroed", nonzero, 0);
    g[8].domid = 0;
    g[8].frame = 0x1234;
    CHECK_EQ("grant entry written", g[8].frame, 0x1234);
    g[8].frame = 0;
    CHECK_EQ("unmap grant frame",
             memu_update_va_mapping((void *)g, memu_rw_pte(memu_p2m()[pfn]),
                                    UVMF_INVLPG),
             0);
}

/* A hypervisor page: Basalt keeps it; Xen takes the allocation away. */
static void check_decrease_frame(void)
{
    struct xen_memory_reservation r = {.nr_extents = 1, .domid = DOMID_SELF};
    xen_pfn_t f = frames[0];

    set_xen_guest_handle(r.extent_start, &f);
    CHECK_EQ("decrease a grant frame",
             HYPERVISOR_memory_op(XENMEM_decrease_reservation, &r),
             memu_on_basalt() ? 0 : 1);
}

int guest_main(struct start_info *si)
{
    (void)si;
    max_ram_page = HYPERVISOR_memory_op(XENMEM_maximum_ram_page, NULL);
    printf("info: grant test on %s\n", memu_on_basalt() ? "Basalt" : "Xen");
    check_query();
    check_setup();
    check_setup_hostile();
    check_set_version();
    check_not_yet();
    check_map_frame();
    check_decrease_frame();
    return test_summary();
}
