/* SPDX-License-Identifier: BSD-2-Clause */
/* The domains xl created: name <-> domid, the config each was built from
 * (for on_reboot=restart), and naming domains on the command line as Xen's
 * xl does (an id, or a name). */
#include <stdlib.h>
#include <string.h>
#include <dom0/xenstored.h>
#include "xl_priv.h"

/* xenstored may not be linked in (host tests): weak references. */
extern int xs_read(const char *path, char **val, unsigned int *len)
    __attribute__((weak));

static struct xl_dom xl_doms[XL_MAX_DOMS];

struct xl_dom *xl_dom_by_id(domid_t domid)
{
    for (unsigned int i = 0; i < XL_MAX_DOMS; i++)
        if (xl_doms[i].used && xl_doms[i].domid == domid)
            return &xl_doms[i];
    return NULL;
}

struct xl_dom *xl_dom_at(unsigned int i)
{
    return i < XL_MAX_DOMS && xl_doms[i].used ? &xl_doms[i] : NULL;
}

struct xl_dom *xl_dom_by_name(const char *name)
{
    for (unsigned int i = 0; i < XL_MAX_DOMS; i++)
        if (xl_doms[i].used && !strcmp(xl_doms[i].name, name))
            return &xl_doms[i];
    return NULL;
}

struct xl_dom *xl_dom_add(domid_t domid, const char *name,
                          const struct xl_domcfg *cfg)
{
    struct xl_dom *d = NULL;

    for (unsigned int i = 0; i < XL_MAX_DOMS && !d; i++)
        if (!xl_doms[i].used)
            d = &xl_doms[i];
    if (!d)
        return NULL;
    memset(d, 0, sizeof(*d));
    if (cfg && !(d->cfg = malloc(sizeof(*cfg))))
        return NULL;
    if (cfg)
        *d->cfg = *cfg;
    d->used = true;
    d->domid = domid;
    snprintf(d->name, sizeof(d->name), "%s", name);
    return d;
}

void xl_dom_forget(domid_t domid)
{
    struct xl_dom *d = xl_dom_by_id(domid);

    if (!d)
        return;
    free(d->cfg);
    memset(d, 0, sizeof(*d));
}

const char *xl_dom_name(domid_t domid, char *buf, size_t n)
{
    struct xl_dom *d = xl_dom_by_id(domid);
    char path[48], *val = NULL;

    if (d)
        snprintf(buf, n, "%s", d->name);
    else if (domid == 0)
        snprintf(buf, n, "Domain-0");
    else if (xs_read &&
             (snprintf(path, sizeof(path), "/local/domain/%u/name", domid),
              !xs_read(path, &val, NULL)))
        snprintf(buf, n, "%s", val);
    else
        snprintf(buf, n, "(null)"); /* what Xen's xl prints for no name */
    free(val);
    return buf;
}

/* Xen's libxl_domain_qualifier_to_domid: all digits is an id (existing
 * or not), anything else a name. */
int xl_find_domain(const char *q, domid_t *out)
{
    struct xl_dom *d;
    uint64_t id = 0;
    bool digits = *q != '\0';

    for (const char *p = q; *p; p++) {
        digits &= *p >= '0' && *p <= '9';
        if (digits && id < DOMID_FIRST_RESERVED)
            id = id * 10 + (uint64_t)(*p - '0');
    }
    if (digits && id < DOMID_FIRST_RESERVED) {
        *out = (domid_t)id;
        return 0;
    }
    if (!digits && (d = xl_dom_by_name(q))) {
        *out = d->domid;
        return 0;
    }
    if (!strcmp(q, "Domain-0")) {
        *out = 0;
        return 0;
    }
    xl_eprintf("%s is an invalid domain identifier (rc=-6)\n", q);
    return -1;
}

void xl_dom_prune(void)
{
    struct xen_domctl_getdomaininfo info;

    for (unsigned int i = 0; i < XL_MAX_DOMS; i++)
        if (xl_doms[i].used &&
            xc_domain_getinfo(xl_doms[i].domid, &info) == -XC_ESRCH)
            xl_domain_teardown(xl_doms[i].domid);
}
