/* SPDX-License-Identifier: BSD-2-Clause */
/* xenstored: start-up and dom0's in-process client API. */
#include <stdlib.h>
#include <string.h>

#include <dom0/os.h>

#include "xs_internal.h"

static bool xs_inited;

/* dom0's calls run with its rights on the store itself; their watch
 * events are queued and delivered from xenstored_poll(). */
#define XS_LOCAL_CTX(x, q)                                                     \
    struct xs_evq q = {NULL, NULL};                                            \
    struct xs_ctx x = {&xs_local, &xs_store, NULL, &q}

static int xs_base_tree(void)
{
    int rc = xs_mkdir("/tool/xenstored");

    if (!rc)
        rc = xs_write("/local/domain/0/name", "Domain-0");
    if (!rc)
        rc = xs_write("/local/domain/0/domid", "0");
    return rc ? rc : xs_mkdir("/vm");
}

void xenstored_init(void)
{
    if (xs_inited)
        return;
    if (xs_tree_init(&xs_store) || !xs_special("@introduceDomain") ||
        !xs_special("@releaseDomain") || xs_base_tree())
        return;
    xs_inited = true;
    os_register_service(xenstored_poll);
}

void xenstored_poll(void)
{
    xs_watch_deliver_local();
    for (struct xs_conn *c = xs_conns; c; c = c->next)
        xs_ring_service(c);
}

/* Back to an empty store with no clients (host tests). */
void xs_store_reset(void)
{
    while (xs_conns)
        xs_release_domain(xs_conns->id);
    xs_conn_reset(&xs_local);
    xs_watch_deliver_local();
    xs_tree_free(&xs_store);
    xs_specials_free();
    xs_local.next_txid = 0;
    xs_inited = false;
}

int xs_read(const char *path, char **val, unsigned int *len)
{
    XS_LOCAL_CTX(x, q);
    const struct xs_node *n;
    int rc = xs_op_read(&x, path, &n);

    *val = NULL;
    if (rc)
        return rc;
    *val = malloc(n->vlen + 1);
    if (!*val)
        return -ENOMEM;
    if (n->vlen)
        memcpy(*val, n->value, n->vlen);
    (*val)[n->vlen] = '\0';
    if (len)
        *len = n->vlen;
    return 0;
}

int xs_write_bytes(const char *path, const void *val, unsigned int len)
{
    XS_LOCAL_CTX(x, q);
    int rc = xs_op_write(&x, path, val, len);

    xs_evq_flush(&q);
    return rc;
}

int xs_write(const char *path, const char *val)
{
    size_t len = strlen(val);

    return len > XS_VALUE_MAX ? -E2BIG
                              : xs_write_bytes(path, val, (unsigned int)len);
}

int xs_mkdir(const char *path)
{
    XS_LOCAL_CTX(x, q);
    int rc = xs_op_mkdir(&x, path);

    xs_evq_flush(&q);
    return rc;
}

int xs_rm(const char *path)
{
    XS_LOCAL_CTX(x, q);
    int rc = xs_op_rm(&x, path);

    xs_evq_flush(&q);
    return rc;
}

/* One block: n + 1 pointers (the last NULL), then the names. */
char **xs_directory(const char *path, unsigned int *n, int *err)
{
    XS_LOCAL_CTX(x, q);
    const struct xs_node *node;
    size_t bytes = 0;
    char **v, *s;
    int rc = xs_op_read(&x, path, &node);

    *n = 0;
    if (err)
        *err = rc;
    if (rc)
        return NULL;
    for (unsigned int i = 0; i < node->nkids; i++)
        bytes += strlen(node->kids[i]->name) + 1;
    v = malloc((node->nkids + 1) * sizeof(*v) + bytes);
    if (!v) {
        if (err)
            *err = -ENOMEM;
        return NULL;
    }
    s = (char *)(v + node->nkids + 1);
    for (unsigned int i = 0; i < node->nkids; i++) {
        v[i] = strcpy(s, node->kids[i]->name);
        s += strlen(s) + 1;
    }
    v[node->nkids] = NULL;
    *n = node->nkids;
    return v;
}

int xs_get_perms(const char *path, struct xs_permissions **perms,
                 unsigned int *n)
{
    XS_LOCAL_CTX(x, q);
    const struct xs_node *node;
    int rc = xs_op_get_perms(&x, path, &node);

    *perms = NULL;
    *n = 0;
    if (rc)
        return rc;
    *perms = malloc(node->nperms * sizeof(**perms));
    if (!*perms)
        return -ENOMEM;
    for (unsigned int i = 0; i < node->nperms; i++) {
        (*perms)[i].id = node->perms[i].id;
        (*perms)[i].perms = node->perms[i].perms;
    }
    *n = node->nperms;
    return 0;
}

int xs_set_perms(const char *path, const struct xs_permissions *perms,
                 unsigned int n)
{
    XS_LOCAL_CTX(x, q);
    struct xs_perm *p;
    int rc;

    if (n < 1 || n > 1024)
        return -EINVAL;
    p = malloc(n * sizeof(*p));
    if (!p)
        return -ENOMEM;
    for (unsigned int i = 0; i < n; i++) {
        if (perms[i].perms & ~XS_PERM_BOTH) {
            free(p);
            return -EINVAL;
        }
        p[i] = (struct xs_perm){perms[i].id, (uint8_t)perms[i].perms};
    }
    rc = xs_op_set_perms(&x, path, p, n);
    xs_evq_flush(&q);
    free(p);
    return rc;
}

int xs_watch(const char *path, const char *token, xs_watch_fn fn, void *arg)
{
    XS_LOCAL_CTX(x, q);
    int rc;

    if (!fn || !token)
        return -EINVAL;
    rc = xs_watch_add(&x, path, token, fn, arg);
    xs_evq_flush(&q);
    return rc;
}

int xs_unwatch(const char *path, const char *token)
{
    return token ? xs_watch_del(&xs_local, path, token) : -EINVAL;
}
