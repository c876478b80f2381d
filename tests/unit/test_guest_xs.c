/* SPDX-License-Identifier: BSD-2-Clause */
/* Host tests of the sample guests' xenstore client against a fake
 * xenstored that speaks the wire protocol over a real ring page. */
#include "harness.h"
#include "xs.h"

#define FAKE_NODES 16
#define FAKE_OUT   16384

static struct xenstore_domain_interface page __attribute__((aligned(4096)));
static struct start_info si = {.store_mfn = 0x1234, .store_evtchn = 3};

/* The fake daemon: a flat node table, one watch, an output queue that
 * drains into rsp[] as space allows (so big replies take several turns). */
static struct {
    char path[FAKE_NODES][64];
    char val[FAKE_NODES][4096];
    char watch[64], token[16];
    char in[8192];
    size_t in_len;
    char out[FAKE_OUT];
    size_t out_len, out_off;
    char perms[64];
    size_t perms_len;
    bool huge_reply; /* next reply claims 5000 bytes */
    unsigned int sends;
} fake;

size_t strlcpy(char *dst, const char *src, size_t size)
{
    size_t n = strlen(src);

    if (size) {
        size_t c = n < size - 1 ? n : size - 1;
        memcpy(dst, src, c);
        dst[c] = '\0';
    }
    return n;
}

bool guest_is_initial(void)
{
    return false;
}

void *guest_map_mfn(xen_pfn_t mfn, void *spare)
{
    (void)spare;
    return mfn == 0x1234 ? &page : NULL;
}

static void fake_queue(uint32_t type, uint32_t req_id, const void *p,
                       uint32_t len)
{
    struct xsd_sockmsg h = {type, req_id, 0, len};

    if (fake.huge_reply) {
        h.len = 5000;
        fake.huge_reply = false;
    }
    memcpy(fake.out + fake.out_len, &h, sizeof(h));
    memcpy(fake.out + fake.out_len + sizeof(h), p, len);
    fake.out_len += sizeof(h) + len;
}

static int fake_find(const char *path)
{
    for (int i = 0; i < FAKE_NODES; i++)
        if (fake.path[i][0] && !strcmp(fake.path[i], path))
            return i;
    return -1;
}

/* Like Xen: a write fires a matching watch before the writer's reply. */
static void fake_fire(const char *path)
{
    char ev[160];
    size_t n = strlen(path) + 1, t = strlen(fake.token) + 1;

    if (!fake.watch[0] || strncmp(path, fake.watch, strlen(fake.watch)))
        return;
    memcpy(ev, path, n);
    memcpy(ev + n, fake.token, t);
    fake_queue(XS_WATCH_EVENT, 0, ev, (uint32_t)(n + t));
}

static void fake_write(const struct xsd_sockmsg *h, const char *p)
{
    size_t plen = strlen(p) + 1;
    int i = fake_find(p);

    for (int j = 0; i < 0 && j < FAKE_NODES; j++)
        if (!fake.path[j][0])
            i = j;
    strlcpy(fake.path[i], p, sizeof(fake.path[i]));
    memcpy(fake.val[i], p + plen, h->len - plen);
    fake.val[i][h->len - plen] = '\0';
    fake_fire(p);
    fake_queue(XS_WRITE, h->req_id, "OK", 3);
}

static void fake_directory(const struct xsd_sockmsg *h, const char *p)
{
    char list[1024];
    size_t n = 0, plen = strlen(p);

    for (int i = 0; i < FAKE_NODES; i++) {
        const char *c = fake.path[i] + plen + 1;

        if (fake.path[i][0] && !strncmp(fake.path[i], p, plen) &&
            fake.path[i][plen] == '/' && !strchr(c, '/')) {
            memcpy(list + n, c, strlen(c) + 1);
            n += strlen(c) + 1;
        }
    }
    fake_queue(XS_DIRECTORY, h->req_id, list, (uint32_t)n);
}

static void fake_handle(const struct xsd_sockmsg *h, const char *p)
{
    int i;

    switch (h->type) {
    case XS_READ:
        if ((i = fake_find(p)) < 0)
            fake_queue(XS_ERROR, h->req_id, "ENOENT", 7);
        else if (!strcmp(fake.val[i], "BOGUS"))
            fake_queue(XS_ERROR, h->req_id, "EWHAT", 6);
        else
            fake_queue(XS_READ, h->req_id, fake.val[i],
                       (uint32_t)strlen(fake.val[i]));
        break;
    case XS_WRITE:
        fake_write(h, p);
        break;
    case XS_DIRECTORY:
        fake_directory(h, p);
        break;
    case XS_SET_PERMS:
        memcpy(fake.perms, p, h->len);
        fake.perms_len = h->len;
        fake_queue(XS_SET_PERMS, h->req_id, "OK", 3);
        break;
    case XS_WATCH:
        strlcpy(fake.watch, p, sizeof(fake.watch));
        strlcpy(fake.token, p + strlen(p) + 1, sizeof(fake.token));
        fake_queue(XS_WATCH, h->req_id, "OK", 3);
        fake_fire(p); /* Xen fires a new watch once */
        break;
    default:
        fake_queue(XS_ERROR, h->req_id, "ENOSYS", 7);
    }
}

/* One turn of the daemon: take whole requests, move output to rsp[]. */
static void fake_step(void)
{
    struct xsd_sockmsg h;

    while (page.req_cons != page.req_prod)
        fake.in[fake.in_len++] = page.req[MASK_XENSTORE_IDX(page.req_cons++)];
    while (fake.in_len >= sizeof(h)) {
        memcpy(&h, fake.in, sizeof(h));
        if (fake.in_len < sizeof(h) + h.len)
            break;
        fake.in[sizeof(h) + h.len] = '\0'; /* terminate the last string */
        fake_handle(&h, fake.in + sizeof(h));
        memmove(fake.in, fake.in + sizeof(h) + h.len,
                fake.in_len - sizeof(h) - h.len);
        fake.in_len -= sizeof(h) + h.len;
    }
    while (fake.out_off < fake.out_len &&
           page.rsp_prod - page.rsp_cons < XENSTORE_RING_SIZE)
        page.rsp[MASK_XENSTORE_IDX(page.rsp_prod++)] = fake.out[fake.out_off++];
    if (fake.out_off == fake.out_len)
        fake.out_off = fake.out_len = 0;
}

int evtchn_send(evtchn_port_t port)
{
    CHECK_EQ(port, 3);
    fake.sends++;
    fake_step();
    return 0;
}

unsigned int evtchn_wait(const evtchn_port_t *ports, unsigned int n)
{
    CHECK_EQ(n, 1);
    CHECK_EQ(ports[0], 3);
    fake_step();
    return 0;
}

static void setup(void)
{
    char ev[64];

    memset(&page, 0, sizeof(page));
    memset(&fake, 0, sizeof(fake));
    CHECK_EQ(xs_init(&si), 0);
    while (xs_next_event(ev, sizeof(ev)))
        ;
}

TEST(no_store_page_means_no_xenstore)
{
    struct start_info none = {0};

    CHECK_EQ(xs_init(&none), -ENODEV);
    CHECK(!xs_available());
    CHECK_EQ(xs_read("domid", NULL, 0), -ENODEV);
}

TEST(read_missing_node_is_enoent)
{
    char v[8];

    setup();
    CHECK(xs_available());
    CHECK_EQ(xs_port(), 3);
    CHECK_EQ(xs_read("/nope", v, sizeof(v)), -ENOENT);
}

TEST(write_then_read_round_trips)
{
    char v[8];

    setup();
    CHECK_EQ(xs_write("domid", "7"), 0);
    CHECK_STR(fake.val[0], "7"); /* the value travels without a NUL */
    CHECK_EQ(xs_read("domid", v, sizeof(v)), 1);
    CHECK_STR(v, "7");
    CHECK_EQ(xs_write("name", "a-long-name"), 0);
    CHECK_EQ(xs_read("name", v, sizeof(v)), 11);
    CHECK_STR(v, "a-long-"); /* cut to the buffer */
}

TEST(unknown_error_names_map_to_einval)
{
    char v[8];

    setup();
    CHECK_EQ(xs_write("/x", "BOGUS"), 0);
    CHECK_EQ(xs_read("/x", v, sizeof(v)), -EINVAL);
}

TEST(directory_lists_whole_names_only)
{
    char names[16];

    setup();
    xs_write("/d/a", "1");
    xs_write("/d/bb", "2");
    xs_write("/d/ccccccccc", "3");
    xs_write("/d/a/deeper", "4");
    CHECK_EQ(xs_directory("/d", names, sizeof(names)), 3);
    CHECK_STR(names, "a");
    CHECK_STR(names + 2, "bb");
    CHECK_STR(names + 5, "ccccccccc");
    CHECK_EQ(xs_directory("/d", names, 6), 2); /* "ccccccccc" is left out */
    CHECK_EQ(xs_directory("/empty", names, sizeof(names)), 0);
}

TEST(set_perms_sends_path_then_each_perm)
{
    const char *perms[] = {"b5", "r0"};

    setup();
    CHECK_EQ(xs_set_perms("/p", perms, 2), 0);
    CHECK_EQ(fake.perms_len, 9);
    CHECK(memcmp(fake.perms, "/p\0b5\0r0\0", 9) == 0);
    CHECK_EQ(xs_set_perms("/p", perms, 0), -EINVAL);
}

/* Events met while waiting for a reply are queued, not lost. */
TEST(watch_events_are_queued_in_order)
{
    char ev[64];

    setup();
    CHECK_EQ(xs_watch("/w", "tok"), 0);
    CHECK(xs_next_event(ev, sizeof(ev)));
    CHECK_STR(ev, "/w"); /* the initial firing */
    CHECK(!xs_next_event(ev, sizeof(ev)));
    CHECK_EQ(xs_write("/w/child", "1"), 0);
    CHECK_EQ(xs_write("/other", "1"), 0);
    CHECK_EQ(xs_write("/w/two", "2"), 0);
    CHECK(xs_next_event(ev, sizeof(ev)));
    CHECK_STR(ev, "/w/child");
    CHECK(xs_next_event(ev, sizeof(ev)));
    CHECK_STR(ev, "/w/two");
    CHECK(!xs_next_event(ev, sizeof(ev)));
}

/* Requests and replies bigger than the 1 KiB rings move in pieces. */
TEST(big_values_cross_the_ring_in_pieces)
{
    static char big[3001], back[3001];

    setup();
    memset(big, 'v', 3000);
    CHECK_EQ(xs_write("/big", big), 0);
    CHECK_EQ(xs_read("/big", back, sizeof(back)), 3000);
    CHECK_STR(back, big);
    CHECK(fake.sends >= 6);
}

TEST(oversized_payloads_are_refused)
{
    static char huge[XENSTORE_PAYLOAD_MAX + 1];

    setup();
    memset(huge, 'x', XENSTORE_PAYLOAD_MAX);
    CHECK_EQ(xs_write("/h", huge), -E2BIG);
    CHECK_EQ(page.req_prod, 0); /* nothing was sent */
}

/* A reply longer than the protocol allows: boundaries are lost, so the
 * client drops the connection instead of reading past its buffer. */
TEST(hostile_reply_length_drops_the_connection)
{
    char v[8];

    setup();
    xs_write("/a", "1");
    fake.huge_reply = true;
    CHECK_EQ(xs_read("/a", v, sizeof(v)), -EIO);
    CHECK(!xs_available());
    CHECK_EQ(xs_read("/a", v, sizeof(v)), -ENODEV);
}
