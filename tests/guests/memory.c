/* SPDX-License-Identifier: BSD-2-Clause */
/* PV test kernel: memory_op queries, memory maps, the M2P list and hostile
 * reservations (memory_balloon.c moves frames). */
#include <public/memory.h>
#include "memory_util.h"
#include "test.h"

#define ENOENT 2
#define ESRCH  3
#define EACCES 13
#define EFAULT 14
#define EINVAL 22
#define EDOM   33
#define ENOSYS 38

#define BAD_LOW        ((void *)0x1000UL)
#define BAD_HYPERVISOR ((void *)0xffff830000000000UL)

static unsigned long nr0, max_ram_page;
static unsigned long list[8];

static long reserve(unsigned long cmd, xen_pfn_t *extents, unsigned long nr,
                    unsigned int order, domid_t domid)
{
    struct xen_memory_reservation r = {
        .nr_extents = nr, .extent_order = order, .domid = domid};

    set_xen_guest_handle(r.extent_start, extents);
    return HYPERVISOR_memory_op(cmd, &r);
}

static long reservation_of(unsigned int op, domid_t domid)
{
    return HYPERVISOR_memory_op(op, &domid);
}

static long cur_pages(void)
{
    return reservation_of(XENMEM_current_reservation, DOMID_SELF);
}

static void check_stats(const struct start_info *si)
{
    long max = reservation_of(XENMEM_maximum_reservation, DOMID_SELF);
    const unsigned long *p2m = memu_p2m();

    nr0 = si->nr_pages;
    max_ram_page = HYPERVISOR_memory_op(XENMEM_maximum_ram_page, NULL);
    printf("info: nr_pages %lu max_reservation %ld maximum_ram_page %#lx\n",
           nr0, max, max_ram_page);
    CHECK_EQ("current_reservation(self)", cur_pages(), nr0);
    CHECK_EQ("current_reservation(0)",
             reservation_of(XENMEM_current_reservation, 0), nr0);
    CHECK("maximum_reservation >= current", max >= (long)nr0);
    CHECK("maximum_ram_page above our frames",
          p2m[0] < max_ram_page && p2m[nr0 - 1] < max_ram_page);
    CHECK_EQ("maximum_ram_page with a start extent",
             HYPERVISOR_memory_op(XENMEM_maximum_ram_page | (1 << 6), NULL),
             -EINVAL);
    CHECK_EQ("current_reservation bad pointer",
             HYPERVISOR_memory_op(XENMEM_current_reservation, BAD_LOW),
             -EFAULT);
    CHECK_EQ("current_reservation(55)",
             reservation_of(XENMEM_current_reservation, 55), -ESRCH);
    CHECK_EQ("maximum_reservation(DOMID_XEN)",
             reservation_of(XENMEM_maximum_reservation, DOMID_XEN), -ESRCH);
    printf("info: maximum_gpfn %ld\n",
           reservation_of(XENMEM_maximum_gpfn, DOMID_SELF));
    CHECK_EQ("memory_op 63 unknown", HYPERVISOR_memory_op(63, NULL), -ENOSYS);
    CHECK_EQ("memory_op 8 (removed)", HYPERVISOR_memory_op(8, NULL), -ENOSYS);
}

static struct xen_e820_entry e820[128];

static void check_machine_map(void)
{
    struct xen_memory_map map = {.nr_entries = 128};
    unsigned long ram = 0, sorted = 1;
    long rc;

    set_xen_guest_handle(map.buffer, e820);
    rc = HYPERVISOR_memory_op(XENMEM_machine_memory_map, &map);
    CHECK_EQ("machine_memory_map", rc, 0);
    CHECK("machine_memory_map entries",
          map.nr_entries > 1 && map.nr_entries <= 128);
    for (unsigned int i = 0; i < map.nr_entries && i < 128; i++) {
        printf("info: e820 %#lx-%#lx type %u\n", (unsigned long)e820[i].addr,
               (unsigned long)(e820[i].addr + e820[i].size), e820[i].type);
        if (e820[i].type == XEN_E820_RAM)
            ram += e820[i].size;
        if (i && e820[i].addr < e820[i - 1].addr + e820[i - 1].size)
            sorted = 0;
    }
    CHECK("machine_memory_map sorted, disjoint", sorted);
    CHECK("machine_memory_map RAM holds us", ram >= nr0 * GUEST_PAGE_SIZE);
    map.nr_entries = 1;
    CHECK_EQ("machine_memory_map buffer too small",
             HYPERVISOR_memory_op(XENMEM_machine_memory_map, &map), -EINVAL);
    map.nr_entries = 128;
    set_xen_guest_handle(map.buffer, BAD_HYPERVISOR);
    CHECK_EQ("machine_memory_map bad buffer",
             HYPERVISOR_memory_op(XENMEM_machine_memory_map, &map), -EFAULT);
    CHECK_EQ("machine_memory_map bad arg",
             HYPERVISOR_memory_op(XENMEM_machine_memory_map, BAD_LOW), -EFAULT);
}

static void check_memory_map(void)
{
    struct xen_memory_map map = {.nr_entries = 128};
    long rc;

    set_xen_guest_handle(map.buffer, e820);
    rc = HYPERVISOR_memory_op(XENMEM_memory_map, &map);
    printf("info: memory_map rc %ld nr %u\n", rc, map.nr_entries);
    /* A PV domain without a toolstack-set map: Xen says ENOSYS. */
    CHECK_EQ("memory_map (none set)", rc, -ENOSYS);
}

static xen_pfn_t m2p_mfns[64];

static void check_machphys(void)
{
    struct xen_machphys_mfn_list l = {.max_extents = 64};
    struct xen_machphys_mapping mapping;
    unsigned long want = (max_ram_page * 8 + (2UL << 20) - 1) >> 21;
    long rc;

    set_xen_guest_handle(l.extent_start, m2p_mfns);
    rc = HYPERVISOR_memory_op(XENMEM_machphys_mfn_list, &l);
    CHECK_EQ("machphys_mfn_list", rc, 0);
    printf("info: machphys_mfn_list %u extents, [0] %#lx\n", l.nr_extents,
           m2p_mfns[0]);
    CHECK_EQ("machphys_mfn_list covers maximum_ram_page", l.nr_extents,
             want < 64 ? want : 64);
    CHECK("machphys_mfn_list 2 MiB frames",
          m2p_mfns[0] && (m2p_mfns[0] & 511) == 0);
    l.max_extents = 0;
    CHECK_EQ("machphys_mfn_list max 0",
             HYPERVISOR_memory_op(XENMEM_machphys_mfn_list, &l), 0);
    CHECK_EQ("machphys_mfn_list max 0 gives 0", l.nr_extents, 0);
    l.max_extents = 1;
    set_xen_guest_handle(l.extent_start, BAD_LOW);
    CHECK_EQ("machphys_mfn_list bad list",
             HYPERVISOR_memory_op(XENMEM_machphys_mfn_list, &l), -EFAULT);

    CHECK_EQ("machphys_mapping",
             HYPERVISOR_memory_op(XENMEM_machphys_mapping, &mapping), 0);
    printf("info: machphys_mapping %#lx-%#lx max_mfn %#lx\n", mapping.v_start,
           mapping.v_end, mapping.max_mfn);
    CHECK_EQ("machphys_mapping v_start", mapping.v_start,
             __MACH2PHYS_VIRT_START);
    CHECK_EQ("machphys_mapping max_mfn (dom0)", mapping.max_mfn,
             max_ram_page - 1);
}

/* A PV guest has no physmap to place frames in. */
static void check_physmap(void)
{
    struct xen_add_to_physmap xatp = {.domid = DOMID_SELF,
                                      .space = XENMAPSPACE_shared_info,
                                      .gpfn = 0x100000};
    struct xen_remove_from_physmap xrfp = {.domid = DOMID_SELF};
    long rc;

    rc = HYPERVISOR_memory_op(XENMEM_add_to_physmap, &xatp);
    printf("info: add_to_physmap -> %ld\n", rc);
    CHECK_EQ("add_to_physmap (PV)", rc, -EACCES);
    xatp.domid = 55;
    CHECK_EQ("add_to_physmap domain 55",
             HYPERVISOR_memory_op(XENMEM_add_to_physmap, &xatp), -ESRCH);
    xatp.space = XENMAPSPACE_gmfn_foreign;
    CHECK_EQ("add_to_physmap gmfn_foreign",
             HYPERVISOR_memory_op(XENMEM_add_to_physmap, &xatp), -ENOSYS);
    CHECK_EQ("add_to_physmap bad pointer",
             HYPERVISOR_memory_op(XENMEM_add_to_physmap, BAD_LOW), -EFAULT);
    CHECK_EQ("add_to_physmap start extent 2^16",
             HYPERVISOR_memory_op(XENMEM_add_to_physmap | (1UL << 22), &xatp),
             -EDOM);
    xrfp.gpfn = memu_p2m()[nr0 - 1];
    rc = HYPERVISOR_memory_op(XENMEM_remove_from_physmap, &xrfp);
    printf("info: remove_from_physmap -> %ld\n", rc);
    CHECK_EQ("remove_from_physmap (PV)", rc, -EACCES);
    xrfp.domid = 55;
    CHECK_EQ("remove_from_physmap domain 55",
             HYPERVISOR_memory_op(XENMEM_remove_from_physmap, &xrfp), -ESRCH);
    CHECK_EQ("remove_from_physmap start extent",
             HYPERVISOR_memory_op(XENMEM_remove_from_physmap | (1 << 6), &xrfp),
             -EINVAL);
    CHECK_EQ("memory_op exchange start extent",
             HYPERVISOR_memory_op(XENMEM_exchange | (1 << 6), &xrfp), -EINVAL);
}

/* Hostile reservations: each fails before doing anything. */
static void check_hostile_reservations(void)
{
    static const unsigned long ops[] = {XENMEM_increase_reservation,
                                        XENMEM_decrease_reservation,
                                        XENMEM_populate_physmap};
    char name[64];

    for (unsigned int i = 0; i < 3; i++) {
        snprintf(name, sizeof(name), "memory_op %lu bad argument", ops[i]);
        CHECK_EQ(name, HYPERVISOR_memory_op(ops[i], BAD_LOW), 0);
        snprintf(name, sizeof(name), "memory_op %lu 2^40 extents", ops[i]);
        CHECK_EQ(name, reserve(ops[i], list, 1UL << 40, 0, DOMID_SELF), 0);
        snprintf(name, sizeof(name), "memory_op %lu order 21", ops[i]);
        CHECK_EQ(name, reserve(ops[i], list, 1, 21, DOMID_SELF), 0);
        snprintf(name, sizeof(name), "memory_op %lu order ~0", ops[i]);
        CHECK_EQ(name, reserve(ops[i], list, 1, ~0u, DOMID_SELF), 0);
        snprintf(name, sizeof(name), "memory_op %lu domain 55", ops[i]);
        CHECK_EQ(name, reserve(ops[i], list, 1, 0, 55), 0);
        snprintf(name, sizeof(name), "memory_op %lu hypervisor list", ops[i]);
        CHECK_EQ(name, reserve(ops[i], BAD_HYPERVISOR, 1, 0, DOMID_SELF), 0);
        snprintf(name, sizeof(name), "memory_op %lu start past the end",
                 ops[i]);
        CHECK_EQ(name, reserve(ops[i] | (5 << 6), list, 2, 0, DOMID_SELF), 5);
    }
    CHECK_EQ("populate_physmap unmapped list",
             reserve(XENMEM_populate_physmap, BAD_LOW, 1, 0, DOMID_SELF), 0);
    list[0] = m2p_mfns[0];
    CHECK_EQ("decrease a frame of the M2P",
             reserve(XENMEM_decrease_reservation, list, 1, 0, DOMID_SELF), 0);
    list[0] = max_ram_page + 10;
    CHECK_EQ("decrease a frame past RAM",
             reserve(XENMEM_decrease_reservation, list, 1, 0, DOMID_SELF), 0);
    list[0] = 0;
    CHECK_EQ("decrease frame 0",
             reserve(XENMEM_decrease_reservation, list, 1, 0, DOMID_SELF), 0);
    CHECK_EQ("reservation unchanged by hostile calls", cur_pages(), nr0);
}

int guest_main(struct start_info *si)
{
    printf("info: memory test on %s\n", memu_on_basalt() ? "Basalt" : "Xen");
    check_stats(si);
    check_machine_map();
    check_memory_map();
    check_machphys();
    check_physmap();
    check_hostile_reservations();
    return test_summary();
}
