/* SPDX-License-Identifier: BSD-2-Clause */
/* xenstored: transactions on a copy-on-write snapshot of the store.
 *
 * A transaction works on its own copy of the tree taken at
 * TRANSACTION_START (sharing every node it does not change) and notes
 * each path it reads or changes. Commit fails with EAGAIN if any noted
 * node differs between the start snapshot and the store now (its value,
 * perms or child names changed, or it appeared or vanished) - the rule of
 * Xen's C xenstored, with the generation taken at start rather than at
 * first access. Otherwise the logged operations are replayed on a copy of
 * the store, with the owner's rights and quotas, and the result replaces
 * the store at once; watches fire only then. */
#include <stdlib.h>
#include <string.h>

#include "xs_internal.h"

struct xs_txop {
    enum xs_txop_type type;
    char *path;
    char *val;
    unsigned int vlen;
    struct xs_perm *perms;
    unsigned int np;
};

struct xs_tx {
    struct xs_tx *next;
    uint32_t id;
    bool priv;
    bool failed;         /* out of memory while logging: cannot commit */
    struct xs_tree base; /* the store at start */
    struct xs_tree tree; /* what the transaction sees */
    char **acc;
    unsigned int nacc;
    struct xs_txop *ops;
    unsigned int nops;
};

struct xs_tx *xs_tx_find(struct xs_conn *c, uint32_t id)
{
    for (struct xs_tx *t = c->txs; t; t = t->next)
        if (t->id == id)
            return t;
    return NULL;
}

struct xs_tree *xs_tx_tree(struct xs_tx *tx)
{
    return &tx->tree;
}

static void xs_tx_free(struct xs_tx *tx)
{
    for (unsigned int i = 0; i < tx->nacc; i++)
        free(tx->acc[i]);
    for (unsigned int i = 0; i < tx->nops; i++) {
        free(tx->ops[i].path);
        free(tx->ops[i].val);
        free(tx->ops[i].perms);
    }
    free(tx->acc);
    free(tx->ops);
    xs_tree_free(&tx->base);
    xs_tree_free(&tx->tree);
    free(tx);
}

int xs_tx_start(struct xs_conn *c, uint32_t *id)
{
    struct xs_tx *tx;

    if (!c->priv && c->ntxs >= XS_QUOTA_TRANSACTIONS)
        return -ENOSPC;
    tx = calloc(1, sizeof(*tx));
    if (!tx)
        return -ENOMEM;
    if (xs_tree_copy(&tx->base, &xs_store) ||
        xs_tree_copy(&tx->tree, &xs_store)) {
        xs_tx_free(tx);
        return -ENOMEM;
    }
    do {
        tx->id = ++c->next_txid;
    } while (tx->id == 0 || xs_tx_find(c, tx->id));
    tx->priv = c->priv;
    tx->next = c->txs;
    c->txs = tx;
    c->ntxs++;
    *id = tx->id;
    return 0;
}

int xs_tx_note(struct xs_tx *tx, const char *path)
{
    char **acc;

    for (unsigned int i = 0; i < tx->nacc; i++)
        if (strcmp(tx->acc[i], path) == 0)
            return 0;
    if (!tx->priv && tx->nacc >= XS_QUOTA_TX_NODES)
        return -ENOSPC;
    acc = realloc(tx->acc, (tx->nacc + 1) * sizeof(*acc));
    if (!acc)
        return -ENOMEM;
    tx->acc = acc;
    acc[tx->nacc] = strdup(path);
    if (!acc[tx->nacc])
        return -ENOMEM;
    tx->nacc++;
    return 0;
}

static void *xs_dup(const void *p, size_t n)
{
    void *d = malloc(n ? n : 1);

    if (d && n)
        memcpy(d, p, n);
    return d;
}

int xs_tx_log(struct xs_tx *tx, enum xs_txop_type type, const char *path,
              const void *val, unsigned int vlen, const struct xs_perm *p,
              unsigned int np)
{
    struct xs_txop *ops = realloc(tx->ops, (tx->nops + 1) * sizeof(*ops));
    struct xs_txop *op;

    if (!ops) {
        tx->failed = true;
        return -ENOMEM;
    }
    tx->ops = ops;
    op = &ops[tx->nops];
    *op = (struct xs_txop){
        type, strdup(path), xs_dup(val, vlen), vlen, xs_dup(p, np * sizeof(*p)),
        np};
    if (!op->path || !op->val || !op->perms) {
        free(op->path);
        free(op->val);
        free(op->perms);
        tx->failed = true;
        return -ENOMEM;
    }
    tx->nops++;
    return 0;
}

/* Did anything the transaction looked at change since it started? */
static int xs_tx_check(const struct xs_tx *tx)
{
    for (unsigned int i = 0; i < tx->nacc; i++) {
        const struct xs_node *a = xs_tree_find(&tx->base, tx->acc[i]);
        const struct xs_node *b = xs_tree_find(&xs_store, tx->acc[i]);
        if ((a ? a->gen : 0) != (b ? b->gen : 0))
            return -EAGAIN;
    }
    return 0;
}

static int xs_tx_apply(struct xs_ctx *x, const struct xs_txop *op)
{
    switch (op->type) {
    case XS_TXOP_WRITE:
        return xs_op_write(x, op->path, op->val, op->vlen);
    case XS_TXOP_MKDIR:
        return xs_op_mkdir(x, op->path);
    case XS_TXOP_RM:
        return xs_op_rm(x, op->path);
    case XS_TXOP_PERMS:
        return xs_op_set_perms(x, op->path, op->perms, op->np);
    }
    return -EINVAL;
}

static int xs_tx_commit(struct xs_conn *c, struct xs_tx *tx)
{
    struct xs_tree scratch;
    struct xs_evq q = {NULL, NULL};
    struct xs_ctx x = {c, &scratch, NULL, &q};
    int rc = tx->failed ? -EAGAIN : xs_tx_check(tx);

    if (rc || !tx->nops)
        return rc;
    if (xs_tree_copy(&scratch, &xs_store))
        return -ENOMEM;
    for (unsigned int i = 0; !rc && i < tx->nops; i++)
        rc = xs_tx_apply(&x, &tx->ops[i]);
    if (rc) {
        xs_tree_free(&scratch);
        xs_evq_drop(&q);
        return rc;
    }
    xs_tree_free(&xs_store);
    xs_store = scratch;
    xs_evq_flush(&q);
    return 0;
}

int xs_tx_end(struct xs_conn *c, struct xs_tx *tx, bool commit)
{
    struct xs_tx **pp;
    int rc;

    for (pp = &c->txs; *pp != tx; pp = &(*pp)->next)
        ;
    *pp = tx->next;
    c->ntxs--;
    rc = commit ? xs_tx_commit(c, tx) : 0;
    xs_tx_free(tx);
    return rc;
}

void xs_tx_del_all(struct xs_conn *c)
{
    struct xs_tx *tx;

    while ((tx = c->txs)) {
        c->txs = tx->next;
        xs_tx_free(tx);
    }
    c->ntxs = 0;
}
