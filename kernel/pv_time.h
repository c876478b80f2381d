/* SPDX-License-Identifier: BSD-2-Clause */
/* PV guest timers, private to kernel/pv_time.c, vcpu_op.c and the event
 * channel code: the pieces vcpu_op and bind_virq drive. */
#ifndef KERNEL_PV_TIME_H
#define KERNEL_PV_TIME_H

#include <basalt/domain.h>

/* Xen's default for a PV vCPU: a 100 Hz VIRQ_TIMER ticker until the
 * guest stops it (VCPUOP_stop_periodic_timer). */
#define PV_DEFAULT_PERIOD MILLISECS(10)

/* The pvclock rate for this machine: guest ns = ((tsc << shift) * mul)
 * >> 32 (shift < 0: right shift). Pure, for the unit test. */
struct pvclock_scale {
    uint32_t mul;
    int8_t shift;
};
struct pvclock_scale pvclock_scale_from_mul(uint64_t ns_per_tick_32_32);

/* Refresh the pvclock and raise VIRQ_TIMER on v (Xen's send_timer_event). */
void pv_timer_send(struct vcpu *v);
/* Arm v's one-shot timer for system time expires (ns); a time in the
 * past, or past 2^63, fires at once. */
void pv_timer_set_singleshot(struct vcpu *v, s_time_t expires);
/* Period in ns (0 stops); Xen's vcpu_set_periodic_timer. */
void pv_timer_set_periodic(struct vcpu *v, s_time_t period);
/* v runs again (after blocking, or for the first time): send the
 * periodic tick that fell due meanwhile and rearm it. */
void pv_timer_resume(struct vcpu *v);
/* VIRQ_TIMER was bound on v: start the default ticker if it is due. */
void pv_timer_virq_bound(struct vcpu *v);

#endif
