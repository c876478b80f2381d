/* SPDX-License-Identifier: BSD-2-Clause */
/* xenstored: watches, firing them as Xen does, and delivering events. */
#include <stdlib.h>
#include <string.h>

#include "xs_internal.h"

struct xs_watch {
    struct xs_watch *next;
    char *node; /* canonical path or @special */
    char *token;
    size_t prefix; /* relative watch: bytes of "/local/domain/N/" to strip */
    xs_watch_fn fn;
    void *arg;
};

struct xs_event {
    struct xs_event *next;
    struct xs_conn *conn;
    struct xs_watch *watch;
    size_t len;
    char payload[]; /* "path\0token\0" as XS_WATCH_EVENT carries it */
};

/* dom0's events wait here for xenstored_poll(). */
static struct xs_evq xs_local_q;
static unsigned int xs_local_n;

static void xs_evq_push(struct xs_evq *q, struct xs_conn *c, struct xs_watch *w,
                        const char *path)
{
    size_t pl = strlen(path) + 1, tl = strlen(w->token) + 1;
    struct xs_event *e;

    if (!q || pl + tl > XENSTORE_PAYLOAD_MAX)
        return; /* Xen does not send over-long events either */
    e = malloc(sizeof(*e) + pl + tl);
    if (!e)
        return;
    e->next = NULL;
    e->conn = c;
    e->watch = w;
    e->len = pl + tl;
    memcpy(e->payload, path, pl);
    memcpy(e->payload + pl, w->token, tl);
    if (q->tail)
        q->tail->next = e;
    else
        q->head = e;
    q->tail = e;
}

static struct xs_event *xs_evq_pop(struct xs_evq *q)
{
    struct xs_event *e = q->head;

    if (e) {
        q->head = e->next;
        if (!q->head)
            q->tail = NULL;
        e->next = NULL;
    }
    return e;
}

void xs_evq_drop(struct xs_evq *q)
{
    struct xs_event *e;

    while ((e = xs_evq_pop(q)))
        free(e);
}

/* Hand fired events to their clients: ring clients get XS_WATCH_EVENT
 * messages, dom0's wait for xenstored_poll(). */
void xs_evq_flush(struct xs_evq *q)
{
    struct xs_event *e;

    while ((e = xs_evq_pop(q))) {
        if (e->conn->intf) {
            xs_conn_send(e->conn, XS_WATCH_EVENT, 0, 0, e->payload, e->len);
            free(e);
        } else if (xs_local_n >= XS_LOCAL_EVENTS_MAX) {
            free(e);
        } else {
            if (xs_local_q.tail)
                xs_local_q.tail->next = e;
            else
                xs_local_q.head = e;
            xs_local_q.tail = e;
            xs_local_n++;
        }
    }
}

/* Run dom0's watch callbacks; events they cause wait for the next pass. */
void xs_watch_deliver_local(void)
{
    unsigned int n = xs_local_n;
    struct xs_event *e;

    while (n-- && (e = xs_evq_pop(&xs_local_q))) {
        xs_local_n--;
        if (e->watch->fn)
            e->watch->fn(e->payload, e->payload + strlen(e->payload) + 1,
                         e->watch->arg);
        free(e);
    }
}

/* An unwatched watch gets no more callbacks. */
static void xs_purge_local(const struct xs_watch *w)
{
    struct xs_evq keep = {NULL, NULL};
    struct xs_event *e;

    while ((e = xs_evq_pop(&xs_local_q))) {
        if (e->watch == w) {
            free(e);
            xs_local_n--;
            continue;
        }
        if (keep.tail)
            keep.tail->next = e;
        else
            keep.head = e;
        keep.tail = e;
    }
    xs_local_q = keep;
}

static void xs_watch_free(struct xs_watch *w)
{
    xs_purge_local(w);
    free(w->node);
    free(w->token);
    free(w);
}

static struct xs_watch **xs_watch_lookup(struct xs_conn *c, const char *node,
                                         const char *token)
{
    struct xs_watch **pp;

    for (pp = &c->watches; *pp; pp = &(*pp)->next)
        if (!strcmp((*pp)->node, node) && !strcmp((*pp)->token, token))
            return pp;
    return pp;
}

/* Xen's do_watch: unique (path, token), a quota, and one event right
 * away with the path as the client gave it. */
int xs_watch_add(struct xs_ctx *x, const char *path, const char *token,
                 xs_watch_fn fn, void *arg)
{
    struct xs_conn *c = x->conn;
    struct xs_watch **pp, *w;
    char *node;
    int rc = xs_canonical(c, path, true, &node);

    if (rc)
        return rc;
    pp = xs_watch_lookup(c, node, token);
    rc = *pp ? -EEXIST : 0;
    if (!rc && !c->priv && c->nwatches >= XS_QUOTA_WATCHES)
        rc = -E2BIG;
    w = rc ? NULL : calloc(1, sizeof(*w));
    if (w)
        w->token = strdup(token);
    if (!rc && (!w || !w->token))
        rc = -ENOMEM;
    if (rc) {
        free(w);
        free(node);
        return rc;
    }
    w->node = node;
    w->fn = fn;
    w->arg = arg;
    if (path[0] != '/' && path[0] != '@')
        w->prefix = strlen(node) - strlen(path);
    *pp = w;
    c->nwatches++;
    xs_evq_push(x->evq, c, w, node + w->prefix);
    return 0;
}

int xs_watch_del(struct xs_conn *c, const char *path, const char *token)
{
    struct xs_watch **pp, *w;
    char *node;
    int rc = xs_canonical(c, path, true, &node);

    if (rc)
        return rc;
    pp = xs_watch_lookup(c, node, token);
    free(node);
    if (!*pp)
        return -ENOENT;
    w = *pp;
    *pp = w->next;
    c->nwatches--;
    xs_watch_free(w);
    return 0;
}

void xs_watch_del_all(struct xs_conn *c)
{
    struct xs_watch *w;

    while ((w = c->watches)) {
        c->watches = w->next;
        xs_watch_free(w);
    }
    c->nwatches = 0;
}

/* Xen's watch_permitted(): the client may read the node (before or after
 * a permission change) or its parent. */
static bool xs_watch_permitted(struct xs_ctx *x, struct xs_conn *c,
                               const char *name, const struct xs_node *n,
                               const struct xs_perm *old, unsigned int nold)
{
    char *parent;
    bool ok;

    if (c->priv || (old && (xs_perm_for(c, old, nold) & XS_PERM_READ)))
        return true;
    if (!n && name[0] == '/')
        n = xs_tree_find(x->tree, name);
    if (n && (xs_perm_for(c, n->perms, n->nperms) & XS_PERM_READ))
        return true;
    parent = xs_parent(name);
    n = parent ? xs_tree_find(x->tree, parent) : NULL;
    ok = n && (xs_perm_for(c, n->perms, n->nperms) & XS_PERM_READ);
    free(parent);
    return ok;
}

static void xs_fire_conn(struct xs_ctx *x, struct xs_conn *c, const char *name,
                         bool exact)
{
    for (struct xs_watch *w = c->watches; w; w = w->next) {
        bool hit = exact ? !strcmp(name, w->node) : xs_is_child(name, w->node);
        if (hit)
            xs_evq_push(x->evq, c, w, name + w->prefix);
    }
}

/* name changed: exact fires only watches on name itself (Xen's rule for
 * the nodes below a removed one), otherwise watches on name or above. */
void xs_fire(struct xs_ctx *x, const char *name, const struct xs_node *n,
             bool exact, const struct xs_perm *old, unsigned int nold)
{
    if (x->tx || !x->evq)
        return; /* a transaction's events fire when it commits */
    if (xs_local.watches)
        xs_fire_conn(x, &xs_local, name, exact);
    for (struct xs_conn *c = xs_conns; c; c = c->next) {
        if (c->dead || !c->watches)
            continue;
        if (xs_watch_permitted(x, c, name, n, old, nold))
            xs_fire_conn(x, c, name, exact);
    }
}
