/* SPDX-License-Identifier: BSD-2-Clause */
/* consoled: the backend of guests' PV console rings. Output is kept per
 * domain in one buffer of the newest CONSOLED_HISTORY_SIZE bytes; the
 * not-yet-read part of it is the pending output consoled_read() drains. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>

#include <dom0/consoled.h>
#include <dom0/os.h>
#include <public/io/console.h>

struct cons_dom {
    struct cons_dom *next;
    domid_t domid;
    struct xencons_interface *intf;
    evtchn_port_t port;
    unsigned int garbage; /* times the guest's indices were nonsense */
    uint64_t total;       /* output bytes ever received */
    uint64_t read_pos;    /* of them, handed to consoled_read() */
    char hist[CONSOLED_HISTORY_SIZE];
};

static struct cons_dom *cons_doms;
static bool cons_inited;

static struct cons_dom *cons_find(domid_t domid)
{
    for (struct cons_dom *d = cons_doms; d; d = d->next)
        if (d->domid == domid)
            return d;
    return NULL;
}

static inline XENCONS_RING_IDX cons_idx(const XENCONS_RING_IDX *p)
{
    return *(const volatile XENCONS_RING_IDX *)p;
}

static inline void cons_set_idx(XENCONS_RING_IDX *p, XENCONS_RING_IDX v)
{
    *(volatile XENCONS_RING_IDX *)p = v;
}

static void cons_garbage(struct cons_dom *d, const char *ring)
{
    if (d->garbage++ == 0)
        fprintf(stderr, "consoled: domain %u: bad %s ring indices, reset\n",
                d->domid, ring);
}

static void cons_keep(struct cons_dom *d, char c)
{
    d->hist[d->total % CONSOLED_HISTORY_SIZE] = c;
    d->total++;
}

/* Take everything the guest wrote to out[]. Indices further apart than
 * the ring are garbage: drop what is there and carry on from out_prod. */
static void cons_drain(struct cons_dom *d)
{
    struct xencons_interface *r = d->intf;
    XENCONS_RING_IDX cons = cons_idx(&r->out_cons);
    XENCONS_RING_IDX prod = cons_idx(&r->out_prod);

    __sync_synchronize(); /* indices before data */
    if (prod - cons > sizeof(r->out)) {
        cons_garbage(d, "out");
        cons = prod;
    }
    if (cons == prod && cons_idx(&r->out_cons) == prod)
        return;
    for (; cons != prod; cons++)
        cons_keep(d, r->out[MASK_XENCONS_IDX(cons, r->out)]);
    __sync_synchronize(); /* data before freeing the space */
    cons_set_idx(&r->out_cons, cons);
    os_evtchn_notify(d->port);
}

static void cons_event(evtchn_port_t port, void *arg)
{
    (void)port;
    cons_drain(arg);
}

void consoled_poll(void)
{
    for (struct cons_dom *d = cons_doms; d; d = d->next)
        cons_drain(d);
}

void consoled_init(void)
{
    if (cons_inited)
        return;
    cons_inited = true;
    os_register_service(consoled_poll);
}

static int cons_bind(struct cons_dom *d, evtchn_port_t remote_port)
{
    struct evtchn_bind_interdomain b = {d->domid, remote_port, 0};
    long rc =
        os_hypercall(__HYPERVISOR_event_channel_op, EVTCHNOP_bind_interdomain,
                     (unsigned long)&b, 0, 0, 0);

    if (rc)
        return (int)rc;
    d->port = b.local_port;
    rc = os_evtchn_bind(d->port, cons_event, d);
    if (rc) {
        struct evtchn_close cl = {d->port};
        os_hypercall(__HYPERVISOR_event_channel_op, EVTCHNOP_close,
                     (unsigned long)&cl, 0, 0, 0);
    }
    return (int)rc;
}

int consoled_add(domid_t domid, xen_pfn_t mfn, evtchn_port_t remote_port)
{
    struct cons_dom *d;
    int err = -ENOMEM;

    if (domid >= DOMID_FIRST_RESERVED)
        return -EINVAL;
    if (cons_find(domid))
        return -EEXIST;
    d = calloc(1, sizeof(*d));
    if (!d)
        return -ENOMEM;
    d->domid = domid;
    d->intf = os_map_foreign(domid, &mfn, 1, true, &err);
    if (!d->intf) {
        free(d);
        return err ? err : -ENOMEM;
    }
    err = cons_bind(d, remote_port);
    if (err) {
        os_unmap_foreign(d->intf, 1);
        free(d);
        return err;
    }
    d->next = cons_doms;
    cons_doms = d;
    cons_drain(d); /* output written before we attached */
    return 0;
}

void consoled_remove(domid_t domid)
{
    struct cons_dom **pp, *d;
    struct evtchn_close cl;

    for (pp = &cons_doms; *pp && (*pp)->domid != domid; pp = &(*pp)->next)
        ;
    d = *pp;
    if (!d)
        return;
    *pp = d->next;
    cl.port = d->port;
    os_evtchn_unbind(d->port);
    os_hypercall(__HYPERVISOR_event_channel_op, EVTCHNOP_close,
                 (unsigned long)&cl, 0, 0, 0);
    os_unmap_foreign(d->intf, 1);
    free(d);
}

/* Copy history bytes [from, from + n) (absolute positions) into buf. */
static void cons_copy(const struct cons_dom *d, uint64_t from, char *buf,
                      size_t n)
{
    for (size_t i = 0; i < n; i++)
        buf[i] = d->hist[(from + i) % CONSOLED_HISTORY_SIZE];
}

size_t consoled_read(domid_t domid, char *buf, size_t n)
{
    struct cons_dom *d = cons_find(domid);
    uint64_t oldest;

    if (!d)
        return 0;
    cons_drain(d);
    oldest =
        d->total > CONSOLED_HISTORY_SIZE ? d->total - CONSOLED_HISTORY_SIZE : 0;
    if (d->read_pos < oldest)
        d->read_pos = oldest; /* overwritten before anyone read it */
    if (n > d->total - d->read_pos)
        n = (size_t)(d->total - d->read_pos);
    cons_copy(d, d->read_pos, buf, n);
    d->read_pos += n;
    return n;
}

size_t consoled_history(domid_t domid, char *buf, size_t n)
{
    struct cons_dom *d = cons_find(domid);
    uint64_t kept;

    if (!d)
        return 0;
    cons_drain(d);
    kept = d->total < CONSOLED_HISTORY_SIZE ? d->total : CONSOLED_HISTORY_SIZE;
    if (n > kept)
        n = (size_t)kept;
    cons_copy(d, d->total - n, buf, n);
    return n;
}

/* Put input into in[]; the guest owns in_cons, so a nonsense distance
 * means garbage: start over from its in_cons. */
int consoled_write(domid_t domid, const char *buf, size_t n)
{
    struct cons_dom *d = cons_find(domid);
    struct xencons_interface *r;
    XENCONS_RING_IDX cons, prod;
    size_t done = 0;

    if (!d)
        return -ENOENT;
    r = d->intf;
    cons = cons_idx(&r->in_cons);
    prod = cons_idx(&r->in_prod);
    __sync_synchronize();
    if (prod - cons > sizeof(r->in)) {
        cons_garbage(d, "in");
        prod = cons;
    }
    for (; done < n && prod - cons < sizeof(r->in); done++, prod++)
        r->in[MASK_XENCONS_IDX(prod, r->in)] = buf[done];
    __sync_synchronize(); /* data before the producer index */
    cons_set_idx(&r->in_prod, prod);
    os_evtchn_notify(d->port);
    return (int)done;
}

unsigned int consoled_garbage_count(domid_t domid)
{
    struct cons_dom *d = cons_find(domid);

    return d ? d->garbage : 0;
}
