/* SPDX-License-Identifier: BSD-2-Clause */
/* xenstored's store: tree operations, Xen's permission rules, watches,
 * transactions and quotas, through dom0's API and as a domU sees them. */
#include "harness.h"
#include "xs_fake_os.h"
#include "../../dom0-tools/xenstored/xs_internal.h"

static struct xs_conn dom5 = {.id = 5}, dom6 = {.id = 6};
static char ev_log[8192];

static void ev_rec(const char *path, const char *token, void *arg)
{
    size_t l = strlen(ev_log);

    (void)arg;
    snprintf(ev_log + l, sizeof(ev_log) - l, "%s|%s;", path, token);
}

static void setup(void)
{
    xs_store_reset();
    fake_reset();
    xenstored_init();
    dom5 = (struct xs_conn){.id = 5};
    dom6 = (struct xs_conn){.id = 6};
    ev_log[0] = '\0';
}

/* An operation as domain c's ring request would run it (tx may be 0). */
#define CTX(c, tx)                                                             \
    struct xs_evq q = {NULL, NULL};                                            \
    struct xs_tx *t = (tx) ? xs_tx_find(c, tx) : NULL;                         \
    struct xs_ctx x = {c, t ? xs_tx_tree(t) : &xs_store, t, &q}

static int as_write(struct xs_conn *c, uint32_t tx, const char *p,
                    const char *v)
{
    CTX(c, tx);
    int rc = xs_op_write(&x, p, v, (unsigned int)strlen(v));

    xs_evq_flush(&q);
    return rc;
}

static int as_read(struct xs_conn *c, uint32_t tx, const char *p,
                   const char **v)
{
    CTX(c, tx);
    const struct xs_node *n;
    int rc = xs_op_read(&x, p, &n);

    *v = rc ? NULL : n->value ? n->value : "";
    return rc;
}

static int as_perms(struct xs_conn *c, const char *p, const char *spec)
{
    CTX(c, 0);
    struct xs_perm perms[8];
    unsigned int n = 0;
    char buf[64], *tok;
    int rc;

    snprintf(buf, sizeof(buf), "%s", spec);
    for (tok = strtok(buf, " "); tok; tok = strtok(NULL, " "))
        if (xs_perm_parse(tok, &perms[n++]))
            return -999;
    rc = xs_op_set_perms(&x, p, perms, n);
    xs_evq_flush(&q);
    return rc;
}

static const char *rd(const char *path)
{
    static char *last;

    free(last);
    last = NULL;
    return xs_read(path, &last, NULL) ? "<err>" : last;
}

static const char *perm_str(const char *path)
{
    static char buf[128];
    struct xs_permissions *p;
    unsigned int n;
    size_t l = 0;

    buf[0] = '\0';
    if (xs_get_perms(path, &p, &n))
        return "<err>";
    for (unsigned int i = 0; i < n; i++) {
        struct xs_perm q = {p[i].id, (uint8_t)p[i].perms};
        l += (size_t)xs_perm_format(&q, buf + l, sizeof(buf) - l);
        if (i + 1 < n)
            buf[l++] = ',';
        buf[l] = '\0';
    }
    free(p);
    return buf;
}

TEST(xs_base_tree)
{
    unsigned int n;
    char **d;

    setup();
    CHECK_STR(rd("/local/domain/0/name"), "Domain-0");
    CHECK_STR(rd("/local/domain/0/domid"), "0");
    CHECK_STR(rd("/tool/xenstored"), "");
    d = xs_directory("/", &n, NULL);
    CHECK_EQ(n, 3);
    CHECK_STR(d[0], "tool");
    CHECK_STR(d[1], "local");
    CHECK_STR(d[2], "vm");
    CHECK(d[3] == NULL);
    free(d);
    CHECK_STR(perm_str("/"), "n0");
    CHECK_STR(perm_str("@releaseDomain"), "n0");
}

TEST(xs_tree_ops)
{
    unsigned int n, len;
    int err;
    char **d, *v;

    setup();
    CHECK_EQ(xs_write("/a/b/c", "v1"), 0);
    CHECK_STR(rd("/a/b/c"), "v1");
    CHECK_STR(rd("/a/b"), "");
    CHECK_EQ(xs_write("/a/b/c", "v2"), 0);
    CHECK_STR(rd("/a/b/c"), "v2");
    CHECK_EQ(xs_mkdir("/a/b/d"), 0);
    CHECK_EQ(xs_mkdir("/a/b/d"), 0);
    d = xs_directory("/a/b", &n, &err);
    CHECK_EQ(n, 2);
    CHECK_STR(d[0], "c");
    CHECK_STR(d[1], "d");
    free(d);
    CHECK(xs_directory("/nope", &n, &err) == NULL);
    CHECK_EQ(err, -ENOENT);
    CHECK_EQ(xs_write_bytes("/bin", "x\0y", 3), 0);
    CHECK_EQ(xs_read("/bin", &v, &len), 0);
    CHECK_EQ(len, 3);
    CHECK_EQ(memcmp(v, "x\0y", 4), 0);
    free(v);
    CHECK_EQ(xs_rm("/a/b"), 0);
    CHECK_EQ(xs_read("/a/b/c", &v, NULL), -ENOENT);
    CHECK(v == NULL);
    CHECK_STR(rd("/a"), "");
    CHECK_EQ(xs_rm("/a/gone"), 0);      /* parent exists: fine */
    CHECK_EQ(xs_rm("/a/x/y"), -ENOENT); /* parent missing */
    CHECK_EQ(xs_rm("/"), -EINVAL);
    CHECK_EQ(xs_write("relative", "r"), 0);
    CHECK_STR(rd("/local/domain/0/relative"), "r");
}

TEST(xs_bad_paths_and_sizes)
{
    static char big[XS_VALUE_MAX + 2];

    setup();
    CHECK_EQ(xs_write("/a/", "x"), -EINVAL);
    CHECK_EQ(xs_write("/a//b", "x"), -EINVAL);
    CHECK_EQ(xs_write("/a b", "x"), -EINVAL);
    CHECK_EQ(xs_write("@introduceDomain", "x"), -EINVAL);
    CHECK_EQ(xs_write("", "x"), -EINVAL);
    memset(big, 'x', XS_VALUE_MAX);
    CHECK_EQ(xs_write("/big", big), 0);
    big[XS_VALUE_MAX] = 'x';
    CHECK_EQ(xs_write("/big", big), -E2BIG);
    CHECK_EQ(strlen(rd("/big")), XS_VALUE_MAX);
}

/* Domain 5's directory as libxl makes it: dom0 owns it, 5 reads it. */
static void make_dom5(void)
{
    CHECK_EQ(xs_domain_setup(5, "guest", 65536, 1234, 7), 0);
    CHECK_EQ(xs_write("/local/domain/5/secret/x", "s"), 0);
    CHECK_EQ(xs_set_perms("/local/domain/5/secret",
                          (struct xs_permissions[]){{0, XS_PERM_NONE}}, 1),
             0);
    CHECK_EQ(xs_set_perms("/local/domain/5/secret/x",
                          (struct xs_permissions[]){{0, XS_PERM_NONE}}, 1),
             0);
}

TEST(xs_domain_layout)
{
    setup();
    make_dom5();
    CHECK_STR(rd("/local/domain/5/name"), "guest");
    CHECK_STR(rd("/local/domain/5/domid"), "5");
    CHECK_STR(rd("/local/domain/5/memory/target"), "65536");
    CHECK_STR(rd("/local/domain/5/memory/static-max"), "65536");
    CHECK_STR(rd("/local/domain/5/console/ring-ref"), "1234");
    CHECK_STR(rd("/local/domain/5/console/port"), "7");
    CHECK_STR(rd("/local/domain/5/console/type"), "xenconsoled");
    CHECK_STR(perm_str("/local/domain/5"), "n0,r5");
    CHECK_STR(perm_str("/local/domain/5/name"), "n0,r5");
    CHECK_STR(perm_str("/local/domain/5/data"), "n5");
    CHECK_STR(perm_str("/local/domain/5/control/shutdown"), "n5");
    CHECK_EQ(xs_domain_setup(0, "x", 1, 1, 1), -EINVAL);
}

TEST(xs_perms_domu)
{
    const char *v;

    setup();
    make_dom5();
    /* Its own tree: read yes, write only where it owns. */
    CHECK_EQ(as_read(&dom5, 0, "/local/domain/5/name", &v), 0);
    CHECK_STR(v, "guest");
    CHECK_EQ(as_read(&dom5, 0, "name", &v), 0); /* relative */
    CHECK_EQ(as_write(&dom5, 0, "name", "evil"), -EACCES);
    CHECK_EQ(as_write(&dom5, 0, "data/mine", "1"), 0);
    CHECK_STR(perm_str("/local/domain/5/data/mine"), "n5");
    CHECK_EQ(as_read(&dom5, 0, "secret/x", &v), -EACCES);
    /* Missing nodes: ENOENT only where the parent lets it look. */
    CHECK_EQ(as_read(&dom5, 0, "data/none", &v), -ENOENT);
    CHECK_EQ(as_read(&dom5, 0, "secret/none", &v), -EACCES);
    /* Another domain is denied everything of domain 5. */
    CHECK_EQ(as_read(&dom6, 0, "/local/domain/5/name", &v), -EACCES);
    CHECK_EQ(as_read(&dom6, 0, "/local/domain/5/data/mine", &v), -EACCES);
    CHECK_EQ(as_write(&dom6, 0, "/local/domain/5/data/x", "1"), -EACCES);
    CHECK_EQ(as_write(&dom6, 0, "/tool/x", "1"), -EACCES);
    CHECK_EQ(as_read(&dom6, 0, "/local/domain/5/nothing", &v), -EACCES);
    /* An ACL entry lets 6 in; then only the owner may change perms. */
    CHECK_EQ(as_perms(&dom5, "data/mine", "n5 r6"), 0);
    CHECK_EQ(as_read(&dom6, 0, "/local/domain/5/data/mine", &v), 0);
    CHECK_EQ(as_perms(&dom6, "/local/domain/5/data/mine", "n6"), -EACCES);
    CHECK_EQ(as_perms(&dom5, "data/mine", "n6"), -EPERM);
    CHECK_EQ(as_perms(&dom5, "data/mine", "n5 r1 r2 r3 r4 r6"), -ENOSPC);
    CHECK_EQ(as_perms(&dom5, "@releaseDomain", "r5"), -EACCES);
}

TEST(xs_watches_dom0)
{
    setup();
    make_dom5();
    CHECK_EQ(xs_watch("/local/domain/5", "t5", ev_rec, NULL), 0);
    CHECK_EQ(xs_watch("/local/domain/5", "t5", ev_rec, NULL), -EEXIST);
    CHECK_EQ(xs_watch("/local/domain/5/data/x", "tx", ev_rec, NULL), 0);
    CHECK_EQ(xs_watch("@releaseDomain", "rel", ev_rec, NULL), 0);
    xenstored_poll();
    CHECK_STR(ev_log, "/local/domain/5|t5;/local/domain/5/data/x|tx;"
                      "@releaseDomain|rel;");
    ev_log[0] = '\0';
    CHECK_EQ(xs_write("/local/domain/5/data/x/y", "1"), 0);
    CHECK_EQ(xs_write("/local/domain/6/z", "1"), 0);
    CHECK_EQ(xs_write("/local/domain/5/data", "v"), 0);
    xenstored_poll();
    CHECK_STR(ev_log, "/local/domain/5/data/x/y|t5;/local/domain/5/data/x/y|"
                      "tx;/local/domain/5/data|t5;");
    /* Removing a parent fires exactly on watched nodes below it. */
    ev_log[0] = '\0';
    CHECK_EQ(xs_rm("/local/domain/5/data"), 0);
    xenstored_poll();
    CHECK_STR(ev_log, "/local/domain/5/data/x|tx;/local/domain/5/data|t5;");
    ev_log[0] = '\0';
    CHECK_EQ(xs_write("/local/domain/5/data/x", "1"), 0);
    CHECK_EQ(xs_unwatch("/local/domain/5", "t5"), 0);
    CHECK_EQ(xs_unwatch("/local/domain/5", "t5"), -ENOENT);
    CHECK_EQ(xs_unwatch("/local/domain/5/data/x", "tx"), 0);
    xenstored_poll();
    CHECK_STR(ev_log, ""); /* pending events of a removed watch are gone */
}

/* Start a transaction for c. */
static uint32_t tx_start(struct xs_conn *c)
{
    uint32_t id = 0;

    CHECK_EQ(xs_tx_start(c, &id), 0);
    return id;
}

TEST(xs_transactions)
{
    const char *v;
    uint32_t t;

    setup();
    CHECK_EQ(xs_write("/t/a", "1"), 0);
    CHECK_EQ(xs_watch("/t", "w", ev_rec, NULL), 0);
    xenstored_poll();
    ev_log[0] = '\0';
    t = tx_start(&xs_local);
    CHECK_EQ(as_write(&xs_local, t, "/t/b", "2"), 0);
    CHECK_EQ(as_read(&xs_local, t, "/t/b", &v), 0);
    CHECK_STR(v, "2");
    CHECK_EQ(as_read(&xs_local, 0, "/t/b", &v), -ENOENT); /* not yet */
    xenstored_poll();
    CHECK_STR(ev_log, "");
    CHECK_EQ(xs_tx_end(&xs_local, xs_tx_find(&xs_local, t), true), 0);
    CHECK_STR(rd("/t/b"), "2");
    xenstored_poll();
    CHECK_STR(ev_log, "/t/b|w;"); /* fired at commit */
    /* Conflict: something it read changed meanwhile. */
    t = tx_start(&xs_local);
    CHECK_EQ(as_read(&xs_local, t, "/t/a", &v), 0);
    CHECK_EQ(as_write(&xs_local, t, "/t/c", "3"), 0);
    CHECK_EQ(xs_write("/t/a", "changed"), 0);
    CHECK_EQ(xs_tx_end(&xs_local, xs_tx_find(&xs_local, t), true), -EAGAIN);
    CHECK_STR(rd("/t/c"), "<err>");
    /* No conflict when the change is elsewhere; abort drops it all. */
    t = tx_start(&xs_local);
    CHECK_EQ(as_write(&xs_local, t, "/t/a", "tx"), 0);
    CHECK_EQ(xs_write("/other", "x"), 0);
    CHECK_EQ(xs_tx_end(&xs_local, xs_tx_find(&xs_local, t), true), 0);
    CHECK_STR(rd("/t/a"), "tx");
    t = tx_start(&xs_local);
    CHECK_EQ(as_write(&xs_local, t, "/t/a", "aborted"), 0);
    CHECK_EQ(xs_tx_end(&xs_local, xs_tx_find(&xs_local, t), false), 0);
    CHECK_STR(rd("/t/a"), "tx");
}

TEST(xs_transaction_rm_conflict)
{
    uint32_t t1, t2;

    setup();
    CHECK_EQ(xs_write("/r/x", "1"), 0);
    t1 = tx_start(&xs_local);
    t2 = tx_start(&xs_local);
    CHECK_EQ(xs_op_rm(&(struct xs_ctx){&xs_local,
                                       xs_tx_tree(xs_tx_find(&xs_local, t1)),
                                       xs_tx_find(&xs_local, t1), NULL},
                      "/r"),
             0);
    CHECK_EQ(as_write(&xs_local, t2, "/r/x", "2"), 0);
    CHECK_EQ(xs_tx_end(&xs_local, xs_tx_find(&xs_local, t2), true), 0);
    CHECK_EQ(xs_tx_end(&xs_local, xs_tx_find(&xs_local, t1), true), -EAGAIN);
    CHECK_STR(rd("/r/x"), "2");
}

TEST(xs_quotas)
{
    char path[64];
    uint32_t id;
    unsigned int owned;
    int rc = 0;

    setup();
    make_dom5();
    owned = xs_tree_owned(&xs_store, 5);
    CHECK_EQ(owned, 10); /* the guest-writable directories */
    for (unsigned int i = 0; i < XS_QUOTA_NODES - owned && !rc; i++) {
        snprintf(path, sizeof(path), "data/n%u", i);
        rc = as_write(&dom5, 0, path, "x");
    }
    CHECK_EQ(rc, 0);
    CHECK_EQ(as_write(&dom5, 0, "data/onemore", "x"), -ENOSPC);
    CHECK_EQ(xs_rm("/local/domain/5/data/n0"), 0);
    CHECK_EQ(as_write(&dom5, 0, "data/onemore", "x"), 0);
    for (unsigned int i = 0; i < XS_QUOTA_TRANSACTIONS; i++)
        CHECK_EQ(xs_tx_start(&dom5, &id), 0);
    CHECK_EQ(xs_tx_start(&dom5, &id), -ENOSPC);
    xs_tx_del_all(&dom5);
}

TEST(xs_release_forgets_domain)
{
    setup();
    make_dom5();
    fake_page_add(5, 77);
    CHECK_EQ(xs_introduce_domain(5, 77, 3), 0);
    CHECK_EQ(as_write(&dom5, 0, "data/mine", "1"), 0);
    CHECK_EQ(as_perms(&dom5, "data/mine", "n5 r6"), 0);
    CHECK_EQ(xs_release_domain(5), 0);
    CHECK_EQ(xs_release_domain(5), -ENOENT);
    /* Its nodes pass to dom0 and ACL entries naming it go. */
    CHECK_STR(perm_str("/local/domain/5/data/mine"), "n0,r6");
    CHECK_STR(perm_str("/local/domain/5/data"), "n0");
    CHECK_STR(perm_str("/local/domain/5"), "n0");
    CHECK_EQ(xs_tree_owned(&xs_store, 5), 0);
    CHECK_EQ(xs_rm("/local/domain/5"), 0);
}
