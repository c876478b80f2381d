/* SPDX-License-Identifier: BSD-2-Clause */
/* xenstored: the store operations with Xen's permission, quota and watch
 * rules; used by the wire protocol, dom0's API and transaction commit. */
#include <stdlib.h>
#include <string.h>

#include "xs_internal.h"

static unsigned int xs_perm_of(struct xs_ctx *x, const struct xs_node *n)
{
    return xs_perm_for(x->conn, n->perms, n->nperms);
}

/* Xen's get_node(): canonical path, the node and a permission check. A
 * missing node reads as EACCES unless its nearest ancestor grants the
 * permission, so nobody learns what exists where they may not look. */
static int xs_get(struct xs_ctx *x, const char *raw, unsigned int perm,
                  bool special, char **path, struct xs_node **node)
{
    const struct xs_node *anc;
    size_t plen;
    int rc = xs_canonical(x->conn, raw, special, path);

    *node = NULL;
    if (rc)
        return rc;
    if (!x->tree->root)
        return -ENOENT; /* xenstored_init() not run */
    if ((*path)[0] == '@') {
        *node = xs_special(*path);
        anc = x->tree->root;
    } else {
        if (x->tx && (rc = xs_tx_note(x->tx, *path)))
            return rc;
        *node = xs_tree_find(x->tree, *path);
        anc = *node ? NULL : xs_tree_nearest(x->tree, *path, &plen);
    }
    if (*node)
        return (xs_perm_of(x, *node) & perm) == perm ? 0 : -EACCES;
    return anc && (xs_perm_of(x, anc) & perm) ? -ENOENT : -EACCES;
}

/* Note every node a creation touches: the existing ancestor (its child
 * list changes) and each missing level. */
static int xs_create_note(struct xs_ctx *x, const char *path, size_t plen)
{
    char *p = strdup(path);
    int rc = p ? 0 : -ENOMEM;

    if (!rc) {
        p[plen] = '\0';
        rc = xs_tx_note(x->tx, plen ? p : "/");
        memcpy(p, path, strlen(path) + 1);
    }
    for (size_t i = plen + 1; !rc && path[i]; i++) {
        if (path[i] != '/')
            continue;
        p[i] = '\0';
        rc = xs_tx_note(x->tx, p);
        p[i] = '/';
    }
    free(p);
    return rc;
}

/* Xen's construct_node(): missing levels inherit their parent's perms;
 * an unprivileged creator owns what it creates (and pays the quota). */
static int xs_create(struct xs_ctx *x, const char *path, struct xs_node **out)
{
    struct xs_conn *c = x->conn;
    size_t plen, missing = 0;
    struct xs_node *n = xs_tree_nearest(x->tree, path, &plen), *kid;
    char *anc = strndup(path, plen ? plen : 1);
    int rc = anc ? 0 : -ENOMEM;

    for (size_t i = plen; path[i]; i++)
        missing += path[i] == '/';
    if (!rc && !c->priv &&
        xs_tree_owned(x->tree, c->id) + missing > XS_QUOTA_NODES)
        rc = -ENOSPC;
    if (!rc && x->tx)
        rc = xs_create_note(x, path, plen);
    if (!rc)
        rc = xs_tree_mut(x->tree, anc, &n);
    free(anc);
    while (!rc && path[plen]) {
        const char *name = path + plen + 1;
        size_t len = strcspn(name, "/");
        struct xs_perm own = n->perms[0];
        kid = xs_node_new(name, len, n->perms, n->nperms);
        if (!kid || xs_node_add_kid(n, kid)) {
            if (kid)
                xs_node_put(kid);
            return -ENOMEM;
        }
        if (!c->priv)
            own.id = kid->perms[0].id = c->id;
        xs_tree_account(x->tree, own.id, 1);
        n = kid;
        plen += len + 1;
    }
    *out = n;
    return rc;
}

int xs_op_read(struct xs_ctx *x, const char *raw, const struct xs_node **n)
{
    char *path;
    struct xs_node *node;
    int rc = xs_get(x, raw, XS_PERM_READ, false, &path, &node);

    free(path);
    *n = node;
    return rc;
}

int xs_op_write(struct xs_ctx *x, const char *raw, const void *val,
                unsigned int len)
{
    char *path;
    struct xs_node *n;
    int rc;

    if (len > XS_VALUE_MAX)
        return -E2BIG;
    rc = xs_get(x, raw, XS_PERM_WRITE, false, &path, &n);
    if (rc == -ENOENT)
        rc = xs_create(x, path, &n);
    else if (!rc)
        rc = xs_tree_mut(x->tree, path, &n);
    if (!rc)
        rc = xs_node_set_value(n, val, len);
    if (!rc && x->tx)
        rc = xs_tx_log(x->tx, XS_TXOP_WRITE, path, val, len, NULL, 0);
    if (!rc)
        xs_fire(x, path, n, false, NULL, 0);
    free(path);
    return rc;
}

int xs_op_mkdir(struct xs_ctx *x, const char *raw)
{
    char *path;
    struct xs_node *n;
    int rc = xs_get(x, raw, XS_PERM_WRITE, false, &path, &n);

    if (rc == -ENOENT) {
        rc = xs_create(x, path, &n);
        if (!rc && x->tx)
            rc = xs_tx_log(x->tx, XS_TXOP_MKDIR, path, NULL, 0, NULL, 0);
        if (!rc)
            xs_fire(x, path, n, false, NULL, 0);
    }
    free(path);
    return rc;
}

struct xs_rm_walk {
    struct xs_ctx *x;
    const char *top;
};

/* Before a subtree goes: watches on the removed nodes below top fire
 * exactly, those on top or above fire for top (Xen's delnode_sub). */
static int xs_rm_visit(const char *path, struct xs_node *n, void *arg)
{
    struct xs_rm_walk *w = arg;

    xs_tree_account(w->x->tree, n->perms[0].id, -1);
    xs_fire(w->x, path, n, strcmp(path, w->top) != 0, NULL, 0);
    return 0;
}

static int xs_rm_note(const char *path, struct xs_node *n, void *arg)
{
    (void)n;
    return xs_tx_note(arg, path);
}

static int xs_rm_node(struct xs_ctx *x, const char *path, struct xs_node *n)
{
    struct xs_rm_walk w = {x, path};
    char *pp = xs_parent(path);
    struct xs_node *parent;
    int rc = pp ? 0 : -ENOMEM;

    /* A transaction's RM depends on everything it removes, as in Xen. */
    if (!rc && x->tx)
        rc = xs_tx_note(x->tx, pp);
    if (!rc && x->tx)
        rc = xs_tree_walk(n, path, false, xs_rm_note, x->tx);
    if (!rc)
        rc = xs_tree_walk(n, path, true, xs_rm_visit, &w);
    if (!rc)
        rc = xs_tree_mut(x->tree, pp, &parent);
    if (!rc)
        xs_node_del_kid(parent, (unsigned int)xs_node_find_kid(
                                    parent, n->name, strlen(n->name)));
    free(pp);
    return rc;
}

int xs_op_rm(struct xs_ctx *x, const char *raw)
{
    char *path, *pp;
    struct xs_node *n;
    int rc = xs_get(x, raw, XS_PERM_WRITE, false, &path, &n);

    if (rc == -ENOENT) {
        /* Already gone: fine if the parent exists, as in Xen. */
        pp = xs_parent(path);
        rc = pp && xs_tree_find(x->tree, pp) ? 0 : -ENOENT;
        if (!rc && x->tx)
            rc = xs_tx_note(x->tx, pp);
        free(pp);
    } else if (!rc && strcmp(path, "/") == 0) {
        rc = -EINVAL;
    } else if (!rc) {
        rc = xs_rm_node(x, path, n);
        if (!rc && x->tx)
            rc = xs_tx_log(x->tx, XS_TXOP_RM, path, NULL, 0, NULL, 0);
    }
    free(path);
    return rc;
}

int xs_op_get_perms(struct xs_ctx *x, const char *raw, const struct xs_node **n)
{
    char *path;
    struct xs_node *node;
    int rc = xs_get(x, raw, XS_PERM_READ, true, &path, &node);

    free(path);
    *n = node;
    return rc;
}

/* Change perms and keep the owners' node counts right. */
static int xs_apply_perms(struct xs_ctx *x, struct xs_node *n, bool special,
                          const struct xs_perm *p, unsigned int np)
{
    domid_t old = n->perms[0].id;
    int rc = xs_node_set_perms(n, p, np);

    if (!rc && !special && old != p[0].id) {
        xs_tree_account(x->tree, old, -1);
        xs_tree_account(x->tree, p[0].id, 1);
    }
    return rc;
}

int xs_op_set_perms(struct xs_ctx *x, const char *raw, const struct xs_perm *p,
                    unsigned int np)
{
    struct xs_perm *old = NULL;
    unsigned int nold = 0;
    char *path;
    struct xs_node *n;
    int rc;

    if (np < 1)
        return -EINVAL;
    if (!x->conn->priv && np > XS_QUOTA_PERMS)
        return -ENOSPC;
    rc = xs_get(x, raw, XS_PERM_WRITE | XS_PERM_OWNER, true, &path, &n);
    /* Unprivileged owners may not give a node away. */
    if (!rc && !x->conn->priv && p[0].id != n->perms[0].id)
        rc = -EPERM;
    if (!rc && path[0] == '/')
        rc = xs_tree_mut(x->tree, path, &n);
    if (!rc) {
        nold = n->nperms;
        old = malloc(nold * sizeof(*old));
        rc = old ? 0 : -ENOMEM;
    }
    if (!rc) {
        memcpy(old, n->perms, nold * sizeof(*old));
        rc = xs_apply_perms(x, n, path[0] == '@', p, np);
    }
    if (!rc && x->tx && path[0] == '/')
        rc = xs_tx_log(x->tx, XS_TXOP_PERMS, path, NULL, 0, p, np);
    if (!rc)
        xs_fire(x, path, n, path[0] == '@', old, nold);
    free(old);
    free(path);
    return rc;
}
