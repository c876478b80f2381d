/* SPDX-License-Identifier: BSD-2-Clause */
/* A minimal xenstore client: Xen's wire protocol over the store ring. */
#include "xs.h"
#include "ring.h"

#define XS_EVENTS     8   /* watch events queued between polls */
#define XS_EVENT_PATH 256 /* longer changed paths are cut */

/* A request is a header then these pieces, back to back. */
struct xs_part {
    const void *p;
    size_t n;
};
#define XS_STR(s) ((struct xs_part){(s), strlen(s) + 1}) /* with its NUL */

static volatile struct xenstore_domain_interface *xs_intf;
static evtchn_port_t xs_evtchn;
static struct ring_view xs_req, xs_rsp;
static uint32_t xs_req_id;
static unsigned char xs_spare[GUEST_PAGE_SIZE]
    __attribute__((aligned(GUEST_PAGE_SIZE)));

/* The last message read: its header and NUL-terminated payload. */
static struct xsd_sockmsg xs_hdr;
static char xs_msg[XENSTORE_PAYLOAD_MAX + 1];

static char xs_events[XS_EVENTS][XS_EVENT_PATH];
static unsigned int xs_ev_head, xs_ev_tail;

int xs_init(const struct start_info *si)
{
    xs_intf = NULL;
    if (guest_is_initial() || !si->store_mfn)
        return -ENODEV;
    xs_intf = guest_map_mfn(si->store_mfn, xs_spare);
    if (!xs_intf)
        return -EFAULT;
    xs_evtchn = si->store_evtchn;
    xs_req = (struct ring_view){xs_intf->req, XENSTORE_RING_SIZE,
                                &xs_intf->req_prod, &xs_intf->req_cons};
    xs_rsp = (struct ring_view){xs_intf->rsp, XENSTORE_RING_SIZE,
                                &xs_intf->rsp_prod, &xs_intf->rsp_cons};
    return 0;
}

bool xs_available(void)
{
    return xs_intf != NULL;
}

evtchn_port_t xs_port(void)
{
    return xs_evtchn;
}

/* Copy all n bytes into req[], kicking xenstored whenever it must make
 * room; it notifies us back once it has consumed some. */
static void xs_write_all(const void *p, size_t n)
{
    const char *s = p;

    while (n) {
        size_t k = ring_put(&xs_req, s, n);

        s += k;
        n -= k;
        evtchn_send(xs_evtchn);
        if (n)
            evtchn_wait(&xs_evtchn, 1);
    }
}

static void xs_read_all(void *p, size_t n)
{
    char *d = p;

    while (n) {
        size_t k = ring_get(&xs_rsp, d, n);

        d += k;
        n -= k;
        if (k)
            evtchn_send(xs_evtchn); /* room for the rest */
        if (n)
            evtchn_wait(&xs_evtchn, 1);
    }
}

/* One whole message into xs_hdr/xs_msg. A length over the protocol's
 * maximum means we can no longer find message boundaries: give up. */
static int xs_read_msg(void)
{
    xs_read_all(&xs_hdr, sizeof(xs_hdr));
    if (xs_hdr.len > XENSTORE_PAYLOAD_MAX) {
        printf("xs: reply of %u bytes, dropping the connection\n", xs_hdr.len);
        xs_intf = NULL;
        return -EIO;
    }
    xs_read_all(xs_msg, xs_hdr.len);
    xs_msg[xs_hdr.len] = '\0';
    return 0;
}

/* An XS_WATCH_EVENT payload is "path\0token\0": keep the path. When the
 * queue is full the oldest is dropped; watchers re-read anyway. */
static void xs_queue_event(void)
{
    if (xs_ev_tail - xs_ev_head == XS_EVENTS)
        xs_ev_head++;
    strlcpy(xs_events[xs_ev_tail++ % XS_EVENTS], xs_msg, XS_EVENT_PATH);
}

void xs_poll(void)
{
    while (xs_intf && ring_ready(&xs_rsp) >= sizeof(struct xsd_sockmsg)) {
        if (xs_read_msg())
            return;
        if (xs_hdr.type == XS_WATCH_EVENT)
            xs_queue_event();
    }
}

bool xs_next_event(char *path, size_t n)
{
    if (xs_ev_head == xs_ev_tail)
        return false;
    strlcpy(path, xs_events[xs_ev_head++ % XS_EVENTS], n);
    return true;
}

/* XS_ERROR carries the errno's name ("ENOENT"). */
static int xs_errno(const char *name)
{
    for (size_t i = 0; i < sizeof(xsd_errors) / sizeof(xsd_errors[0]); i++)
        if (!strcmp(name, xsd_errors[i].errstring))
            return xsd_errors[i].errnum;
    return EINVAL;
}

/* Send one request and read until its reply; the reply payload is left
 * in xs_msg. Watch events met on the way are queued, not lost. */
static int xs_request(uint32_t type, const struct xs_part *parts,
                      unsigned int n)
{
    struct xsd_sockmsg hdr = {.type = type, .req_id = ++xs_req_id};
    int rc = 0;

    if (!xs_intf)
        return -ENODEV;
    for (unsigned int i = 0; i < n; i++)
        hdr.len += (uint32_t)parts[i].n;
    if (hdr.len > XENSTORE_PAYLOAD_MAX)
        return -E2BIG;
    xs_write_all(&hdr, sizeof(hdr));
    for (unsigned int i = 0; i < n; i++)
        xs_write_all(parts[i].p, parts[i].n);
    do {
        if ((rc = xs_read_msg()))
            return rc;
        if (xs_hdr.type == XS_WATCH_EVENT)
            xs_queue_event();
    } while (xs_hdr.type == XS_WATCH_EVENT || xs_hdr.req_id != hdr.req_id);
    if (xs_hdr.type == XS_ERROR)
        rc = -xs_errno(xs_msg);
    else if (xs_hdr.type != type)
        rc = -EIO;
    /* Events that came in behind the reply had their notification used
     * up by us: queue them now so the caller's next wait is not stuck. */
    xs_poll();
    return rc;
}

int xs_read(const char *path, char *val, size_t n)
{
    struct xs_part p[] = {XS_STR(path)};
    int rc = xs_request(XS_READ, p, 1);

    if (rc)
        return rc;
    if (n)
        strlcpy(val, xs_msg, n);
    return (int)strnlen(xs_msg, xs_hdr.len);
}

int xs_write(const char *path, const char *val)
{
    /* The value is the rest of the payload: no NUL of its own. */
    struct xs_part p[] = {XS_STR(path), {val, strlen(val)}};

    return xs_request(XS_WRITE, p, 2);
}

int xs_rm(const char *path)
{
    struct xs_part p[] = {XS_STR(path)};

    return xs_request(XS_RM, p, 1);
}

/* The reply is the children's names, each with its NUL. */
int xs_directory(const char *path, char *names, size_t n)
{
    struct xs_part p[] = {XS_STR(path)};
    int rc = xs_request(XS_DIRECTORY, p, 1), count = 0;
    size_t off = 0;

    if (rc)
        return rc;
    while (off < xs_hdr.len) {
        size_t len = strnlen(xs_msg + off, xs_hdr.len - off) + 1;

        if (off + len > n)
            break;
        memcpy(names + off, xs_msg + off, len);
        names[off + len - 1] = '\0';
        off += len;
        count++;
    }
    return count;
}

int xs_set_perms(const char *path, const char *const *perms, unsigned int n)
{
    struct xs_part p[1 + 4];

    if (n < 1 || n > 4)
        return -EINVAL;
    p[0] = XS_STR(path);
    for (unsigned int i = 0; i < n; i++)
        p[1 + i] = XS_STR(perms[i]);
    return xs_request(XS_SET_PERMS, p, 1 + n);
}

int xs_watch(const char *path, const char *token)
{
    struct xs_part p[] = {XS_STR(path), XS_STR(token)};

    return xs_request(XS_WATCH, p, 2);
}
