/* SPDX-License-Identifier: BSD-2-Clause */
/* Sample guest "pong": answers every event ping sends it. */
#include "hypercall.h"
#include "pingpong.h"
#include "xs.h"

struct pong {
    char dir[64];           /* /local/domain/<self>/data/pingpong */
    unsigned long peer;     /* ping's domid, 0 until bound */
    evtchn_port_t ports[2]; /* xenstore, then the channel to ping */
    unsigned long answered;
};

/* Publish the rendezvous: readable and writable by all, owned by us. */
static int pong_publish(struct pong *p, const char *pair)
{
    char self[16], owner[20];
    const char *perms[1] = {owner};
    int rc;

    if ((rc = xs_read("domid", self, sizeof(self))) < 0)
        return rc;
    snprintf(p->dir, sizeof(p->dir), "/local/domain/%s/%s", self, PP_DIR);
    snprintf(owner, sizeof(owner), "b%s", self);
    if ((rc = xs_write(p->dir, pair)) || (rc = xs_set_perms(p->dir, perms, 1)))
        return rc;
    printf("pong: domain %s waiting in %s (pair \"%s\")\n", self, p->dir, pair);
    return xs_watch(p->dir, "pong");
}

/* A child named by ping's domid holding its port: bind and say ready. */
static void pong_bind(struct pong *p, const char *child)
{
    char path[96], val[16];
    unsigned long domid, port;

    snprintf(path, sizeof(path), "%s/%s", p->dir, child);
    if (xs_read(path, val, sizeof(val)) < 0 ||
        !guest_parse_uint(child, &domid) || !guest_parse_uint(val, &port) ||
        domid >= DOMID_FIRST_RESERVED ||
        evtchn_bind_interdomain((domid_t)domid, (evtchn_port_t)port,
                                &p->ports[1]))
        return; /* not (yet) a valid offer: wait for the next change */
    p->peer = domid;
    printf("pong: bound to domain %lu port %lu\n", domid, port);
    evtchn_send(p->ports[1]);
}

/* Something under our directory changed. True once ping says "done". */
static bool pong_changed(struct pong *p)
{
    char names[256], path[96], val[16];

    if (!p->peer) {
        if (xs_directory(p->dir, names, sizeof(names)) > 0)
            pong_bind(p, names); /* one ping at a time: the first */
        return false;
    }
    snprintf(path, sizeof(path), "%s/%lu", p->dir, p->peer);
    return xs_read(path, val, sizeof(val)) >= 0 && !strcmp(val, PP_DONE);
}

int sample_main(const struct start_info *si)
{
    struct pong p = {.ports = {xs_port(), 0}};
    char pair[32], changed[128];
    int rc;

    (void)si;
    if (!xs_available()) {
        printf("pong: needs xenstore (start it with xl create pong.cfg)\n");
        return 1;
    }
    pp_pair(pair, sizeof(pair));
    if ((rc = pong_publish(&p, pair))) {
        printf("pong: cannot publish %s (%d)\n", p.dir, rc);
        return 1;
    }
    for (;;) {
        while (xs_next_event(changed, sizeof(changed)))
            if (pong_changed(&p)) {
                printf("pong: answered %lu pings from domain %lu\n", p.answered,
                       p.peer);
                return 0;
            }
        if (evtchn_wait(p.ports, p.peer ? 2 : 1) == 0) {
            xs_poll();
        } else {
            evtchn_send(p.ports[1]);
            p.answered++;
        }
    }
}
