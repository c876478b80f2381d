/* SPDX-License-Identifier: BSD-2-Clause */
/* The scheduler's internals shared by kernel/sched.c (switching, waking,
 * ticks), sched_vcpu.c (pausing, affinity, parameters) and sched_op.c. */
#ifndef KERNEL_SCHED_PRIV_H
#define KERNEL_SCHED_PRIV_H

#include <basalt/domain.h>
#include <basalt/sched.h>
#include <basalt/sched_credit.h>
#include <basalt/spinlock.h>
#include <asm/config.h>

/*
 * Locking: a vCPU belongs to the run queue of v->sched.cpu and is
 * protected by that CPU's lock; sched.cpu changes only with that lock
 * (and the new CPU's) held, so vcpu_lock re-checks it. The accounting
 * lock (domain list, parking) comes before any run-queue lock.
 */
struct sched_pcpu {
    spinlock_t lock;
    struct csched_pcpu rq;
    struct vcpu *curr; /* NULL: idle */
    s_time_t slice_end;
    struct timer tick;
} __aligned(64);

extern struct sched_pcpu sched_pcpus[NR_CPUS];
extern struct csched sched_acct_state;
extern spinlock_t sched_acct_lock;

static inline struct vcpu *svc_vcpu(struct csched_vcpu *svc)
{
    return (struct vcpu *)((char *)svc - offsetof(struct vcpu, sched));
}

static inline bool vcpu_runnable(const struct vcpu *v)
{
    return v->is_up && v->initialised && !v->blocked && !v->pause_count;
}

/* No libgcc here: __builtin_popcountll would call __popcountdi2. */
static inline unsigned int sched_cpu_count(uint64_t mask)
{
    unsigned int n = 0;
    for (; mask; mask &= mask - 1)
        n++;
    return n;
}

void sched_init_once(void);
uint64_t sched_online_mask(void);
/* Lock the run queue v belongs to; returns its CPU. */
unsigned int vcpu_lock(struct vcpu *v);
static inline void vcpu_unlock(unsigned int cpu)
{
    spin_unlock(&sched_pcpus[cpu].lock);
}
/* Under v's lock: queue v if it can run and is on no CPU or queue. */
void vcpu_enqueue(struct vcpu *v, bool from_block, s_time_t now);
/* Under v's lock (CPU c): off its queue, or off its CPU soon. */
void vcpu_sleep_locked(struct vcpu *v, unsigned int c);
/* Under v's lock: account the runstate v is in now. */
void vcpu_runstate_update(struct vcpu *v, s_time_t now);
/* v is on no CPU and no queue: queue it on a CPU of its affinity. */
void vcpu_migrate(struct vcpu *v);
void vcpu_pause_nosync(struct vcpu *v);
/* The SCHEDOP_poll timeout (sched_op.c). */
void sched_poll_timeout(void *data);

#endif
