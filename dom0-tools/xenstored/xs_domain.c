/* SPDX-License-Identifier: BSD-2-Clause */
/* xenstored: guest domains - introduce/release of their store rings and
 * the toolstack's /local/domain/N layout. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dom0/os.h>

#include "xs_internal.h"

char *xs_get_domain_path(domid_t domid, char *buf)
{
    snprintf(buf, 32, "/local/domain/%u", domid);
    return buf;
}

bool xs_is_domain_introduced(domid_t domid)
{
    return xs_conn_find(domid) != NULL;
}

int xs_domain_fire_special(const char *name)
{
    struct xs_evq q = {NULL, NULL};
    struct xs_ctx x = {&xs_local, &xs_store, NULL, &q};

    xs_fire(&x, name, xs_special(name), true, NULL, 0);
    xs_evq_flush(&q);
    return 0;
}

static void xs_domain_event(evtchn_port_t port, void *arg)
{
    (void)port;
    (void)arg;
    /* Serve everyone: this guest's requests may have queued events for
     * other guests. */
    for (struct xs_conn *c = xs_conns; c; c = c->next)
        xs_ring_service(c);
}

static int xs_evtchn_op(unsigned int cmd, void *arg)
{
    return (int)os_hypercall(__HYPERVISOR_event_channel_op, cmd,
                             (unsigned long)arg, 0, 0, 0);
}

/* The guest's directory exists and it may read it, so its relative
 * paths work even if the toolstack did not lay it out. */
static int xs_domain_dir(domid_t domid)
{
    struct xs_permissions p[2] = {{0, XS_PERM_NONE}, {domid, XS_PERM_READ}};
    char path[32];
    char *v;
    int rc;

    xs_get_domain_path(domid, path);
    rc = xs_read(path, &v, NULL);
    if (!rc) {
        free(v);
        return 0;
    }
    rc = xs_mkdir(path);
    return rc ? rc : xs_set_perms(path, p, 2);
}

static int xs_domain_store_keys(domid_t domid, xen_pfn_t mfn,
                                evtchn_port_t port)
{
    char path[64], val[32];
    int rc = xs_domain_dir(domid);

    snprintf(path, sizeof(path), "/local/domain/%u/store/ring-ref", domid);
    snprintf(val, sizeof(val), "%lu", (unsigned long)mfn);
    if (!rc)
        rc = xs_write(path, val);
    snprintf(path, sizeof(path), "/local/domain/%u/store/port", domid);
    snprintf(val, sizeof(val), "%u", port);
    return rc ? rc : xs_write(path, val);
}

static void xs_domain_close(struct xs_conn *c)
{
    struct evtchn_close cl = {c->port};

    os_evtchn_unbind(c->port);
    xs_evtchn_op(EVTCHNOP_close, &cl);
    os_unmap_foreign(c->intf, 1);
    c->intf = NULL;
}

/* Map the ring, bind the channel; c is not yet visible to anyone. */
static int xs_domain_connect(struct xs_conn *c, xen_pfn_t mfn,
                             evtchn_port_t remote_port)
{
    struct evtchn_bind_interdomain b = {c->id, remote_port, 0};
    int err = -ENOMEM;

    c->intf = os_map_foreign(c->id, &mfn, 1, true, &err);
    if (!c->intf)
        return err ? err : -ENOMEM;
    err = xs_evtchn_op(EVTCHNOP_bind_interdomain, &b);
    if (err) {
        os_unmap_foreign(c->intf, 1);
        return err;
    }
    c->port = b.local_port;
    c->intf->server_features =
        XENSTORE_SERVER_FEATURE_RECONNECTION | XENSTORE_SERVER_FEATURE_ERROR;
    err = os_evtchn_bind(c->port, xs_domain_event, c);
    if (err)
        xs_domain_close(c);
    return err;
}

int xs_introduce_domain(domid_t domid, xen_pfn_t store_mfn,
                        evtchn_port_t remote_port)
{
    struct xs_conn *c;
    int rc;

    if (domid == 0 || domid >= DOMID_FIRST_RESERVED)
        return -EINVAL;
    if (xs_conn_find(domid))
        return -EEXIST;
    c = calloc(1, sizeof(*c));
    if (c)
        c->in_buf = malloc(XENSTORE_PAYLOAD_MAX + 1);
    if (!c || !c->in_buf) {
        free(c);
        return -ENOMEM;
    }
    c->id = domid;
    rc = xs_domain_connect(c, store_mfn, remote_port);
    if (rc) {
        free(c->in_buf);
        free(c);
        return rc;
    }
    c->next = xs_conns;
    xs_conns = c;
    xs_domain_store_keys(domid, store_mfn, remote_port);
    xs_domain_fire_special("@introduceDomain");
    xs_ring_service(c); /* it may have written before we looked */
    return 0;
}

struct xs_forget {
    domid_t id;
    char **paths;
    unsigned int n;
};

static int xs_forget_visit(const char *path, struct xs_node *n, void *arg)
{
    struct xs_forget *f = arg;
    bool hit = false;
    char **p;

    for (unsigned int i = 0; i < n->nperms; i++)
        hit |= n->perms[i].id == f->id;
    if (!hit)
        return 0;
    p = realloc(f->paths, (f->n + 1) * sizeof(*p));
    if (!p)
        return -ENOMEM;
    f->paths = p;
    p[f->n] = strdup(path);
    return p[f->n++] ? 0 : -ENOMEM;
}

/* A departed domain keeps no rights a later domain with its id would
 * inherit: its nodes pass to dom0, its ACL entries go (Xen 4.17 does the
 * same lazily, see XSA-322). */
static void xs_forget_node(struct xs_node *n, domid_t id)
{
    struct xs_perm *p = malloc(n->nperms * sizeof(*p));
    unsigned int np = 1;

    if (!p)
        return;
    p[0] = n->perms[0];
    if (p[0].id == id) {
        p[0].id = 0;
        xs_tree_account(&xs_store, id, -1);
        xs_tree_account(&xs_store, 0, 1);
    }
    for (unsigned int i = 1; i < n->nperms; i++)
        if (n->perms[i].id != id)
            p[np++] = n->perms[i];
    xs_node_set_perms(n, p, np);
    free(p);
}

void xs_domain_forget(domid_t id)
{
    struct xs_forget f = {id, NULL, 0};
    struct xs_node *n;

    xs_tree_walk(xs_store.root, "/", false, xs_forget_visit, &f);
    for (unsigned int i = 0; i < f.n; i++) {
        if (!xs_tree_mut(&xs_store, f.paths[i], &n))
            xs_forget_node(n, id);
        free(f.paths[i]);
    }
    free(f.paths);
}

int xs_release_domain(domid_t domid)
{
    struct xs_conn *c = xs_conn_find(domid);

    if (!c)
        return -ENOENT;
    xs_domain_close(c);
    xs_conn_free(c);
    xs_domain_forget(domid);
    xs_domain_fire_special("@releaseDomain");
    return 0;
}
