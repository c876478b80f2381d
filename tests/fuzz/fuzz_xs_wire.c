/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer target: a hostile guest driving xenstored through its store
 * ring - raw bytes, well-formed requests of every type, garbage indices,
 * reconnects - while dom0 changes the store under it. */
#include "../unit/xs_fake_os.h"
#include "../../dom0-tools/xenstored/xs_internal.h"

#include <stddef.h>
#include <stdint.h>

static struct xenstore_domain_interface *ring;
static unsigned int dom0_events;

static void dom0_watch(const char *path, const char *token, void *arg)
{
    (void)path, (void)token, (void)arg;
    dom0_events++;
}
static evtchn_port_t port;

static uint32_t take32(const uint8_t **d, size_t *n)
{
    uint32_t v = 0;

    for (int i = 0; i < 4 && *n; i++, (*d)++, (*n)--)
        v = v << 8 | **d;
    return v;
}

/* Put up to len bytes in the request ring, as much as fits. */
static void put(const uint8_t *p, size_t len)
{
    XENSTORE_RING_IDX used = ring->req_prod - ring->req_cons;
    size_t room = used > XENSTORE_RING_SIZE ? 0 : XENSTORE_RING_SIZE - used;

    ring_put(ring, p, len < room ? len : room);
}

/* A well-formed request: type, tx id and payload from the input. */
static void request(const uint8_t **d, size_t *n)
{
    struct xsd_sockmsg h = {0, 1, 0, 0};
    size_t len;

    if (*n < 3)
        return;
    h.type = (*d)[0] % (XS_TYPE_COUNT + 1);
    h.tx_id = (*d)[1] % 4;
    len = (*d)[2];
    *d += 3;
    *n -= 3;
    if (len > *n)
        len = *n;
    h.len = (uint32_t)len;
    put((const uint8_t *)&h, sizeof(h));
    put(*d, len);
    *d += len;
    *n -= len;
}

static void step(const uint8_t **d, size_t *n)
{
    uint8_t op = *(*d)++;
    size_t len;

    (*n)--;
    switch (op & 7) {
    case 0:
    case 1:
        len = (size_t)(op >> 3) + 1;
        len = len < *n ? len : *n;
        put(*d, len);
        *d += len;
        *n -= len;
        break;
    case 2:
    case 3:
        request(d, n);
        break;
    case 4:
        ring->rsp_cons = ring->rsp_prod;
        break;
    case 5:
        ring->req_prod = take32(d, n);
        break;
    case 6:
        ring->rsp_cons = take32(d, n);
        break;
    case 7:
        if (op & 8)
            ring->connection = XENSTORE_RECONNECT;
        else
            xs_write(op & 16 ? "/local/domain/3/data/f" : "/local/domain/3",
                     "dom0");
        break;
    }
    fake_fire(port);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    xs_store_reset();
    fake_reset();
    xenstored_init();
    ring = fake_page_add(3, 100);
    xs_domain_setup(3, "fuzz", 1024, 1, 1);
    xs_watch("/local/domain/3", "dom0", dom0_watch, NULL);
    if (xs_introduce_domain(3, 100, 9))
        abort();
    port = fake_port_of(3);
    while (size)
        step(&data, &size);
    xenstored_poll();
    /* Whatever the guest did, dom0's view of the store is intact. */
    {
        char *v = NULL;
        if (xs_read("/local/domain/0/name", &v, NULL) || strcmp(v, "Domain-0"))
            abort();
        free(v);
    }
    xs_release_domain(3);
    return 0;
}
