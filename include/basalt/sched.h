/* SPDX-License-Identifier: BSD-2-Clause */
/* The vCPU scheduler's interface: run queues, pausing, weights and caps. */
#ifndef BASALT_SCHED_H
#define BASALT_SCHED_H

#include <basalt/types.h>

struct domain;
struct vcpu;

#define SCHED_DEFAULT_WEIGHT 256 /* Xen credit's default */

/* A new vCPU joins the scheduler (offline, affinity: all CPUs), and
 * leaves it before it is freed (it must not be running anywhere then:
 * pause the domain first). */
void sched_init_vcpu(struct vcpu *v);
void sched_destroy_vcpu(struct vcpu *v);

/* Counted pause: when vcpu_pause returns, v is not running on any CPU and
 * will not run until the count is back to zero. A vCPU may not pause
 * itself. domain_pause pauses every vCPU of d. */
void vcpu_pause(struct vcpu *v);
void vcpu_unpause(struct vcpu *v);
void domain_pause(struct domain *d);
void domain_unpause(struct domain *d);

/* Bring a vCPU online/offline (VCPUOP_up/down, setvcpucontext). */
void vcpu_set_online(struct vcpu *v, bool online);

/* Affinity: bit n of mask = physical CPU n may run v. -EINVAL if no
 * online CPU is left in it. */
int sched_set_affinity(struct vcpu *v, uint64_t mask);
uint64_t sched_get_affinity(const struct vcpu *v);

/* Credit parameters of a domain: weight 1..65535, cap in percent of one
 * CPU (0 = none). -EINVAL out of range. */
int sched_credit_set(struct domain *d, unsigned int weight, unsigned int cap);
void sched_credit_get(const struct domain *d, unsigned int *weight,
                      unsigned int *cap);

/* Total nanoseconds v has spent running (runstate accounting). */
uint64_t sched_vcpu_time(const struct vcpu *v);

#endif
