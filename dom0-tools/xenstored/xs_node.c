/* SPDX-License-Identifier: BSD-2-Clause */
/* xenstored: the node tree, shared copy-on-write between the store and
 * transaction snapshots. */
#include <stdlib.h>
#include <string.h>

#include "xs_internal.h"

static uint64_t xs_gen_counter;

uint64_t xs_gen_next(void)
{
    return ++xs_gen_counter;
}

struct xs_node *xs_node_new(const char *name, size_t nlen,
                            const struct xs_perm *perms, unsigned int n)
{
    struct xs_node *node = calloc(1, sizeof(*node));

    if (!node)
        return NULL;
    node->name = malloc(nlen + 1);
    node->perms = malloc(n * sizeof(*perms));
    if (!node->name || !node->perms) {
        free(node->name);
        free(node->perms);
        free(node);
        return NULL;
    }
    memcpy(node->name, name, nlen);
    node->name[nlen] = '\0';
    memcpy(node->perms, perms, n * sizeof(*perms));
    node->nperms = n;
    node->refs = 1;
    node->gen = xs_gen_next();
    return node;
}

/* Drop a reference; free the node and release its children at zero.
 * Iterative over a private stack: trees can be deep. */
void xs_node_put(struct xs_node *n)
{
    struct xs_node **stack = NULL;
    size_t depth = 0, cap = 0;

    while (n) {
        if (--n->refs == 0) {
            for (unsigned int i = 0; i < n->nkids; i++) {
                if (depth == cap) {
                    size_t nc = cap ? cap * 2 : 16;
                    struct xs_node **ns = realloc(stack, nc * sizeof(*ns));
                    if (!ns)
                        break; /* leak rather than crash */
                    stack = ns;
                    cap = nc;
                }
                stack[depth++] = n->kids[i];
            }
            free(n->kids);
            free(n->name);
            free(n->value);
            free(n->perms);
            free(n);
        }
        n = depth ? stack[--depth] : NULL;
    }
    free(stack);
}

int xs_node_set_value(struct xs_node *n, const void *val, unsigned int len)
{
    char *v = malloc(len + 1);

    if (!v)
        return -ENOMEM;
    if (len)
        memcpy(v, val, len);
    v[len] = '\0';
    free(n->value);
    n->value = v;
    n->vlen = len;
    n->gen = xs_gen_next();
    return 0;
}

int xs_node_set_perms(struct xs_node *n, const struct xs_perm *p,
                      unsigned int np)
{
    struct xs_perm *copy = malloc(np * sizeof(*p));

    if (!copy)
        return -ENOMEM;
    memcpy(copy, p, np * sizeof(*p));
    free(n->perms);
    n->perms = copy;
    n->nperms = np;
    n->gen = xs_gen_next();
    return 0;
}

int xs_node_add_kid(struct xs_node *parent, struct xs_node *kid)
{
    struct xs_node **k;

    k = realloc(parent->kids, (parent->nkids + 1) * sizeof(*k));
    if (!k)
        return -ENOMEM;
    parent->kids = k;
    k[parent->nkids++] = kid;
    parent->gen = xs_gen_next();
    return 0;
}

int xs_node_find_kid(const struct xs_node *n, const char *name, size_t len)
{
    for (unsigned int i = 0; i < n->nkids; i++) {
        const char *kn = n->kids[i]->name;
        if (strncmp(kn, name, len) == 0 && kn[len] == '\0')
            return (int)i;
    }
    return -1;
}

void xs_node_del_kid(struct xs_node *parent, unsigned int idx)
{
    xs_node_put(parent->kids[idx]);
    memmove(&parent->kids[idx], &parent->kids[idx + 1],
            (parent->nkids - idx - 1) * sizeof(parent->kids[0]));
    parent->nkids--;
    parent->gen = xs_gen_next();
}

/* A private copy of a shared node; its children become shared. */
static struct xs_node *xs_node_clone(const struct xs_node *n)
{
    struct xs_node *c =
        xs_node_new(n->name, strlen(n->name), n->perms, n->nperms);

    if (!c)
        return NULL;
    c->gen = n->gen;
    if (n->value && xs_node_set_value(c, n->value, n->vlen))
        goto fail;
    c->gen = n->gen;
    if (n->nkids) {
        c->kids = malloc(n->nkids * sizeof(*c->kids));
        if (!c->kids)
            goto fail;
        for (unsigned int i = 0; i < n->nkids; i++) {
            c->kids[i] = n->kids[i];
            c->kids[i]->refs++;
        }
        c->nkids = n->nkids;
    }
    return c;
fail:
    xs_node_put(c);
    return NULL;
}

/* Make *slot private to its tree (its parent already is). */
static struct xs_node *xs_unshare(struct xs_node **slot)
{
    struct xs_node *n = *slot, *c;

    if (n->refs == 1)
        return n;
    c = xs_node_clone(n);
    if (!c)
        return NULL;
    n->refs--;
    *slot = c;
    return c;
}

int xs_tree_init(struct xs_tree *t)
{
    static const struct xs_perm none0 = {0, XS_PERM_NONE};

    memset(t, 0, sizeof(*t));
    t->root = xs_node_new("", 0, &none0, 1);
    return t->root ? 0 : -ENOMEM;
}

int xs_tree_copy(struct xs_tree *dst, const struct xs_tree *src)
{
    dst->use = NULL;
    if (src->nuse) {
        dst->use = malloc(src->nuse * sizeof(*dst->use));
        if (!dst->use)
            return -ENOMEM;
        memcpy(dst->use, src->use, src->nuse * sizeof(*dst->use));
    }
    dst->nuse = src->nuse;
    dst->root = src->root;
    dst->root->refs++;
    return 0;
}

void xs_tree_free(struct xs_tree *t)
{
    if (t->root)
        xs_node_put(t->root);
    free(t->use);
    memset(t, 0, sizeof(*t));
}

/* Next component of a canonical path: *p points at a '/'. */
static bool xs_next_comp(const char **p, const char **name, size_t *len)
{
    const char *s = *p;

    if (*s != '/' || s[1] == '\0')
        return false;
    s++;
    *name = s;
    *len = strcspn(s, "/");
    *p = s + *len;
    return true;
}

struct xs_node *xs_tree_find(const struct xs_tree *t, const char *path)
{
    struct xs_node *n = t->root;
    const char *name;
    size_t len;
    int i;

    while (n && xs_next_comp(&path, &name, &len)) {
        i = xs_node_find_kid(n, name, len);
        n = i < 0 ? NULL : n->kids[i];
    }
    return n;
}

int xs_tree_mut(struct xs_tree *t, const char *path, struct xs_node **out)
{
    struct xs_node *n = xs_unshare(&t->root);
    const char *name;
    size_t len;
    int i;

    while (n && xs_next_comp(&path, &name, &len)) {
        i = xs_node_find_kid(n, name, len);
        if (i < 0)
            return -ENOENT;
        n = xs_unshare(&n->kids[i]);
    }
    *out = n;
    return n ? 0 : -ENOMEM;
}

unsigned int xs_tree_owned(const struct xs_tree *t, domid_t id)
{
    for (unsigned int i = 0; i < t->nuse; i++)
        if (t->use[i].id == id)
            return t->use[i].nodes;
    return 0;
}

int xs_tree_account(struct xs_tree *t, domid_t id, int delta)
{
    struct xs_usage *u;

    for (unsigned int i = 0; i < t->nuse; i++) {
        if (t->use[i].id == id) {
            t->use[i].nodes += delta;
            return 0;
        }
    }
    if (delta <= 0)
        return 0;
    u = realloc(t->use, (t->nuse + 1) * sizeof(*u));
    if (!u)
        return -ENOMEM;
    t->use = u;
    u[t->nuse].id = id;
    u[t->nuse++].nodes = delta;
    return 0;
}

struct xs_frame {
    struct xs_node *n;
    unsigned int next;
    size_t plen;
};

/* Append "/name" to the path in *buf (length len), growing it. */
static int xs_walk_path(char **buf, size_t *cap, size_t len, const char *name,
                        size_t *newlen)
{
    size_t nl = strlen(name), need = len + 1 + nl + 1;
    char *b = *buf;

    if (need > *cap) {
        b = realloc(*buf, need * 2);
        if (!b)
            return -ENOMEM;
        *buf = b;
        *cap = need * 2;
    }
    if (len == 1 && b[0] == '/')
        len = 0; /* children of the root: "/name" */
    b[len] = '/';
    memcpy(b + len + 1, name, nl + 1);
    *newlen = len + 1 + nl;
    return 0;
}

static int xs_walk_push(struct xs_frame **st, size_t *depth, size_t *cap,
                        struct xs_node *n, size_t plen)
{
    if (*depth == *cap) {
        size_t nc = *cap ? *cap * 2 : 16;
        struct xs_frame *ns = realloc(*st, nc * sizeof(*ns));
        if (!ns)
            return -ENOMEM;
        *st = ns;
        *cap = nc;
    }
    (*st)[(*depth)++] = (struct xs_frame){n, 0, plen};
    return 0;
}

int xs_tree_walk(struct xs_node *n, const char *path, bool post, xs_walk_fn fn,
                 void *arg)
{
    struct xs_frame *st = NULL, *f;
    size_t depth = 0, scap = 0, bcap = strlen(path) + 1, len;
    char *buf = malloc(bcap);
    int rc = buf ? xs_walk_push(&st, &depth, &scap, n, bcap - 1) : -ENOMEM;

    if (!rc) {
        memcpy(buf, path, bcap);
        rc = post ? 0 : fn(buf, n, arg);
    }
    while (!rc && depth) {
        f = &st[depth - 1];
        if (f->next < f->n->nkids) {
            n = f->n->kids[f->next++];
            rc = xs_walk_path(&buf, &bcap, f->plen, n->name, &len);
            if (!rc)
                rc = xs_walk_push(&st, &depth, &scap, n, len);
            if (!rc && !post)
                rc = fn(buf, n, arg);
        } else {
            buf[f->plen] = '\0';
            if (post)
                rc = fn(buf, f->n, arg);
            depth--;
        }
    }
    free(st);
    free(buf);
    return rc;
}

/* The deepest existing node on path; *plen gets the length of its path
 * within path (0 for the root). */
struct xs_node *xs_tree_nearest(const struct xs_tree *t, const char *path,
                                size_t *plen)
{
    struct xs_node *n = t->root;
    const char *p = path, *name;
    size_t len;
    int i;

    *plen = 0;
    while (xs_next_comp(&p, &name, &len)) {
        i = xs_node_find_kid(n, name, len);
        if (i < 0)
            break;
        n = n->kids[i];
        *plen = (size_t)(p - path);
    }
    return n;
}
