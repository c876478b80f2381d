/* SPDX-License-Identifier: BSD-2-Clause */
/* PV test kernel: XEN_DOMCTL_hypercall_init writes a new domain's
 * hypercall page, with the stubs dom0 got, only into a frame of that
 * domain that may be writable. */
#include "domctl_util.h"
#include "memory_util.h"
#include "test.h"

#define ESRCH  3
#define EINVAL 22

extern char hypercall_page[];
static unsigned long m[2];

static long hc_init(domid_t dom, uint64_t gmfn)
{
    struct xen_domctl d;
    dcu_init(&d, XEN_DOMCTL_hypercall_init, dom);
    d.u.hypercall_init.gmfn = gmfn;
    return dcu_domctl(&d);
}

/* Frame 1 zeroed and pinned as an L1 of the new domain. */
static long pin_l1(domid_t dom)
{
    if (dcu_map(dom, m[1], DCU_PTE))
        return -1;
    memset(dcu_win(), 0, 4096);
    dcu_unmap();
    return dcu_mmuext(MMUEXT_PIN_L1_TABLE, m[1], dom);
}

int guest_main(struct start_info *si)
{
    long dom = dcu_create(1);
    (void)si;
    CHECK("createdomain", dom > 0);
    if (dom <= 0)
        return test_summary();
    dcu_max_mem((domid_t)dom, 64);
    CHECK_EQ("populate", dcu_populate((domid_t)dom, m, 2), 2);
    CHECK_EQ("hypercall_init", hc_init((domid_t)dom, m[0]), 0);
    CHECK_EQ("map it", dcu_map((domid_t)dom, m[0], DCU_PTE_RO), 0);
    CHECK("the same stubs as ours",
          memcmp(dcu_win(), hypercall_page, 4096) == 0);
    dcu_unmap();
    CHECK_EQ("a frame of ours refused",
             hc_init((domid_t)dom, dcu_own_mfn(hypercall_page)), -EINVAL);
    CHECK_EQ("a frame past RAM refused", hc_init((domid_t)dom, 1UL << 40),
             -EINVAL);
    CHECK_EQ("pin an L1", pin_l1((domid_t)dom), 0);
    CHECK_EQ("a page table refused", hc_init((domid_t)dom, m[1]), -EINVAL);
    CHECK_EQ("no such domain", hc_init(900, m[0]), -ESRCH);
    CHECK_EQ("destroy", dcu_simple(XEN_DOMCTL_destroydomain, (domid_t)dom), 0);
    return test_summary();
}
