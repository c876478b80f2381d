/* SPDX-License-Identifier: BSD-2-Clause */
/* The scheduler's vCPU and domain controls: joining and leaving, counted
 * pausing, online/offline, affinity, credit weight and cap. */
#include <basalt/lib.h>
#include <basalt/domain.h>
#include <basalt/errno.h>
#include <basalt/sched.h>
#include <asm/percpu.h>
#include <asm/processor.h>
#include <public/vcpu.h>
#include "sched_priv.h"

/* The n-th online CPU, counting round: vCPU n's first home. */
static unsigned int sched_initial_cpu(unsigned int n)
{
    uint64_t online = sched_online_mask();
    unsigned int nr = sched_cpu_count(online);
    if (!nr)
        return 0;
    for (n %= nr; n; n--)
        online &= online - 1;
    return (unsigned int)__builtin_ctzll(online);
}

void sched_init_vcpu(struct vcpu *v)
{
    struct domain *d = v->domain;
    unsigned int cpu = sched_initial_cpu(v->vcpu_id);
    uint64_t flags;
    sched_init_once();
    flags = local_irq_save();
    spin_lock(&sched_acct_lock);
    if (!d->sched.weight)
        csched_dom_init(&d->sched);
    csched_dom_add(&sched_acct_state, &d->sched);
    csched_vcpu_init(&v->sched, &d->sched, cpu);
    spin_unlock(&sched_acct_lock);
    local_irq_restore(flags);
    v->processor = cpu;
    v->runstate.state = RUNSTATE_offline;
    v->runstate.state_entry_time = (uint64_t)NOW();
    v->poll_port = ~0u;
    timer_init(&v->poll_timer, sched_poll_timeout, v);
    arch_vcpu_init(v); /* no FPU page yet: retried at first use */
}

void sched_destroy_vcpu(struct vcpu *v)
{
    struct domain *d = v->domain;
    uint64_t flags = local_irq_save();
    unsigned int c = vcpu_lock(v);
    BUG_ON(v->sched.is_running || sched_pcpus[c].curr == v);
    csched_runq_remove(&sched_pcpus[c].rq, &v->sched);
    vcpu_unlock(c);
    spin_lock(&sched_acct_lock);
    csched_vcpu_remove(&v->sched);
    if (!d->sched.vcpus)
        csched_dom_remove(&sched_acct_state, &d->sched);
    spin_unlock(&sched_acct_lock);
    local_irq_restore(flags);
    kill_timer(&v->poll_timer);
    kill_timer(&v->singleshot_timer);
    kill_timer(&v->periodic_timer);
    arch_vcpu_destroy(v);
}

void vcpu_pause_nosync(struct vcpu *v)
{
    uint64_t flags = local_irq_save();
    unsigned int c = vcpu_lock(v);
    v->pause_count++;
    vcpu_sleep_locked(v, c);
    vcpu_unlock(c);
    local_irq_restore(flags);
}

/* Until v's state is saved and no CPU has it as its current vCPU. */
static void vcpu_sleep_sync(struct vcpu *v)
{
    while (__atomic_load_n(&v->sched.is_running, __ATOMIC_ACQUIRE) ||
           __atomic_load_n(&sched_pcpus[v->sched.cpu].curr, __ATOMIC_ACQUIRE) ==
               v)
        cpu_relax();
}

void vcpu_pause(struct vcpu *v)
{
    BUG_ON(v == current_vcpu());
    vcpu_pause_nosync(v);
    vcpu_sleep_sync(v);
}

void vcpu_unpause(struct vcpu *v)
{
    uint64_t flags = local_irq_save();
    unsigned int c = vcpu_lock(v);
    BUG_ON(!v->pause_count);
    if (!--v->pause_count) {
        vcpu_enqueue(v, false, NOW());
        vcpu_runstate_update(v, NOW());
    }
    vcpu_unlock(c);
    local_irq_restore(flags);
    if (v->migrating)
        vcpu_migrate(v);
}

void domain_pause(struct domain *d)
{
    for (unsigned int i = 0; i < d->max_vcpus; i++)
        if (d->vcpu[i])
            vcpu_pause_nosync(d->vcpu[i]);
    for (unsigned int i = 0; i < d->max_vcpus; i++)
        if (d->vcpu[i]) {
            BUG_ON(d->vcpu[i] == current_vcpu());
            vcpu_sleep_sync(d->vcpu[i]);
        }
}

void domain_unpause(struct domain *d)
{
    for (unsigned int i = 0; i < d->max_vcpus; i++)
        if (d->vcpu[i])
            vcpu_unpause(d->vcpu[i]);
}

void vcpu_set_online(struct vcpu *v, bool online)
{
    uint64_t flags = local_irq_save();
    unsigned int c = vcpu_lock(v);
    if (online && !v->is_up) {
        v->is_up = true;
        vcpu_enqueue(v, false, NOW());
    } else if (!online && v->is_up) {
        v->is_up = false;
        vcpu_sleep_locked(v, c);
    }
    vcpu_runstate_update(v, NOW());
    vcpu_unlock(c);
    local_irq_restore(flags);
    if (v->migrating)
        vcpu_migrate(v);
}

/* Off the new mask: leave the queue (or the CPU, at its next schedule)
 * and move, once its state is saved if it is running. */
int sched_set_affinity(struct vcpu *v, uint64_t mask)
{
    uint64_t flags;
    unsigned int c;
    if (!(mask & sched_online_mask()))
        return -EINVAL;
    flags = local_irq_save();
    c = vcpu_lock(v);
    v->sched.affinity = mask;
    if (!(mask & (1ULL << c))) {
        if (v->sched.on_runq)
            csched_runq_remove(&sched_pcpus[c].rq, &v->sched);
        if (sched_pcpus[c].curr == v)
            sched_raise_softirq(c);
        else
            v->migrating = true;
    }
    vcpu_unlock(c);
    local_irq_restore(flags);
    if (v->migrating)
        vcpu_migrate(v);
    return 0;
}

uint64_t sched_get_affinity(const struct vcpu *v)
{
    return v->sched.affinity;
}

int sched_credit_set(struct domain *d, unsigned int weight, unsigned int cap)
{
    uint64_t flags = local_irq_save();
    int rc;
    spin_lock(&sched_acct_lock);
    if (!d->sched.weight)
        csched_dom_init(&d->sched);
    rc = csched_dom_set(&d->sched, weight, cap, 100 * d->max_vcpus);
    spin_unlock(&sched_acct_lock);
    local_irq_restore(flags);
    return rc;
}

void sched_credit_get(const struct domain *d, unsigned int *weight,
                      unsigned int *cap)
{
    *weight = d->sched.weight ? d->sched.weight : SCHED_DEFAULT_WEIGHT;
    *cap = d->sched.cap;
}

uint64_t sched_vcpu_time(const struct vcpu *v)
{
    uint64_t t = v->runstate.time[RUNSTATE_running];
    s_time_t delta = NOW() - (s_time_t)v->runstate.state_entry_time;
    if (v->runstate.state == RUNSTATE_running && delta > 0)
        t += (uint64_t)delta;
    return t;
}
