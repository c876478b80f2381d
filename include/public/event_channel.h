/* SPDX-License-Identifier: BSD-2-Clause */
/* Event channels in the Xen PV ABI, written for Basalt: the
 * HYPERVISOR_event_channel_op commands, their arguments, 2L and FIFO. */
#ifndef BASALT_PUBLIC_EVENT_CHANNEL_H
#define BASALT_PUBLIC_EVENT_CHANNEL_H

#include "xen.h"

/* HYPERVISOR_event_channel_op(cmd, arg): cmd is one of these. */
#define EVTCHNOP_bind_interdomain 0
#define EVTCHNOP_bind_virq        1
#define EVTCHNOP_bind_pirq        2
#define EVTCHNOP_close            3
#define EVTCHNOP_send             4
#define EVTCHNOP_status           5
#define EVTCHNOP_alloc_unbound    6
#define EVTCHNOP_bind_ipi         7
#define EVTCHNOP_bind_vcpu        8
#define EVTCHNOP_unmask           9
#define EVTCHNOP_reset            10
#define EVTCHNOP_init_control     11
#define EVTCHNOP_expand_array     12
#define EVTCHNOP_set_priority     13

/* evtchn_status.status */
#define EVTCHNSTAT_closed      0
#define EVTCHNSTAT_unbound     1
#define EVTCHNSTAT_interdomain 2
#define EVTCHNSTAT_pirq        3
#define EVTCHNSTAT_virq        4
#define EVTCHNSTAT_ipi         5

/* evtchn_bind_pirq.flags */
#define BIND_PIRQ__WILL_SHARE 1

/* 2-level ABI: one bit per port in shared_info (64 x 64-bit words). */
#define EVTCHN_2L_NR_CHANNELS 4096

/* FIFO ABI: priorities 0 (highest) to 15, and the event word bits. */
#define EVTCHN_FIFO_PRIORITY_MAX     0
#define EVTCHN_FIFO_PRIORITY_DEFAULT 7
#define EVTCHN_FIFO_PRIORITY_MIN     15
#define EVTCHN_FIFO_MAX_QUEUES       (EVTCHN_FIFO_PRIORITY_MIN + 1)
#define EVTCHN_FIFO_PENDING          31
#define EVTCHN_FIFO_MASKED           30
#define EVTCHN_FIFO_LINKED           29
#define EVTCHN_FIFO_BUSY             28
#define EVTCHN_FIFO_LINK_BITS        17
#define EVTCHN_FIFO_LINK_MASK        ((1 << EVTCHN_FIFO_LINK_BITS) - 1)
#define EVTCHN_FIFO_NR_CHANNELS      (1 << EVTCHN_FIFO_LINK_BITS)

#ifndef __ASSEMBLY__

typedef uint32_t evtchn_port_t;
DEFINE_XEN_GUEST_HANDLE(evtchn_port_t);

/* A fresh port in dom that remote_dom may later bind to. */
struct evtchn_alloc_unbound {
    domid_t dom, remote_dom; /* IN */
    evtchn_port_t port;      /* OUT */
};
typedef struct evtchn_alloc_unbound evtchn_alloc_unbound_t;

/* Connect a local port to remote_dom's unbound remote_port. */
struct evtchn_bind_interdomain {
    domid_t remote_dom;        /* IN */
    evtchn_port_t remote_port; /* IN */
    evtchn_port_t local_port;  /* OUT */
};
typedef struct evtchn_bind_interdomain evtchn_bind_interdomain_t;

struct evtchn_bind_virq {
    uint32_t virq;      /* IN: VIRQ_* */
    uint32_t vcpu;      /* IN */
    evtchn_port_t port; /* OUT */
};
typedef struct evtchn_bind_virq evtchn_bind_virq_t;

struct evtchn_bind_pirq {
    uint32_t pirq;      /* IN */
    uint32_t flags;     /* IN: BIND_PIRQ__* */
    evtchn_port_t port; /* OUT */
};
typedef struct evtchn_bind_pirq evtchn_bind_pirq_t;

struct evtchn_bind_ipi {
    uint32_t vcpu;      /* IN */
    evtchn_port_t port; /* OUT */
};
typedef struct evtchn_bind_ipi evtchn_bind_ipi_t;

struct evtchn_close {
    evtchn_port_t port;
};
typedef struct evtchn_close evtchn_close_t;

struct evtchn_send {
    evtchn_port_t port;
};
typedef struct evtchn_send evtchn_send_t;

/* State of <dom, port>; u is chosen by status. */
struct evtchn_status {
    domid_t dom;        /* IN */
    evtchn_port_t port; /* IN */
    uint32_t status;    /* OUT: EVTCHNSTAT_* */
    uint32_t vcpu;      /* OUT: vcpu notified */
    union {
        struct {
            domid_t dom;
        } unbound;
        struct {
            domid_t dom;
            uint16_t _pad;
            evtchn_port_t port;
        } interdomain;
        uint32_t pirq;
        uint32_t virq;
    } u;
};
typedef struct evtchn_status evtchn_status_t;

/* Move notifications of a (non-IPI, non-per-vcpu-VIRQ) port to vcpu. */
struct evtchn_bind_vcpu {
    evtchn_port_t port;
    uint32_t vcpu;
};
typedef struct evtchn_bind_vcpu evtchn_bind_vcpu_t;

struct evtchn_unmask {
    evtchn_port_t port;
};
typedef struct evtchn_unmask evtchn_unmask_t;

/* Close every port of dom (DOMID_SELF also returns to the 2-level ABI). */
struct evtchn_reset {
    domid_t dom;
};
typedef struct evtchn_reset evtchn_reset_t;

/* Switch to the FIFO ABI: the control block lives at offset in a frame. */
struct evtchn_init_control {
    uint64_t control_gfn; /* IN */
    uint32_t offset;      /* IN */
    uint32_t vcpu;        /* IN */
    uint8_t link_bits;    /* OUT */
    uint8_t _pad[7];
};
typedef struct evtchn_init_control evtchn_init_control_t;

struct evtchn_expand_array {
    uint64_t array_gfn;
};
typedef struct evtchn_expand_array evtchn_expand_array_t;

struct evtchn_set_priority {
    evtchn_port_t port;
    uint32_t priority;
};
typedef struct evtchn_set_priority evtchn_set_priority_t;

/* HYPERVISOR_event_channel_op_compat: the command travels in the struct. */
struct evtchn_op {
    uint32_t cmd; /* EVTCHNOP_* */
    union {
        struct evtchn_alloc_unbound alloc_unbound;
        struct evtchn_bind_interdomain bind_interdomain;
        struct evtchn_bind_virq bind_virq;
        struct evtchn_bind_pirq bind_pirq;
        struct evtchn_bind_ipi bind_ipi;
        struct evtchn_close close;
        struct evtchn_send send;
        struct evtchn_status status;
        struct evtchn_bind_vcpu bind_vcpu;
        struct evtchn_unmask unmask;
    } u;
};
typedef struct evtchn_op evtchn_op_t;
DEFINE_XEN_GUEST_HANDLE(evtchn_op_t);

typedef uint32_t event_word_t;

/* Per-vcpu FIFO control block: one queue head per priority. */
struct evtchn_fifo_control_block {
    uint32_t ready;
    uint32_t _rsvd;
    uint32_t head[EVTCHN_FIFO_MAX_QUEUES];
};
typedef struct evtchn_fifo_control_block evtchn_fifo_control_block_t;

_Static_assert(EVTCHN_2L_NR_CHANNELS ==
                   sizeof(xen_ulong_t) * sizeof(xen_ulong_t) * 64,
               "Xen ABI: 2-level channel count");
XEN_ABI_SIZE(struct evtchn_alloc_unbound, 8);
XEN_ABI_SIZE(struct evtchn_bind_interdomain, 12);
XEN_ABI_OFFSET(struct evtchn_bind_interdomain, remote_port, 4);
XEN_ABI_SIZE(struct evtchn_bind_virq, 12);
XEN_ABI_SIZE(struct evtchn_bind_pirq, 12);
XEN_ABI_SIZE(struct evtchn_bind_ipi, 8);
XEN_ABI_SIZE(struct evtchn_status, 24);
XEN_ABI_OFFSET(struct evtchn_status, u, 16);
XEN_ABI_SIZE(struct evtchn_bind_vcpu, 8);
XEN_ABI_SIZE(struct evtchn_reset, 2);
XEN_ABI_SIZE(struct evtchn_init_control, 24);
XEN_ABI_OFFSET(struct evtchn_init_control, link_bits, 16);
XEN_ABI_SIZE(struct evtchn_set_priority, 8);
XEN_ABI_SIZE(struct evtchn_op, 28);
XEN_ABI_SIZE(struct evtchn_fifo_control_block, 72);

#endif /* !__ASSEMBLY__ */

#endif
