/* SPDX-License-Identifier: BSD-2-Clause */
/* xenstored: the store, its clients and their queued output. */
#include <stdlib.h>
#include <string.h>

#include "xs_internal.h"

struct xs_out {
    struct xs_out *next;
    size_t len, off;
    char data[];
};

struct xs_tree xs_store;
struct xs_conn xs_local = {.id = 0, .priv = true};
struct xs_conn *xs_conns;

/* @introduceDomain and @releaseDomain: nodes outside the tree that only
 * carry permissions (owner dom0, nobody else) for their watches. */
static struct xs_node *xs_specials[2];

struct xs_node *xs_special(const char *name)
{
    static const char *const names[] = {"@introduceDomain", "@releaseDomain"};
    static const struct xs_perm none0 = {0, XS_PERM_NONE};

    for (unsigned int i = 0; i < 2; i++) {
        if (strcmp(name, names[i]) != 0)
            continue;
        if (!xs_specials[i])
            xs_specials[i] = xs_node_new(name, strlen(name), &none0, 1);
        return xs_specials[i];
    }
    return NULL;
}

void xs_specials_free(void)
{
    for (unsigned int i = 0; i < 2; i++) {
        if (xs_specials[i])
            xs_node_put(xs_specials[i]);
        xs_specials[i] = NULL;
    }
}

struct xs_conn *xs_conn_find(domid_t id)
{
    for (struct xs_conn *c = xs_conns; c; c = c->next)
        if (c->id == id)
            return c;
    return NULL;
}

/* Queue one message for a ring client. Watch events beyond the output
 * limit are dropped (the guest is not reading); replies never are, the
 * reader stops taking requests instead. */
int xs_conn_send(struct xs_conn *c, uint32_t type, uint32_t req_id,
                 uint32_t tx_id, const void *data, size_t len)
{
    struct xsd_sockmsg h = {type, req_id, tx_id, (uint32_t)len};
    struct xs_out *o;

    if (!c->intf || c->dead)
        return -ENOTCONN;
    if (type == XS_WATCH_EVENT && c->out_bytes > XS_OUT_MAX)
        return -ENOSPC;
    o = malloc(sizeof(*o) + sizeof(h) + len);
    if (!o)
        return -ENOMEM;
    memcpy(o->data, &h, sizeof(h));
    if (len)
        memcpy(o->data + sizeof(h), data, len);
    o->len = sizeof(h) + len;
    o->off = 0;
    o->next = NULL;
    if (c->out_tail)
        c->out_tail->next = o;
    else
        c->out_head = o;
    c->out_tail = o;
    c->out_bytes += o->len;
    return 0;
}

/* Bytes of queued output ready for the ring (NULL when empty). */
const char *xs_conn_peek(struct xs_conn *c, size_t *len)
{
    struct xs_out *o = c->out_head;

    if (!o)
        return NULL;
    *len = o->len - o->off;
    return o->data + o->off;
}

void xs_conn_consume(struct xs_conn *c, size_t n)
{
    struct xs_out *o = c->out_head;

    o->off += n;
    c->out_bytes -= n;
    if (o->off < o->len)
        return;
    c->out_head = o->next;
    if (!c->out_head)
        c->out_tail = NULL;
    free(o);
}

/* Forget everything the client set up: watches, transactions, queued
 * output and a half-read request. */
void xs_conn_reset(struct xs_conn *c)
{
    xs_watch_del_all(c);
    xs_tx_del_all(c);
    while (c->out_head)
        xs_conn_consume(c, c->out_head->len - c->out_head->off);
    c->out_bytes = 0;
    c->in_body = false;
    c->in_used = 0;
}

void xs_conn_free(struct xs_conn *c)
{
    struct xs_conn **pp;

    xs_conn_reset(c);
    for (pp = &xs_conns; *pp; pp = &(*pp)->next) {
        if (*pp == c) {
            *pp = c->next;
            break;
        }
    }
    free(c->in_buf);
    if (c != &xs_local)
        free(c);
}
