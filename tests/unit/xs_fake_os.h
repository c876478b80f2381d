/* SPDX-License-Identifier: BSD-2-Clause */
/* A fake of dom0's os.h for the xenstored and consoled host tests: guest
 * pages are host buffers, event channels are a table the test fires. */
#ifndef XS_FAKE_OS_H
#define XS_FAKE_OS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dom0/os.h>
#include <public/io/xs_wire.h>

#define FAKE_PAGES 16
#define FAKE_PORTS 64

struct fake_page {
    domid_t dom;
    xen_pfn_t mfn;
    void *va;
    unsigned int maps;
};

struct fake_port {
    os_evtchn_handler_t fn;
    void *arg;
    unsigned int notified;
    domid_t remote_dom;
    evtchn_port_t remote_port;
    int closed;
};

static struct fake_page fake_pages[FAKE_PAGES];
static struct fake_port fake_ports[FAKE_PORTS];
static evtchn_port_t fake_next_port = 5;
static int fake_map_err, fake_bind_err;
static unsigned int fake_unmaps;
static void (*fake_services[4])(void);

/* A zeroed page of domain dom at frame mfn. */
static inline void *fake_page_add(domid_t dom, xen_pfn_t mfn)
{
    for (unsigned int i = 0; i < FAKE_PAGES; i++) {
        if (!fake_pages[i].va) {
            fake_pages[i] =
                (struct fake_page){dom, mfn, aligned_alloc(4096, 4096), 0};
            memset(fake_pages[i].va, 0, 4096);
            return fake_pages[i].va;
        }
    }
    abort();
}

static inline void fake_reset(void)
{
    for (unsigned int i = 0; i < FAKE_PAGES; i++)
        free(fake_pages[i].va);
    memset(fake_pages, 0, sizeof(fake_pages));
    memset(fake_ports, 0, sizeof(fake_ports));
    fake_next_port = 5;
    fake_map_err = fake_bind_err = 0;
    fake_unmaps = 0;
}

/* The guest kicked its end of port. */
static inline void fake_fire(evtchn_port_t port)
{
    if (port < FAKE_PORTS && fake_ports[port].fn)
        fake_ports[port].fn(port, fake_ports[port].arg);
}

static inline evtchn_port_t fake_port_of(domid_t dom)
{
    for (evtchn_port_t p = FAKE_PORTS - 1; p > 0; p--)
        if (fake_ports[p].remote_dom == dom && fake_ports[p].fn)
            return p;
    return 0;
}

long os_hypercall(unsigned int nr, unsigned long a1, unsigned long a2,
                  unsigned long a3, unsigned long a4, unsigned long a5)
{
    (void)a3, (void)a4, (void)a5;
    if (nr != __HYPERVISOR_event_channel_op)
        return -38;
    if (a1 == EVTCHNOP_bind_interdomain) {
        struct evtchn_bind_interdomain *b = (void *)a2;
        if (fake_bind_err)
            return fake_bind_err;
        b->local_port = fake_next_port++;
        fake_ports[b->local_port].remote_dom = b->remote_dom;
        fake_ports[b->local_port].remote_port = b->remote_port;
        return 0;
    }
    if (a1 == EVTCHNOP_close) {
        struct evtchn_close *c = (void *)a2;
        if (c->port < FAKE_PORTS)
            fake_ports[c->port].closed++;
        return 0;
    }
    return -38;
}

const struct start_info *os_start_info(void)
{
    return NULL;
}

void *os_map_foreign(domid_t dom, const xen_pfn_t *mfns, unsigned int n,
                     bool writable, int *err)
{
    (void)writable;
    for (unsigned int i = 0; n == 1 && !fake_map_err && i < FAKE_PAGES; i++) {
        if (fake_pages[i].va && fake_pages[i].dom == dom &&
            fake_pages[i].mfn == mfns[0]) {
            fake_pages[i].maps++;
            return fake_pages[i].va;
        }
    }
    if (err)
        *err = fake_map_err ? fake_map_err : -22;
    return NULL;
}

void os_unmap_foreign(void *va, unsigned int n)
{
    (void)va, (void)n;
    fake_unmaps++;
}

void *os_alloc_pages(unsigned int n)
{
    return calloc(n, 4096);
}

void os_free_pages(void *va, unsigned int n)
{
    (void)n;
    free(va);
}

xen_pfn_t os_virt_to_mfn(const void *va)
{
    (void)va;
    return 0;
}

int os_evtchn_bind(evtchn_port_t port, os_evtchn_handler_t fn, void *arg)
{
    if (port >= FAKE_PORTS)
        return -22;
    fake_ports[port].fn = fn;
    fake_ports[port].arg = arg;
    return 0;
}

void os_evtchn_unbind(evtchn_port_t port)
{
    if (port < FAKE_PORTS)
        fake_ports[port].fn = NULL;
}

int os_evtchn_notify(evtchn_port_t port)
{
    if (port < FAKE_PORTS)
        fake_ports[port].notified++;
    return 0;
}

int os_bind_virq(unsigned int virq, os_evtchn_handler_t fn, void *arg)
{
    (void)virq, (void)fn, (void)arg;
    return -38;
}

void os_register_service(void (*fn)(void))
{
    for (unsigned int i = 0; i < 4; i++) {
        if (!fake_services[i] || fake_services[i] == fn) {
            fake_services[i] = fn;
            return;
        }
    }
}

void os_poll(void)
{
    for (unsigned int i = 0; i < 4; i++)
        if (fake_services[i])
            fake_services[i]();
}

void os_wait(uint64_t timeout_ns)
{
    (void)timeout_ns;
    os_poll();
}

uint64_t os_now_ns(void)
{
    return 0;
}

int os_console_read(char *buf, size_t n)
{
    (void)buf, (void)n;
    return 0;
}

void os_console_write(const char *buf, size_t n)
{
    fwrite(buf, 1, n, stdout);
}

bool os_fs_lookup(const char *path, const void **data, size_t *size)
{
    (void)path, (void)data, (void)size;
    return false;
}

void os_fs_list(const char *dir,
                void (*fn)(const char *path, size_t size, void *arg), void *arg)
{
    (void)dir, (void)fn, (void)arg;
}

/* The guest side of a store ring. */
static inline void ring_put(struct xenstore_domain_interface *r,
                            const void *data, size_t len)
{
    for (size_t i = 0; i < len; i++)
        r->req[MASK_XENSTORE_IDX(r->req_prod + i)] = ((const char *)data)[i];
    r->req_prod += (XENSTORE_RING_IDX)len;
}

static inline void ring_msg(struct xenstore_domain_interface *r, uint32_t type,
                            uint32_t req_id, uint32_t tx_id, const void *body,
                            size_t len)
{
    struct xsd_sockmsg h = {type, req_id, tx_id, (uint32_t)len};

    ring_put(r, &h, sizeof(h));
    ring_put(r, body, len);
}

/* Take the next whole message from rsp; 0 if there is none yet. */
static inline int ring_get(struct xenstore_domain_interface *r,
                           struct xsd_sockmsg *h, char *body, size_t max)
{
    XENSTORE_RING_IDX avail = r->rsp_prod - r->rsp_cons;

    if (avail < sizeof(*h))
        return 0;
    for (size_t i = 0; i < sizeof(*h); i++)
        ((char *)h)[i] = r->rsp[MASK_XENSTORE_IDX(r->rsp_cons + i)];
    if (avail < sizeof(*h) + h->len || h->len >= max)
        return 0;
    for (size_t i = 0; i < h->len; i++)
        body[i] = r->rsp[MASK_XENSTORE_IDX(r->rsp_cons + sizeof(*h) + i)];
    body[h->len] = '\0';
    r->rsp_cons += (XENSTORE_RING_IDX)(sizeof(*h) + h->len);
    return 1;
}

#endif
