/* SPDX-License-Identifier: BSD-2-Clause */
/* xenstored: one request from a guest's ring, decoded and answered as
 * Xen's xenstored does (argument rules, reply payloads, error names). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xs_internal.h"

struct xs_req {
    struct xs_conn *c;
    const struct xsd_sockmsg *h;
    const char *body; /* h->len bytes, NUL-terminated one past them */
};

static int xs_reply(struct xs_req *r, const void *data, size_t len)
{
    if (len > XENSTORE_PAYLOAD_MAX)
        return -E2BIG;
    return xs_conn_send(r->c, r->h->type, r->h->req_id, r->h->tx_id, data, len);
}

static int xs_ack(struct xs_req *r)
{
    return xs_reply(r, "OK", 3);
}

/* Xen's onearg(): exactly one string, its NUL the payload's last byte. */
static const char *xs_onearg(struct xs_req *r)
{
    size_t len = r->h->len;

    if (!len || strlen(r->body) != len - 1)
        return NULL;
    return r->body;
}

/* Number of NUL-terminated strings in the payload. */
static unsigned int xs_nstrings(struct xs_req *r)
{
    unsigned int n = 0;

    for (uint32_t i = 0; i < r->h->len; i++)
        n += r->body[i] == '\0';
    return n;
}

/* Decimal number no larger than max, nothing else. */
static int xs_parse_uint(const char *s, unsigned long max, unsigned long *out)
{
    char *end;

    if (!s || *s < '0' || *s > '9' || strlen(s) > 20)
        return -EINVAL;
    *out = strtoul(s, &end, 10);
    return *end || *out > max ? -EINVAL : 0;
}

static int xs_h_read(struct xs_req *r, struct xs_ctx *x)
{
    const struct xs_node *n;
    int rc = xs_op_read(x, xs_onearg(r), &n);

    return rc ? rc : xs_reply(r, n->value, n->vlen);
}

static int xs_h_write(struct xs_req *r, struct xs_ctx *x)
{
    size_t off;
    int rc;

    if (xs_nstrings(r) < 1)
        return -EINVAL;
    off = strlen(r->body) + 1;
    rc = xs_op_write(x, r->body, r->body + off, r->h->len - (uint32_t)off);
    return rc ? rc : xs_ack(r);
}

static int xs_h_mkdir(struct xs_req *r, struct xs_ctx *x)
{
    int rc = xs_op_mkdir(x, xs_onearg(r));

    return rc ? rc : xs_ack(r);
}

static int xs_h_rm(struct xs_req *r, struct xs_ctx *x)
{
    int rc = xs_op_rm(x, xs_onearg(r));

    return rc ? rc : xs_ack(r);
}

/* The children's names, each NUL-terminated, starting at child first. */
static char *xs_kid_names(const struct xs_node *n, unsigned int first,
                          size_t *len)
{
    size_t total = 0;
    char *buf, *p;

    for (unsigned int i = first; i < n->nkids; i++)
        total += strlen(n->kids[i]->name) + 1;
    p = buf = malloc(total + 1);
    if (!buf)
        return NULL;
    for (unsigned int i = first; i < n->nkids; i++) {
        size_t l = strlen(n->kids[i]->name) + 1;
        memcpy(p, n->kids[i]->name, l);
        p += l;
    }
    *len = total;
    return buf;
}

static int xs_h_directory(struct xs_req *r, struct xs_ctx *x)
{
    const struct xs_node *n;
    size_t len;
    char *names;
    int rc = xs_op_read(x, xs_onearg(r), &n);

    if (rc)
        return rc;
    names = xs_kid_names(n, 0, &len);
    rc = names ? xs_reply(r, names, len) : -ENOMEM;
    free(names);
    return rc;
}

/* Xen's send_directory_part(): "<generation>\0" then as many names from
 * byte offset off of the child list as fit; a final empty string marks
 * the end of the list. */
static int xs_h_directory_part(struct xs_req *r, struct xs_ctx *x)
{
    const struct xs_node *n;
    unsigned long off;
    size_t len, used = 0, l;
    char *names, *out;
    int rc, glen;

    if (xs_nstrings(r) != 2)
        return -EINVAL;
    rc = xs_op_read(x, r->body, &n);
    if (!rc)
        rc = xs_parse_uint(r->body + strlen(r->body) + 1, ~0UL, &off);
    if (rc)
        return rc;
    names = xs_kid_names(n, 0, &len);
    out = malloc(XENSTORE_PAYLOAD_MAX + 1);
    if (!names || !out) {
        free(names);
        free(out);
        return -ENOMEM;
    }
    glen = snprintf(out, 32, "%llu", (unsigned long long)n->gen) + 1;
    for (size_t pos = off; pos < len; pos += l, used += l) {
        l = strlen(names + pos) + 1;
        if (glen + used + l >= XENSTORE_PAYLOAD_MAX)
            break;
        memcpy(out + glen + used, names + pos, l);
    }
    if (off + used >= len)
        out[glen + used++] = '\0';
    rc = xs_reply(r, out, glen + used);
    free(names);
    free(out);
    return rc;
}

static int xs_h_get_perms(struct xs_req *r, struct xs_ctx *x)
{
    const struct xs_node *n;
    char *buf;
    size_t len = 0;
    int rc = xs_op_get_perms(x, xs_onearg(r), &n);

    if (rc)
        return rc;
    buf = malloc(n->nperms * 8 + 1);
    if (!buf)
        return -ENOMEM;
    for (unsigned int i = 0; i < n->nperms; i++)
        len += (size_t)xs_perm_format(&n->perms[i], buf + len, 8) + 1;
    rc = xs_reply(r, buf, len);
    free(buf);
    return rc;
}

static int xs_h_set_perms(struct xs_req *r, struct xs_ctx *x)
{
    unsigned int np = xs_nstrings(r), i;
    const char *s = r->body;
    struct xs_perm *p;
    int rc = 0;

    if (np < 2)
        return -EINVAL;
    p = malloc(--np * sizeof(*p));
    if (!p)
        return -ENOMEM;
    for (i = 0; i < np && !rc; i++) {
        s += strlen(s) + 1;
        rc = xs_perm_parse(s, &p[i]);
    }
    if (!rc)
        rc = xs_op_set_perms(x, r->body, p, np);
    free(p);
    return rc ? rc : xs_ack(r);
}

static int xs_h_watch(struct xs_req *r, struct xs_ctx *x)
{
    int rc;

    if (xs_nstrings(r) != 2)
        return -EINVAL;
    rc = xs_watch_add(x, r->body, r->body + strlen(r->body) + 1, NULL, NULL);
    return rc ? rc : xs_ack(r);
}

static int xs_h_unwatch(struct xs_req *r, struct xs_ctx *x)
{
    int rc;

    if (xs_nstrings(r) != 2)
        return -EINVAL;
    rc = xs_watch_del(x->conn, r->body, r->body + strlen(r->body) + 1);
    return rc ? rc : xs_ack(r);
}

static int xs_h_tx_start(struct xs_req *r, struct xs_ctx *x)
{
    char buf[16];
    uint32_t id;
    int rc;

    if (x->tx)
        return -EBUSY;
    rc = xs_tx_start(r->c, &id);
    if (rc)
        return rc;
    return xs_reply(r, buf, (size_t)snprintf(buf, sizeof(buf), "%u", id) + 1);
}

static int xs_h_tx_end(struct xs_req *r, struct xs_ctx *x)
{
    const char *arg = xs_onearg(r);
    int rc;

    if (!arg || (strcmp(arg, "T") && strcmp(arg, "F")))
        return -EINVAL;
    if (!x->tx)
        return -ENOENT;
    rc = xs_tx_end(r->c, x->tx, arg[0] == 'T');
    return rc ? rc : xs_ack(r);
}

static int xs_h_get_domain_path(struct xs_req *r, struct xs_ctx *x)
{
    unsigned long id;
    char buf[32];
    int rc = xs_parse_uint(xs_onearg(r), 0xFFFF, &id);

    (void)x;
    if (rc)
        return rc;
    xs_get_domain_path((domid_t)id, buf);
    return xs_reply(r, buf, strlen(buf) + 1);
}

static int xs_h_is_introduced(struct xs_req *r, struct xs_ctx *x)
{
    unsigned long id;
    int rc = xs_parse_uint(xs_onearg(r), 0xFFFF, &id);

    (void)x;
    if (rc)
        return rc;
    return xs_reply(r, xs_is_domain_introduced((domid_t)id) ? "T" : "F", 2);
}

static int xs_h_introduce(struct xs_req *r, struct xs_ctx *x)
{
    const char *a = r->body, *b, *c;
    unsigned long id, mfn, port;
    int rc;

    (void)x;
    if (xs_nstrings(r) < 3)
        return -EINVAL;
    b = a + strlen(a) + 1;
    c = b + strlen(b) + 1;
    rc = xs_parse_uint(a, 0xFFFF, &id);
    if (!rc)
        rc = xs_parse_uint(b, ~0UL, &mfn);
    if (!rc)
        rc = xs_parse_uint(c, 0xFFFFFFFFUL, &port);
    if (!rc)
        rc = xs_introduce_domain((domid_t)id, mfn, (evtchn_port_t)port);
    return rc ? rc : xs_ack(r);
}

static int xs_h_release(struct xs_req *r, struct xs_ctx *x)
{
    unsigned long id;
    int rc = xs_parse_uint(xs_onearg(r), 0xFFFF, &id);

    (void)x;
    if (!rc)
        rc = xs_release_domain((domid_t)id);
    return rc ? rc : xs_ack(r);
}

static int xs_h_reset_watches(struct xs_req *r, struct xs_ctx *x)
{
    xs_watch_del_all(x->conn);
    xs_tx_del_all(x->conn);
    return xs_ack(r);
}

/* XS_CONTROL (xenstore-control's debug commands): accepted, ignored. */
static int xs_h_control(struct xs_req *r, struct xs_ctx *x)
{
    (void)x;
    return xs_ack(r);
}

#define XS_F_NOTID 1 /* ignores the transaction id */
#define XS_F_PRIV  2 /* privileged clients only */

static const struct {
    int (*fn)(struct xs_req *r, struct xs_ctx *x);
    unsigned int flags;
} xs_handlers[XS_TYPE_COUNT] = {
    [XS_CONTROL] = {xs_h_control, XS_F_PRIV},
    [XS_DIRECTORY] = {xs_h_directory, 0},
    [XS_READ] = {xs_h_read, 0},
    [XS_GET_PERMS] = {xs_h_get_perms, 0},
    [XS_WATCH] = {xs_h_watch, XS_F_NOTID},
    [XS_UNWATCH] = {xs_h_unwatch, XS_F_NOTID},
    [XS_TRANSACTION_START] = {xs_h_tx_start, 0},
    [XS_TRANSACTION_END] = {xs_h_tx_end, 0},
    [XS_INTRODUCE] = {xs_h_introduce, XS_F_PRIV},
    [XS_RELEASE] = {xs_h_release, XS_F_PRIV},
    [XS_GET_DOMAIN_PATH] = {xs_h_get_domain_path, 0},
    [XS_WRITE] = {xs_h_write, 0},
    [XS_MKDIR] = {xs_h_mkdir, 0},
    [XS_RM] = {xs_h_rm, 0},
    [XS_SET_PERMS] = {xs_h_set_perms, 0},
    [XS_IS_DOMAIN_INTRODUCED] = {xs_h_is_introduced, XS_F_PRIV},
    [XS_RESET_WATCHES] = {xs_h_reset_watches, 0},
    [XS_DIRECTORY_PART] = {xs_h_directory_part, 0},
};

/* Which handler and transaction serve this request (or the error). */
static int xs_proto_route(struct xs_req *r, struct xs_ctx *x,
                          int (**fn)(struct xs_req *, struct xs_ctx *))
{
    uint32_t type = r->h->type;

    if (type >= XS_TYPE_COUNT || !xs_handlers[type].fn)
        return -ENOSYS;
    if ((xs_handlers[type].flags & XS_F_PRIV) && !r->c->priv)
        return -EACCES;
    if (!(xs_handlers[type].flags & XS_F_NOTID) && r->h->tx_id) {
        x->tx = xs_tx_find(r->c, r->h->tx_id);
        if (!x->tx)
            return -ENOENT;
        x->tree = xs_tx_tree(x->tx);
    }
    *fn = xs_handlers[type].fn;
    return 0;
}

void xs_proto_handle(struct xs_conn *c, const struct xsd_sockmsg *h,
                     const char *body)
{
    struct xs_evq q = {NULL, NULL};
    struct xs_ctx x = {c, &xs_store, NULL, &q};
    struct xs_req r = {c, h, body};
    int (*fn)(struct xs_req *, struct xs_ctx *) = NULL;
    int rc = xs_proto_route(&r, &x, &fn);

    if (!rc)
        rc = fn(&r, &x);
    if (rc) {
        const char *e = xs_errname(rc);
        xs_conn_send(c, XS_ERROR, h->req_id, h->tx_id, e, strlen(e) + 1);
    }
    /* Watch events after the reply: WATCH's first event follows its OK. */
    xs_evq_flush(&q);
}
