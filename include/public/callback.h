/* SPDX-License-Identifier: BSD-2-Clause */
/* HYPERVISOR_callback_op in the Xen PV ABI, written for Basalt: which
 * guest entry points exist and how they are registered. */
#ifndef BASALT_PUBLIC_CALLBACK_H
#define BASALT_PUBLIC_CALLBACK_H

#include "xen.h"

/* callback_register.type */
#define CALLBACKTYPE_event               0 /* event upcall */
#define CALLBACKTYPE_failsafe            1 /* we could not restore state */
#define CALLBACKTYPE_syscall             2 /* SYSCALL from 64-bit user */
#define CALLBACKTYPE_sysenter_deprecated 3
#define CALLBACKTYPE_nmi                 4
#define CALLBACKTYPE_sysenter            5 /* SYSENTER from 32-bit user */
#define CALLBACKTYPE_syscall32           7 /* SYSCALL from 32-bit user */

/* Mask events on entry (ignored for event and NMI: always masked). */
#define _CALLBACKF_mask_events 0
#define CALLBACKF_mask_events  (XEN_U(1) << _CALLBACKF_mask_events)

/* HYPERVISOR_callback_op(cmd, arg). */
#define CALLBACKOP_register   0 /* arg: struct callback_register */
#define CALLBACKOP_unregister 1 /* arg: struct callback_unregister */

#ifndef __ASSEMBLY__

struct callback_register {
    uint16_t type;  /* CALLBACKTYPE_* */
    uint16_t flags; /* CALLBACKF_* */
    xen_callback_t address;
};
typedef struct callback_register callback_register_t;
DEFINE_XEN_GUEST_HANDLE(callback_register_t);

/* Not every type can be unregistered; those fail with -EINVAL. */
struct callback_unregister {
    uint16_t type;
    uint16_t _unused;
};
typedef struct callback_unregister callback_unregister_t;
DEFINE_XEN_GUEST_HANDLE(callback_unregister_t);

XEN_ABI_SIZE(struct callback_register, 16);
XEN_ABI_OFFSET(struct callback_register, address, 8);
XEN_ABI_SIZE(struct callback_unregister, 4);

#endif /* !__ASSEMBLY__ */

#endif
