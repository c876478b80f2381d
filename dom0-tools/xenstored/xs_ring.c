/* SPDX-License-Identifier: BSD-2-Clause */
/* xenstored: a guest's store ring. The page is shared with the guest, so
 * every index is read once, checked (prod - cons never above the ring
 * size) and masked before use. */
#include <string.h>

#include <dom0/os.h>

#include "xs_internal.h"

#define XS_SERVICE_BUDGET 64 /* requests per pass, then let others run */

static inline XENSTORE_RING_IDX xs_idx_read(const XENSTORE_RING_IDX *p)
{
    return *(const volatile XENSTORE_RING_IDX *)p;
}

static inline void xs_idx_write(XENSTORE_RING_IDX *p, XENSTORE_RING_IDX v)
{
    *(volatile XENSTORE_RING_IDX *)p = v;
}

/* Copy up to n request bytes; -1 if the guest's indices are garbage. */
static int xs_ring_read(struct xs_conn *c, void *dst, unsigned int n)
{
    struct xenstore_domain_interface *r = c->intf;
    XENSTORE_RING_IDX cons = xs_idx_read(&r->req_cons);
    XENSTORE_RING_IDX prod = xs_idx_read(&r->req_prod);
    unsigned int done = 0, off, chunk;

    __sync_synchronize(); /* indices before data */
    if (prod - cons > XENSTORE_RING_SIZE)
        return -1;
    if (n > prod - cons)
        n = prod - cons;
    while (done < n) {
        off = MASK_XENSTORE_IDX(cons + done);
        chunk = XENSTORE_RING_SIZE - off;
        if (chunk > n - done)
            chunk = n - done;
        memcpy((char *)dst + done, r->req + off, chunk);
        done += chunk;
    }
    __sync_synchronize(); /* data before giving the space back */
    xs_idx_write(&r->req_cons, cons + n);
    c->notify |= n != 0;
    return (int)n;
}

/* Copy up to n reply bytes into the ring; -1 on garbage indices. */
static int xs_ring_write(struct xs_conn *c, const char *src, size_t n)
{
    struct xenstore_domain_interface *r = c->intf;
    XENSTORE_RING_IDX cons = xs_idx_read(&r->rsp_cons);
    XENSTORE_RING_IDX prod = xs_idx_read(&r->rsp_prod);
    unsigned int done = 0, off, chunk, space;

    __sync_synchronize();
    if (prod - cons > XENSTORE_RING_SIZE)
        return -1;
    space = XENSTORE_RING_SIZE - (prod - cons);
    if (n > space)
        n = space;
    while (done < n) {
        off = MASK_XENSTORE_IDX(prod + done);
        chunk = XENSTORE_RING_SIZE - off;
        if (chunk > n - done)
            chunk = (unsigned int)n - done;
        memcpy(r->rsp + off, src + done, chunk);
        done += chunk;
    }
    __sync_synchronize(); /* data before the producer index */
    xs_idx_write(&r->rsp_prod, prod + (XENSTORE_RING_IDX)n);
    c->notify |= n != 0;
    return (int)n;
}

/* 1: a whole request is in in_hdr/in_buf; 0: not yet; < 0: the
 * XENSTORE_ERROR_* (negated) to drop the connection with. */
static int xs_ring_input(struct xs_conn *c)
{
    int n;

    if (!c->in_body) {
        n = xs_ring_read(c, (char *)&c->in_hdr + c->in_used,
                         sizeof(c->in_hdr) - c->in_used);
        if (n < 0)
            return -XENSTORE_ERROR_RINGIDX;
        c->in_used += (unsigned int)n;
        if (c->in_used < sizeof(c->in_hdr))
            return 0;
        /* Xen drops a client that announces more than the protocol's
         * maximum: it cannot be resynchronised. */
        if (c->in_hdr.len > XENSTORE_PAYLOAD_MAX)
            return -XENSTORE_ERROR_PROTO;
        c->in_body = true;
        c->in_used = 0;
    }
    n = xs_ring_read(c, c->in_buf + c->in_used, c->in_hdr.len - c->in_used);
    if (n < 0)
        return -XENSTORE_ERROR_RINGIDX;
    c->in_used += (unsigned int)n;
    if (c->in_used < c->in_hdr.len)
        return 0;
    c->in_buf[c->in_hdr.len] = '\0';
    c->in_body = false;
    c->in_used = 0;
    return 1;
}

static int xs_ring_output(struct xs_conn *c)
{
    const char *p;
    size_t len;
    int n;

    while ((p = xs_conn_peek(c, &len))) {
        n = xs_ring_write(c, p, len);
        if (n <= 0)
            return n;
        xs_conn_consume(c, (size_t)n);
    }
    return 0;
}

/* Stop serving a misbehaving guest, telling it why in the error field
 * (Xen's ignore_connection). It stays introduced until released. */
void xs_ring_kill(struct xs_conn *c, uint32_t error)
{
    xs_conn_reset(c);
    c->dead = true;
    c->intf->error = error;
    __sync_synchronize();
    os_evtchn_notify(c->port);
}

/* The guest asked to start over (XENSTORE_RECONNECT): forget its state
 * and reset the indices, as Xen's domain_conn_reset does. */
static void xs_ring_reconnect(struct xs_conn *c)
{
    struct xenstore_domain_interface *r = c->intf;

    xs_conn_reset(c);
    c->dead = false;
    xs_idx_write(&r->req_cons, 0);
    xs_idx_write(&r->req_prod, 0);
    xs_idx_write(&r->rsp_cons, 0);
    xs_idx_write(&r->rsp_prod, 0);
    r->error = XENSTORE_ERROR_NONE;
    __sync_synchronize();
    r->connection = XENSTORE_CONNECTED;
    c->notify = true;
}

void xs_ring_service(struct xs_conn *c)
{
    int budget = XS_SERVICE_BUDGET, rc = 0;

    if (!c->intf)
        return;
    if (*(volatile uint32_t *)&c->intf->connection == XENSTORE_RECONNECT)
        xs_ring_reconnect(c);
    while (!c->dead) {
        if (xs_ring_output(c) < 0) {
            rc = -XENSTORE_ERROR_RINGIDX;
            break;
        }
        if (c->out_bytes > XS_OUT_MAX || budget-- == 0)
            break;
        rc = xs_ring_input(c);
        if (rc <= 0)
            break;
        xs_proto_handle(c, &c->in_hdr, c->in_buf);
    }
    if (rc < 0 && !c->dead)
        xs_ring_kill(c, (uint32_t)-rc);
    if (c->notify) {
        c->notify = false;
        os_evtchn_notify(c->port);
    }
}
