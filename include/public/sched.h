/* SPDX-License-Identifier: BSD-2-Clause */
/* Scheduler operations of the Xen PV ABI, written for Basalt: yield,
 * block, shutdown and poll, and the shutdown reason codes. */
#ifndef BASALT_PUBLIC_SCHED_H
#define BASALT_PUBLIC_SCHED_H

#include "event_channel.h"

/*
 * HYPERVISOR_sched_op(cmd, arg). The old sched_op_compat hypercall takes
 * yield, block and shutdown only, with the reason passed by value.
 */
#define SCHEDOP_yield           0 /* arg unused */
#define SCHEDOP_block           1 /* unmasks events, sleeps until one is due */
#define SCHEDOP_shutdown        2 /* arg: struct sched_shutdown */
#define SCHEDOP_poll            3 /* arg: struct sched_poll */
#define SCHEDOP_remote_shutdown 4 /* arg: struct sched_remote_shutdown */
#define SCHEDOP_shutdown_code   5 /* arg: struct sched_shutdown (latched) */
#define SCHEDOP_watchdog        6 /* arg: struct sched_watchdog */
#define SCHEDOP_pin_override    7 /* arg: struct sched_pin_override */

/* Why a domain stopped; mostly for the toolstack's benefit. */
#define SHUTDOWN_poweroff   0
#define SHUTDOWN_reboot     1
#define SHUTDOWN_suspend    2 /* PV: RDX (3rd argument) = start_info MFN */
#define SHUTDOWN_crash      3
#define SHUTDOWN_watchdog   4
#define SHUTDOWN_soft_reset 5
#define SHUTDOWN_MAX        5

#ifndef __ASSEMBLY__

struct sched_shutdown {
    unsigned int reason; /* SHUTDOWN_* */
};
typedef struct sched_shutdown sched_shutdown_t;
DEFINE_XEN_GUEST_HANDLE(sched_shutdown_t);

/* Sleep until one of ports is pending or the absolute timeout (ns). */
struct sched_poll {
    XEN_GUEST_HANDLE(evtchn_port_t) ports;
    unsigned int nr_ports;
    uint64_t timeout; /* 0: no timeout */
};
typedef struct sched_poll sched_poll_t;
DEFINE_XEN_GUEST_HANDLE(sched_poll_t);

struct sched_remote_shutdown {
    domid_t domain_id;
    unsigned int reason; /* SHUTDOWN_* */
};
typedef struct sched_remote_shutdown sched_remote_shutdown_t;
DEFINE_XEN_GUEST_HANDLE(sched_remote_shutdown_t);

/* id 0 creates (returns the id); timeout 0 destroys; else re-arms. */
struct sched_watchdog {
    uint32_t id;
    uint32_t timeout; /* seconds */
};
typedef struct sched_watchdog sched_watchdog_t;
DEFINE_XEN_GUEST_HANDLE(sched_watchdog_t);

struct sched_pin_override {
    int32_t pcpu; /* negative: undo the override */
};
typedef struct sched_pin_override sched_pin_override_t;
DEFINE_XEN_GUEST_HANDLE(sched_pin_override_t);

XEN_ABI_SIZE(struct sched_shutdown, 4);
XEN_ABI_SIZE(struct sched_poll, 24);
XEN_ABI_OFFSET(struct sched_poll, nr_ports, 8);
XEN_ABI_OFFSET(struct sched_poll, timeout, 16);
XEN_ABI_SIZE(struct sched_remote_shutdown, 8);
XEN_ABI_OFFSET(struct sched_remote_shutdown, reason, 4);
XEN_ABI_SIZE(struct sched_watchdog, 8);
XEN_ABI_SIZE(struct sched_pin_override, 4);

#endif /* !__ASSEMBLY__ */

#endif
