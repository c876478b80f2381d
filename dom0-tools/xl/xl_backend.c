/* SPDX-License-Identifier: BSD-2-Clause */
/* A domain's dom0 side: its xenstore nodes and store ring (xenstored) and
 * its console ring (consoled), attached at create and detached before it
 * is destroyed. Both parts are optional: weak references. */
#include <string.h>
#include <dom0/consoled.h>
#include <dom0/xenstored.h>
#include "xl_priv.h"

extern int xs_domain_setup(domid_t domid, const char *name, uint64_t mem_kb,
                           xen_pfn_t console_mfn, evtchn_port_t console_port)
    __attribute__((weak));
extern int xs_introduce_domain(domid_t domid, xen_pfn_t store_mfn,
                               evtchn_port_t remote_port) __attribute__((weak));
extern int xs_release_domain(domid_t domid) __attribute__((weak));
extern bool xs_is_domain_introduced(domid_t domid) __attribute__((weak));
extern int xs_rm(const char *path) __attribute__((weak));
extern int consoled_add(domid_t domid, xen_pfn_t mfn, evtchn_port_t remote_port)
    __attribute__((weak));
extern void consoled_remove(domid_t domid) __attribute__((weak));

static int xl_attach_fail(const char *what, int rc)
{
    xl_eprintf("xl: %s failed: %s\n", what, xc_strerror(rc));
    return -1;
}

int xl_backends_attach(struct xl_dom *d)
{
    uint64_t mem_kb = d->cfg ? d->cfg->memory_mb << 10 : 0;
    int rc;

    if (xs_domain_setup &&
        (rc = xs_domain_setup(d->domid, d->name, mem_kb, d->console_mfn,
                              d->console_port)))
        return xl_attach_fail("writing the domain's xenstore nodes", rc);
    if (xs_introduce_domain &&
        (rc = xs_introduce_domain(d->domid, d->store_mfn, d->store_port)))
        return xl_attach_fail("introducing the domain to xenstored", rc);
    if (consoled_add &&
        (rc = consoled_add(d->domid, d->console_mfn, d->console_port)))
        return xl_attach_fail("attaching the console backend", rc);
    return 0;
}

static void xl_backends_detach(domid_t domid)
{
    char path[32];

    if (consoled_remove)
        consoled_remove(domid);
    if (xs_release_domain &&
        (!xs_is_domain_introduced || xs_is_domain_introduced(domid)))
        xs_release_domain(domid);
    if (xs_rm) {
        snprintf(path, sizeof(path), "/local/domain/%u", domid);
        xs_rm(path);
    }
}

int xl_domain_teardown(domid_t domid)
{
    int rc;

    if (domid == 0)
        return -XC_EPERM; /* never tear down ourselves */
    xl_console_flush(domid);
    xl_backends_detach(domid);
    rc = xc_domain_destroy(domid);
    xl_dom_forget(domid);
    return rc == -XC_ESRCH ? 0 : rc;
}
