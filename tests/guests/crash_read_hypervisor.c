/* SPDX-License-Identifier: BSD-2-Clause */
/* Hostile PV test kernel: reads the hypervisor's direct map. The read
 * must fault and crash this domain alone; the hypervisor reports it and
 * stays up. (On real Xen the same kernel crashes dom0 the same way.) */
#include "hypercall.h"
#include "test.h"

/* Xen's (and Basalt's) direct map of machine memory: never guest-visible. */
#define HYPERVISOR_DIRECTMAP 0xffff830000000000UL

int guest_main(struct start_info *si)
{
    (void)si;
    printf("crash: reading the hypervisor direct map at %#lx\n",
           HYPERVISOR_DIRECTMAP);
    unsigned long v = *(volatile const unsigned long *)HYPERVISOR_DIRECTMAP;
    /* Reaching here means the hypervisor's memory was readable. */
    test_fail("hypervisor memory unreadable", "read %#lx", v);
    return test_summary();
}
