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

/* --- Additions (the scheduler's own users and its arch side) --- */

struct vcpu_guest_context;

/* This CPU joins the scheduler and idles until there is work: the BSP
 * once dom0 is built, each AP when it comes up. */
void sched_start(void) __noreturn;
/* Make v notice an event: wake it if blocked, else interrupt the CPU it
 * runs on so the exit path delivers the upcall (Xen's vcpu_kick). */
void vcpu_kick(struct vcpu *v);
/* Ask cpu to reschedule (the SCHEDULE softirq; an IPI if remote). */
void sched_raise_softirq(unsigned int cpu);
/* The exit-to-guest paths and the idle loop, interrupts off, when this
 * CPU's softirq_pending is set: returns if the current vCPU keeps the
 * CPU, else switches (never returns). */
void sched_softirq(void);
/* context_switch saved prev's state: another CPU may run it now. */
void sched_context_saved(struct vcpu *prev);
void sched_idle_loop(void) __noreturn;

/* Arch side (arch/x86/pv/context.c): save prev (NULL: idle) into its
 * vcpu, load next and enter it; next NULL: go to the idle loop on a
 * fresh stack. Interrupts off; never returns. */
void context_switch(struct vcpu *prev, struct vcpu *next) __noreturn;
/* Per CPU, before it runs guests: SYSCALL entry MSRs and stack top. */
void pv_cpu_init(void);
/* Per vCPU state the context switch needs (its FPU image). */
int arch_vcpu_init(struct vcpu *v);
void arch_vcpu_destroy(struct vcpu *v);
/* VCPUOP_initialise / XEN_DOMCTL_setvcpucontext: validate c (hostile)
 * and load it into v, which is not running. 0 or -EINVAL. */
int arch_set_vcpu_context(struct vcpu *v, const struct vcpu_guest_context *c);

/* dom0 (arch/x86/setup.c): dom0_max_vcpus= (default 1), dom0_vcpus_pin
 * (vCPU n may run on CPU n mod the CPU count only). */
extern uint64_t opt_dom0_max_vcpus;
extern bool opt_dom0_vcpus_pin;

#endif
