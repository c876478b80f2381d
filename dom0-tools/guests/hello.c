/* SPDX-License-Identifier: BSD-2-Clause */
/* Sample guest "hello": greets, shows what it was handed, powers off. */
#include "guest.h"
#include "hypercall.h"
#include "xs.h"

/* Our domain id: xenstore's "domid" key under our home path. */
static void hello_domid(char *buf, size_t n)
{
    if (xs_read("domid", buf, n) < 0)
        strlcpy(buf, "?", n);
}

static void hello_facts(const struct start_info *si)
{
    long ver = HYPERVISOR_xen_version(XENVER_version, NULL);
    uint64_t now = time_wall() / NSEC_PER_SEC;

    printf("hello: %lu pages (%lu MiB), command line \"%.*s\"\n", si->nr_pages,
           si->nr_pages >> 8, MAX_GUEST_CMDLINE, (const char *)si->cmd_line);
    if (console_is_ring())
        printf("hello: console ring mfn %#lx port %u, xenstore mfn %#lx "
               "port %u\n",
               si->console.domU.mfn, si->console.domU.evtchn, si->store_mfn,
               si->store_evtchn);
    else
        printf("hello: console through console_io (%s)\n",
               guest_is_initial() ? "initial domain" : "no console ring");
    printf("hello: Xen ABI %ld.%ld, wall clock %02lu:%02lu:%02lu UTC\n",
           ver >> 16, ver & 0xffff, (unsigned long)(now / 3600 % 24),
           (unsigned long)(now / 60 % 60), (unsigned long)(now % 60));
}

int sample_main(const struct start_info *si)
{
    char domid[16];

    hello_domid(domid, sizeof(domid));
    uint64_t t0 = time_rdtsc(); /* the first console byte, for make bench */
    printf("Hello from Basalt guest %s!\n", domid);
    hello_facts(si);
    printf("hello: greeting at tsc %llu\n", (unsigned long long)t0);
    /* extra="crash=1": end with a crash instead (tests on_crash). */
    if (guest_cmdline("crash", domid, sizeof(domid)) && domid[0] == '1') {
        printf("hello: crashing on request\n");
        return 1;
    }
    printf("hello: powering off\n");
    return 0;
}
