/* SPDX-License-Identifier: BSD-2-Clause */
/* Domain lifecycle: the hypervisor raises VIRQ_DOM_EXC when a domain
 * shuts down; xl then applies the config's on_poweroff / on_reboot /
 * on_crash (destroy, restart from the saved config, preserve), as Xen's
 * xl does from its per-domain monitor. */
#include <stdlib.h>
#include <dom0/os.h>
#include <public/sched.h>
#include "xl_priv.h"

#define XL_POLL_NS  1000000000ull  /* a check even without the VIRQ */
#define XL_FAST_NS  10000000000ull /* a restart sooner is "fast" */
#define XL_MAX_FAST 10             /* fast restarts before giving up */

static bool lc_init_done, lc_pending;
static uint64_t lc_last;

static void lc_virq(evtchn_port_t port, void *arg)
{
    (void)port, (void)arg;
    lc_pending = true;
}

static void lc_service(void)
{
    uint64_t now = os_now_ns();

    if (!lc_pending && now - lc_last < XL_POLL_NS)
        return;
    lc_pending = false;
    lc_last = now;
    xl_lifecycle_check();
}

void xl_lifecycle_init(void)
{
    if (lc_init_done)
        return;
    lc_init_done = true;
    os_bind_virq(VIRQ_DOM_EXC, lc_virq, NULL); /* else the periodic check */
    os_register_service(lc_service);
}

static enum xl_action lc_action(const struct xl_domcfg *cfg, unsigned int why)
{
    switch (why) {
    case SHUTDOWN_poweroff:
        return cfg->on_poweroff;
    case SHUTDOWN_reboot:
        return cfg->on_reboot;
    case SHUTDOWN_crash:
        return cfg->on_crash;
    default: /* watchdog, soft_reset: Xen's defaults destroy */
        return XL_ACTION_DESTROY;
    }
}

/* Rebuild under the same name; too many quick restarts end in destroy. */
static void lc_restart(struct xl_dom *d)
{
    struct xl_domcfg *cfg = malloc(sizeof(*cfg));
    unsigned int fast = d->fast_restarts;
    domid_t old = d->domid, domid;
    struct xl_dom *n;

    if (os_now_ns() - d->start_ns < XL_FAST_NS)
        fast++;
    else
        fast = 0;
    if (cfg)
        *cfg = *d->cfg;
    xl_domain_teardown(old);
    if (!cfg || fast > XL_MAX_FAST) {
        xl_eprintf("xl: domain %u restarted too often; not restarting\n", old);
    } else if (!xl_domain_start(cfg, &domid) && !xc_domain_unpause(domid) &&
               (n = xl_dom_by_id(domid))) {
        n->fast_restarts = fast;
    } else {
        xl_eprintf("xl: restarting domain \"%s\" failed\n", cfg->name);
    }
    free(cfg);
}

static void lc_handle(struct xl_dom *d, unsigned int why)
{
    enum xl_action a = d->cfg ? lc_action(d->cfg, why) : XL_ACTION_PRESERVE;

    if (why == SHUTDOWN_suspend)
        return; /* a suspended domain waits for the toolstack */
    if (a == XL_ACTION_PRESERVE)
        d->handled = true;
    else if (a == XL_ACTION_DESTROY)
        xl_domain_teardown(d->domid);
    else
        lc_restart(d); /* restart; rename-restart is mapped to it */
}

void xl_lifecycle_check(void)
{
    struct xen_domctl_getdomaininfo info;
    struct xl_dom *d;
    int rc;

    for (unsigned int i = 0; i < XL_MAX_DOMS; i++) {
        domid_t id;

        if (!(d = xl_dom_at(i)) || d->handled || !d->domid)
            continue;
        id = d->domid;
        rc = xc_domain_getinfo(id, &info);
        if (rc == -XC_ESRCH)
            xl_domain_teardown(id);
        if (rc || !(info.flags & XEN_DOMINF_shutdown))
            continue;
        lc_handle(d, (info.flags >> XEN_DOMINF_shutdownshift) &
                         XEN_DOMINF_shutdownmask);
    }
}
