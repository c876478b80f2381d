/* SPDX-License-Identifier: BSD-2-Clause */
/* Per-vcpu operations of the Xen PV ABI, written for Basalt: bring-up,
 * runstate, timers and relocating vcpu_info. */
#ifndef BASALT_PUBLIC_VCPU_H
#define BASALT_PUBLIC_VCPU_H

#include "xen.h"

/* HYPERVISOR_vcpu_op(cmd, vcpuid, arg): cmd is one of these. */
#define VCPUOP_initialise                     0 /* arg: vcpu_guest_context */
#define VCPUOP_up                             1
#define VCPUOP_down                           2
#define VCPUOP_is_up                          3 /* returns 1 or 0 */
#define VCPUOP_get_runstate_info              4
#define VCPUOP_register_runstate_memory_area  5
#define VCPUOP_set_periodic_timer             6
#define VCPUOP_stop_periodic_timer            7
#define VCPUOP_set_singleshot_timer           8
#define VCPUOP_stop_singleshot_timer          9
#define VCPUOP_register_vcpu_info             10
#define VCPUOP_send_nmi                       11
#define VCPUOP_get_physid                     12
#define VCPUOP_register_vcpu_time_memory_area 13

/* vcpu_runstate_info.state */
#define RUNSTATE_running  0
#define RUNSTATE_runnable 1
#define RUNSTATE_blocked  2
#define RUNSTATE_offline  3

/*
 * Set in the guest copy of state_entry_time while we rewrite the area, if
 * the guest enabled VMASST_TYPE_runstate_update_flag.
 */
#define XEN_RUNSTATE_UPDATE (XEN_ULL(1) << 63)

/* vcpu_set_singleshot_timer.flags: fail with -ETIME if already past. */
#define _VCPU_SSHOTTMR_future 0
#define VCPU_SSHOTTMR_future  (XEN_U(1) << _VCPU_SSHOTTMR_future)

#ifndef __ASSEMBLY__

/* Time (ns) a vcpu has spent in each RUNSTATE_*. */
struct vcpu_runstate_info {
    int state;
    uint64_t state_entry_time;
    uint64_t time[4];
};
typedef struct vcpu_runstate_info vcpu_runstate_info_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_runstate_info_t);

/* A guest VA (x86) we keep up to date with the vcpu's runstate. */
struct vcpu_register_runstate_memory_area {
    union {
        XEN_GUEST_HANDLE(vcpu_runstate_info_t) h;
        struct vcpu_runstate_info *v;
        uint64_t p;
    } addr;
};
typedef struct vcpu_register_runstate_memory_area
    vcpu_register_runstate_memory_area_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_register_runstate_memory_area_t);

struct vcpu_set_periodic_timer {
    uint64_t period_ns;
};
typedef struct vcpu_set_periodic_timer vcpu_set_periodic_timer_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_set_periodic_timer_t);

struct vcpu_set_singleshot_timer {
    uint64_t timeout_abs_ns; /* system time */
    uint32_t flags;          /* VCPU_SSHOTTMR_* */
};
typedef struct vcpu_set_singleshot_timer vcpu_set_singleshot_timer_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_set_singleshot_timer_t);

/* Move this vcpu's vcpu_info to mfn:offset (must not cross the page). */
struct vcpu_register_vcpu_info {
    uint64_t mfn;
    uint32_t offset;
    uint32_t rsvd;
};
typedef struct vcpu_register_vcpu_info vcpu_register_vcpu_info_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_register_vcpu_info_t);

/* x86: bits 31:0 the APIC id, bits 63:32 the ACPI id. */
struct vcpu_get_physid {
    uint64_t phys_id;
};
typedef struct vcpu_get_physid vcpu_get_physid_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_get_physid_t);

/* A second copy of vcpu_time_info that we keep up to date. */
DEFINE_XEN_GUEST_HANDLE(vcpu_time_info_t);
struct vcpu_register_time_memory_area {
    union {
        XEN_GUEST_HANDLE(vcpu_time_info_t) h;
        struct vcpu_time_info *v;
        uint64_t p;
    } addr;
};
typedef struct vcpu_register_time_memory_area vcpu_register_time_memory_area_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_register_time_memory_area_t);

XEN_ABI_SIZE(struct vcpu_runstate_info, 48);
XEN_ABI_OFFSET(struct vcpu_runstate_info, state_entry_time, 8);
XEN_ABI_OFFSET(struct vcpu_runstate_info, time, 16);
XEN_ABI_SIZE(struct vcpu_register_runstate_memory_area, 8);
XEN_ABI_SIZE(struct vcpu_set_periodic_timer, 8);
XEN_ABI_SIZE(struct vcpu_set_singleshot_timer, 16);
XEN_ABI_SIZE(struct vcpu_register_vcpu_info, 16);
XEN_ABI_OFFSET(struct vcpu_register_vcpu_info, offset, 8);
XEN_ABI_SIZE(struct vcpu_get_physid, 8);
XEN_ABI_SIZE(struct vcpu_register_time_memory_area, 8);

#endif /* !__ASSEMBLY__ */

#endif
