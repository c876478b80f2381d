/* SPDX-License-Identifier: BSD-2-Clause */
/* xenstored internals: nodes and trees, connections, watches, transactions. */
#ifndef XS_INTERNAL_H
#define XS_INTERNAL_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <public/io/xs_wire.h>
#include <dom0/xenstored.h>

/* Limits for unprivileged domains (dom0 has none but the value size).
 * Xen's defaults where Xen has one; XS_QUOTA_TX_NODES is lower than Xen's
 * 1024 because each transaction may hold a private copy of what it
 * touched. */
#define XS_QUOTA_NODES        1000 /* nodes one domain owns */
#define XS_QUOTA_WATCHES      128
#define XS_QUOTA_TRANSACTIONS 10
#define XS_QUOTA_PERMS        5   /* ACL entries a domain may set */
#define XS_QUOTA_TX_NODES     256 /* nodes one transaction may touch */
#define XS_VALUE_MAX          XENSTORE_PAYLOAD_MAX
#define XS_OUT_MAX            65536 /* queued output of one ring connection */
#define XS_LOCAL_EVENTS_MAX   4096  /* queued dom0 watch callbacks */

#define XS_PERM_OWNER 0x08 /* internal: the caller may change perms */

struct xs_perm {
    domid_t id;
    uint8_t perms;
};

/* Nodes are shared between the store and transaction snapshots: a node
 * with refs > 1 is never changed in place but copied first (xs_tree_mut). */
struct xs_node {
    unsigned int refs;
    uint64_t gen; /* new whenever value, perms or the child names change */
    char *name;
    char *value;
    unsigned int vlen;
    struct xs_perm *perms; /* [0] is the owner and everyone's default */
    unsigned int nperms;
    struct xs_node **kids; /* in creation order, as Xen lists them */
    unsigned int nkids;
};

/* Nodes owned per unprivileged domain, for the node quota. */
struct xs_usage {
    domid_t id;
    unsigned int nodes;
};

struct xs_tree {
    struct xs_node *root;
    struct xs_usage *use;
    unsigned int nuse;
};

/* xs_node.c */
uint64_t xs_gen_next(void);
struct xs_node *xs_node_new(const char *name, size_t nlen,
                            const struct xs_perm *perms, unsigned int n);
void xs_node_put(struct xs_node *n);
int xs_node_set_value(struct xs_node *n, const void *val, unsigned int len);
int xs_node_set_perms(struct xs_node *n, const struct xs_perm *p,
                      unsigned int np);
int xs_node_add_kid(struct xs_node *parent, struct xs_node *kid);
int xs_node_find_kid(const struct xs_node *n, const char *name, size_t len);
void xs_node_del_kid(struct xs_node *parent, unsigned int idx);
int xs_tree_init(struct xs_tree *t);
int xs_tree_copy(struct xs_tree *dst, const struct xs_tree *src);
void xs_tree_free(struct xs_tree *t);
struct xs_node *xs_tree_find(const struct xs_tree *t, const char *path);
int xs_tree_mut(struct xs_tree *t, const char *path, struct xs_node **out);
struct xs_node *xs_tree_nearest(const struct xs_tree *t, const char *path,
                                size_t *plen);
unsigned int xs_tree_owned(const struct xs_tree *t, domid_t id);
int xs_tree_account(struct xs_tree *t, domid_t id, int delta);
/* Visit path's subtree, children before parents if post; fn's non-zero
 * return stops the walk and is returned. */
typedef int (*xs_walk_fn)(const char *path, struct xs_node *n, void *arg);
int xs_tree_walk(struct xs_node *n, const char *path, bool post, xs_walk_fn fn,
                 void *arg);

/* xs_path.c */
struct xs_conn;
int xs_canonical(const struct xs_conn *c, const char *in, bool special,
                 char **out);
char *xs_parent(const char *path);
char *xs_child_path(const char *parent, const char *name);
bool xs_is_child(const char *child, const char *parent);
unsigned int xs_perm_for(const struct xs_conn *c, const struct xs_perm *p,
                         unsigned int n);
int xs_perm_parse(const char *s, struct xs_perm *out);
int xs_perm_format(const struct xs_perm *p, char *buf, size_t n);
const char *xs_errname(int err);
char *xs_sanitise(const char *val, unsigned int len);
unsigned int xs_unsanitise(char *out, const char *in);

/* xs_conn.c: clients. dom0's in-process one has intf == NULL. */
struct xs_watch;
struct xs_tx;
struct xs_out;
struct xs_conn {
    struct xs_conn *next;
    domid_t id;
    bool priv;
    struct xs_watch *watches;
    unsigned int nwatches;
    struct xs_tx *txs;
    unsigned int ntxs;
    uint32_t next_txid;
    struct xenstore_domain_interface *intf;
    evtchn_port_t port;
    bool dead;    /* protocol violation: no longer served */
    bool notify;  /* tell the guest at the end of this pass */
    bool in_body; /* header complete, reading the payload */
    unsigned int in_used;
    struct xsd_sockmsg in_hdr;
    char *in_buf; /* XENSTORE_PAYLOAD_MAX + 1 */
    struct xs_out *out_head, *out_tail;
    size_t out_bytes;
};
extern struct xs_tree xs_store;
extern struct xs_conn xs_local;
extern struct xs_conn *xs_conns; /* ring connections */
struct xs_node *xs_special(const char *name);
void xs_specials_free(void);
struct xs_conn *xs_conn_find(domid_t id);
int xs_conn_send(struct xs_conn *c, uint32_t type, uint32_t req_id,
                 uint32_t tx_id, const void *data, size_t len);
const char *xs_conn_peek(struct xs_conn *c, size_t *len);
void xs_conn_consume(struct xs_conn *c, size_t n);
void xs_conn_reset(struct xs_conn *c);
void xs_conn_free(struct xs_conn *c);

/* xs_watch.c */
struct xs_event;
struct xs_evq {
    struct xs_event *head, *tail;
};
struct xs_ctx {
    struct xs_conn *conn;
    struct xs_tree *tree;
    struct xs_tx *tx;   /* inside a transaction: note accesses, log ops */
    struct xs_evq *evq; /* fired watch events (unused inside a tx) */
};
void xs_evq_flush(struct xs_evq *q);
void xs_evq_drop(struct xs_evq *q);
int xs_watch_add(struct xs_ctx *x, const char *path, const char *token,
                 xs_watch_fn fn, void *arg);
int xs_watch_del(struct xs_conn *c, const char *path, const char *token);
void xs_watch_del_all(struct xs_conn *c);
void xs_fire(struct xs_ctx *x, const char *name, const struct xs_node *n,
             bool exact, const struct xs_perm *old, unsigned int nold);
void xs_watch_deliver_local(void);

/* xs_ops.c: the operations, for the wire, the API and commit replay. */
int xs_op_read(struct xs_ctx *x, const char *path, const struct xs_node **n);
int xs_op_write(struct xs_ctx *x, const char *path, const void *val,
                unsigned int len);
int xs_op_mkdir(struct xs_ctx *x, const char *path);
int xs_op_rm(struct xs_ctx *x, const char *path);
int xs_op_get_perms(struct xs_ctx *x, const char *path,
                    const struct xs_node **n);
int xs_op_set_perms(struct xs_ctx *x, const char *path, const struct xs_perm *p,
                    unsigned int np);

/* xs_tx.c */
enum xs_txop_type { XS_TXOP_WRITE, XS_TXOP_MKDIR, XS_TXOP_RM, XS_TXOP_PERMS };
int xs_tx_start(struct xs_conn *c, uint32_t *id);
struct xs_tx *xs_tx_find(struct xs_conn *c, uint32_t id);
struct xs_tree *xs_tx_tree(struct xs_tx *tx);
int xs_tx_end(struct xs_conn *c, struct xs_tx *tx, bool commit);
void xs_tx_del_all(struct xs_conn *c);
int xs_tx_note(struct xs_tx *tx, const char *path);
int xs_tx_log(struct xs_tx *tx, enum xs_txop_type type, const char *path,
              const void *val, unsigned int vlen, const struct xs_perm *p,
              unsigned int np);

/* xs_ring.c */
void xs_ring_service(struct xs_conn *c);
void xs_ring_kill(struct xs_conn *c, uint32_t error);

/* xs_proto.c */
void xs_proto_handle(struct xs_conn *c, const struct xsd_sockmsg *h,
                     const char *body);

/* xs_api.c: back to an empty store with no clients (host tests). */
void xs_store_reset(void);

/* xs_domain.c */
int xs_domain_fire_special(const char *name);
void xs_domain_forget(domid_t id);

#endif
