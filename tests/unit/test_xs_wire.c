/* SPDX-License-Identifier: BSD-2-Clause */
/* xenstored's wire protocol over a fake guest ring: replies, errors,
 * partial and wrapped messages, hostile indices and sizes, watches and
 * transactions as a guest sees them. */
#include "harness.h"
#include "xs_fake_os.h"
#include "../../dom0-tools/xenstored/xs_internal.h"

static struct xenstore_domain_interface *ring, *ring4;
static evtchn_port_t port, port4;
static char ev_log[1024];

static void ev_rec(const char *path, const char *token, void *arg)
{
    size_t l = strlen(ev_log);

    (void)arg;
    snprintf(ev_log + l, sizeof(ev_log) - l, "%s|%s;", path, token);
}

static struct xenstore_domain_interface *guest(domid_t d, evtchn_port_t *p)
{
    struct xenstore_domain_interface *r = fake_page_add(d, 100 + d);

    CHECK_EQ(xs_domain_setup(d, "g", 1024, 50, 8), 0);
    CHECK_EQ(xs_introduce_domain(d, 100 + d, 9), 0);
    *p = fake_port_of(d);
    return r;
}

static void setup(void)
{
    xs_store_reset();
    fake_reset();
    xenstored_init();
    ev_log[0] = '\0';
    ring = guest(3, &port);
}

static void req(uint32_t type, uint32_t id, uint32_t tx, const char *body,
                size_t len)
{
    ring_msg(ring, type, id, tx, body, len);
    fake_fire(port);
}

/* The next reply must be type/id with exactly this payload. */
static void expect(uint32_t type, uint32_t id, const char *body, size_t len)
{
    struct xsd_sockmsg h;
    char buf[XENSTORE_PAYLOAD_MAX + 1];

    CHECK_EQ(ring_get(ring, &h, buf, sizeof(buf)), 1);
    CHECK_EQ(h.type, type);
    CHECK_EQ(h.req_id, id);
    CHECK_EQ(h.len, len);
    CHECK(h.len == len && memcmp(buf, body, len) == 0);
}

#define S(s)         s, sizeof(s)
#define OK(type, id) expect(type, id, S("OK"))
#define ERR(id, e)   expect(XS_ERROR, id, S(e))

static void no_reply(void)
{
    CHECK_EQ(ring->rsp_prod - ring->rsp_cons, 0);
}

TEST(wire_introduce)
{
    char *v;

    setup();
    CHECK(port != 0);
    CHECK_EQ(fake_ports[port].remote_dom, 3);
    CHECK_EQ(fake_ports[port].remote_port, 9);
    CHECK_EQ(ring->server_features, 3);
    CHECK(xs_is_domain_introduced(3));
    CHECK_EQ(xs_read("/local/domain/3/store/ring-ref", &v, NULL), 0);
    CHECK_STR(v, "103");
    free(v);
    CHECK_EQ(xs_read("/local/domain/3/store/port", &v, NULL), 0);
    CHECK_STR(v, "9");
    free(v);
    CHECK_EQ(xs_introduce_domain(3, 103, 9), -EEXIST);
    CHECK_EQ(xs_introduce_domain(0, 1, 1), -EINVAL);
    CHECK_EQ(xs_introduce_domain(9, 999, 1), -22); /* no such page */
    CHECK(!xs_is_domain_introduced(9));
    fake_page_add(9, 999);
    fake_bind_err = -3;
    CHECK_EQ(xs_introduce_domain(9, 999, 1), -3);
    CHECK_EQ(fake_unmaps, 1);
    /* @introduceDomain reaches dom0's watch. */
    fake_bind_err = 0;
    CHECK_EQ(xs_watch("@introduceDomain", "in", ev_rec, NULL), 0);
    CHECK_EQ(xs_introduce_domain(9, 999, 1), 0);
    xenstored_poll();
    CHECK_STR(ev_log, "@introduceDomain|in;@introduceDomain|in;");
}

TEST(wire_basic_ops)
{
    setup();
    req(XS_WRITE, 1, 0, S("data/x\0hello") - 1);
    OK(XS_WRITE, 1);
    req(XS_READ, 2, 0, S("data/x"));
    expect(XS_READ, 2, "hello", 5);
    req(XS_READ, 3, 0, S("data/none"));
    ERR(3, "ENOENT");
    req(XS_READ, 4, 0, S("name"));
    expect(XS_READ, 4, "g", 1);
    req(XS_WRITE, 5, 0, S("name\0x") - 1);
    ERR(5, "EACCES");
    req(XS_READ, 6, 0, S("/local/domain/0/name"));
    ERR(6, "EACCES");
    req(XS_GET_PERMS, 7, 0, S("data"));
    expect(XS_GET_PERMS, 7, S("n3"));
    req(XS_SET_PERMS, 8, 0, S("data/x\0n3\0r0"));
    OK(XS_SET_PERMS, 8);
    req(XS_GET_PERMS, 9, 0, S("data/x"));
    expect(XS_GET_PERMS, 9, S("n3\0r0"));
    req(XS_MKDIR, 10, 0, S("data/d"));
    OK(XS_MKDIR, 10);
    req(XS_DIRECTORY, 11, 0, S("data"));
    expect(XS_DIRECTORY, 11, S("x\0d"));
    req(XS_RM, 12, 0, S("data/d"));
    OK(XS_RM, 12);
    req(XS_GET_DOMAIN_PATH, 13, 0, S("7"));
    expect(XS_GET_DOMAIN_PATH, 13, S("/local/domain/7"));
    no_reply();
}

TEST(wire_malformed_requests)
{
    setup();
    req(99, 1, 0, S("x"));
    ERR(1, "ENOSYS");
    req(XS_INTRODUCE, 2, 0, S("4\0001\0002"));
    ERR(2, "EACCES");
    req(XS_READ, 3, 0, "data", 4); /* no NUL */
    ERR(3, "EINVAL");
    req(XS_READ, 4, 0, S("data\0data"));
    ERR(4, "EINVAL");
    req(XS_READ, 5, 0, "", 0);
    ERR(5, "EINVAL");
    req(XS_READ, 6, 42, S("data"));
    ERR(6, "ENOENT"); /* no transaction 42 */
    req(XS_SET_PERMS, 7, 0, S("data\0q3"));
    ERR(7, "EINVAL");
    req(XS_WATCH, 8, 0, S("data"));
    ERR(8, "EINVAL");
    req(XS_GET_DOMAIN_PATH, 9, 0, S("x7"));
    ERR(9, "EINVAL");
    req(XS_SET_PERMS, 10, 0, S("data\0n4")); /* giving it away */
    ERR(10, "EINVAL");
    req(XS_READ, 11, 0, S("data"));
    expect(XS_READ, 11, "", 0); /* still served */
}

TEST(wire_partial_messages)
{
    struct xsd_sockmsg h = {XS_READ, 77, 0, 5};

    setup();
    ring_put(ring, &h, 7);
    fake_fire(port);
    no_reply();
    ring_put(ring, (char *)&h + 7, 9);
    fake_fire(port);
    no_reply();
    ring_put(ring, "na", 2);
    fake_fire(port);
    no_reply();
    ring_put(ring, "me", 3);
    fake_fire(port);
    expect(XS_READ, 77, "g", 1);
    CHECK_EQ(ring->req_cons, ring->req_prod);
    CHECK(fake_ports[port].notified > 0);
}

TEST(wire_wrapped_indices)
{
    setup();
    ring->req_cons = ring->req_prod = 0xFFFFFFF0u - 50;
    ring->rsp_cons = ring->rsp_prod = 0xFFFFFFFAu;
    for (uint32_t i = 0; i < 8; i++) {
        req(XS_READ, i, 0, S("name"));
        expect(XS_READ, i, "g", 1);
    }
    CHECK(ring->req_prod < 0x1000);
    CHECK(ring->rsp_prod < 0x1000);
    CHECK_EQ(ring->error, XENSTORE_ERROR_NONE);
}

TEST(wire_oversized_message_drops_connection)
{
    struct xsd_sockmsg h = {XS_WRITE, 1, 0, XENSTORE_PAYLOAD_MAX + 1};

    setup();
    req(XS_WATCH, 1, 0, S("data\0t"));
    OK(XS_WATCH, 1);
    expect(XS_WATCH_EVENT, 0, S("data\0t"));
    ring_put(ring, &h, sizeof(h));
    fake_fire(port);
    CHECK_EQ(ring->error, XENSTORE_ERROR_PROTO);
    CHECK(xs_is_domain_introduced(3));
    CHECK_EQ(xs_write("/local/domain/3/data/z", "1"), 0);
    req(XS_READ, 2, 0, S("name"));
    no_reply();
}

TEST(wire_garbage_indices)
{
    setup();
    ring->req_prod = ring->req_cons + XENSTORE_RING_SIZE + 1;
    fake_fire(port);
    CHECK_EQ(ring->error, XENSTORE_ERROR_RINGIDX);
    no_reply();
    /* Garbage on the reply side is caught when we write. */
    xs_release_domain(3);
    fake_reset();
    ring = guest(4, &port);
    ring->rsp_cons = ring->rsp_prod + 5000;
    req(XS_READ, 1, 0, S("name"));
    CHECK_EQ(ring->error, XENSTORE_ERROR_RINGIDX);
}

TEST(wire_reply_larger_than_ring)
{
    static char big[4000], got[4100];
    struct xsd_sockmsg h;
    size_t have = 0;

    setup();
    memset(big, 'b', sizeof(big) - 1);
    CHECK_EQ(xs_write("/local/domain/3/data/big", big), 0);
    req(XS_READ, 5, 0, S("data/big"));
    for (int spins = 0; spins < 20 && have < sizeof(h) + 3999; spins++) {
        while (ring->rsp_cons != ring->rsp_prod && have < sizeof(got))
            got[have++] = ring->rsp[MASK_XENSTORE_IDX(ring->rsp_cons++)];
        fake_fire(port);
    }
    memcpy(&h, got, sizeof(h));
    CHECK_EQ(have, sizeof(h) + 3999);
    CHECK_EQ(h.len, 3999);
    CHECK_EQ(h.req_id, 5);
    CHECK_EQ(memcmp(got + sizeof(h), big, 3999), 0);
}

TEST(wire_watches)
{
    setup();
    ring4 = guest(4, &port4);
    req(XS_WATCH, 1, 0, S("data\0tok"));
    OK(XS_WATCH, 1);
    expect(XS_WATCH_EVENT, 0, S("data\0tok"));
    req(XS_WATCH, 2, 0, S("data\0tok"));
    ERR(2, "EEXIST");
    /* Domain 4 watches 3's data: it gets the first event, no others. */
    ring_msg(ring4, XS_WATCH, 1, 0, S("/local/domain/3/data\0spy"));
    fake_fire(port4);
    CHECK_EQ(xs_write("/local/domain/3/data/y", "1"), 0);
    xenstored_poll();
    expect(XS_WATCH_EVENT, 0, S("data/y\0tok"));
    no_reply();
    ring = ring4;
    OK(XS_WATCH, 1);
    expect(XS_WATCH_EVENT, 0, S("/local/domain/3/data\0spy"));
    no_reply();
    ring = (void *)fake_pages[0].va;
    port = fake_port_of(3);
    req(XS_UNWATCH, 3, 0, S("data\0tok"));
    OK(XS_UNWATCH, 3);
    req(XS_UNWATCH, 4, 0, S("data\0tok"));
    ERR(4, "ENOENT");
    CHECK_EQ(xs_write("/local/domain/3/data/y", "2"), 0);
    xenstored_poll();
    no_reply();
    req(XS_WATCH, 5, 0, S("@releaseDomain\0r"));
    OK(XS_WATCH, 5);
    expect(XS_WATCH_EVENT, 0, S("@releaseDomain\0r"));
    req(XS_RESET_WATCHES, 6, 0, S(""));
    OK(XS_RESET_WATCHES, 6);
    req(XS_UNWATCH, 7, 0, S("@releaseDomain\0r"));
    ERR(7, "ENOENT");
}

TEST(wire_transactions)
{
    struct xsd_sockmsg h;
    char buf[64];

    setup();
    req(XS_TRANSACTION_START, 1, 0, S(""));
    CHECK_EQ(ring_get(ring, &h, buf, sizeof(buf)), 1);
    CHECK_EQ(h.type, XS_TRANSACTION_START);
    CHECK_STR(buf, "1");
    req(XS_WRITE, 2, 1, S("data/t\0v") - 1);
    OK(XS_WRITE, 2);
    req(XS_READ, 3, 0, S("data/t"));
    ERR(3, "ENOENT");
    req(XS_TRANSACTION_START, 4, 1, S(""));
    ERR(4, "EBUSY");
    req(XS_TRANSACTION_END, 5, 1, S("X"));
    ERR(5, "EINVAL");
    req(XS_TRANSACTION_END, 6, 1, S("T"));
    OK(XS_TRANSACTION_END, 6);
    req(XS_READ, 7, 0, S("data/t"));
    expect(XS_READ, 7, "v", 1);
    /* dom0 changes what the transaction read: commit says EAGAIN. */
    req(XS_TRANSACTION_START, 8, 0, S(""));
    CHECK_EQ(ring_get(ring, &h, buf, sizeof(buf)), 1);
    CHECK_STR(buf, "2");
    req(XS_READ, 9, 2, S("data/t"));
    expect(XS_READ, 9, "v", 1);
    CHECK_EQ(xs_write("/local/domain/3/data/t", "dom0"), 0);
    req(XS_TRANSACTION_END, 10, 2, S("T"));
    ERR(10, "EAGAIN");
    req(XS_TRANSACTION_END, 11, 2, S("T"));
    ERR(11, "ENOENT");
}

TEST(wire_directory_part)
{
    struct xsd_sockmsg h;
    char buf[128];
    size_t glen;

    setup();
    req(XS_MKDIR, 1, 0, S("data/aa"));
    OK(XS_MKDIR, 1);
    req(XS_MKDIR, 2, 0, S("data/b"));
    OK(XS_MKDIR, 2);
    req(XS_DIRECTORY_PART, 3, 0,
        S("data\0"
          "0"));
    CHECK_EQ(ring_get(ring, &h, buf, sizeof(buf)), 1);
    glen = strlen(buf) + 1;
    CHECK(glen > 1);
    CHECK_EQ(h.len, glen + 6);
    CHECK_EQ(memcmp(buf + glen, "aa\0b\0\0", 6), 0);
    req(XS_DIRECTORY_PART, 4, 0,
        S("data\0"
          "3"));
    CHECK_EQ(ring_get(ring, &h, buf, sizeof(buf)), 1);
    CHECK_EQ(h.len, glen + 3);
    CHECK_EQ(memcmp(buf + glen, "b\0\0", 3), 0);
    req(XS_DIRECTORY_PART, 5, 0,
        S("data\0"
          "99"));
    CHECK_EQ(ring_get(ring, &h, buf, sizeof(buf)), 1);
    CHECK_EQ(h.len, glen + 1);
}

TEST(wire_reconnect_and_release)
{
    setup();
    ring->req_prod = ring->req_cons + 5000;
    fake_fire(port);
    CHECK_EQ(ring->error, XENSTORE_ERROR_RINGIDX);
    ring->connection = XENSTORE_RECONNECT;
    fake_fire(port);
    CHECK_EQ(ring->connection, XENSTORE_CONNECTED);
    CHECK_EQ(ring->error, XENSTORE_ERROR_NONE);
    CHECK_EQ(ring->req_prod, 0);
    req(XS_READ, 1, 0, S("name"));
    expect(XS_READ, 1, "g", 1);
    CHECK_EQ(xs_watch("@releaseDomain", "rel", ev_rec, NULL), 0);
    CHECK_EQ(xs_release_domain(3), 0);
    CHECK(fake_ports[port].fn == NULL);
    CHECK_EQ(fake_ports[port].closed, 1);
    CHECK_EQ(fake_unmaps, 1);
    CHECK(!xs_is_domain_introduced(3));
    xenstored_poll();
    CHECK_STR(ev_log, "@releaseDomain|rel;@releaseDomain|rel;");
}
