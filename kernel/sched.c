/* SPDX-License-Identifier: BSD-2-Clause */
/* The vCPU scheduler: one run queue per CPU (credit policy in
 * sched_credit.c), the idle loop, the SCHEDULE softirq, waking, pausing,
 * bringing vCPUs up and down, affinity. sched_op is in sched_op.c. */
#include <basalt/lib.h>
#include <basalt/domain.h>
#include <basalt/errno.h>
#include <basalt/sched.h>
#include <basalt/spinlock.h>
#include <asm/apic.h>
#include <asm/config.h>
#include <asm/percpu.h>
#include <asm/processor.h>
#include <asm/traps.h>
#include <public/vcpu.h>
#include "sched_priv.h"

struct sched_pcpu sched_pcpus[NR_CPUS];
struct csched sched_acct_state;
spinlock_t sched_acct_lock = SPINLOCK_INIT;
static s_time_t sched_next_acct;
static uint64_t sched_idlers; /* CPUs in the idle loop */
static uint64_t sched_cpus;   /* CPUs that joined (sched_start) */
static bool sched_ready;

uint64_t sched_online_mask(void)
{
    uint64_t m = 0;
    for (unsigned int c = 0; c < NR_CPUS; c++)
        if (__atomic_load_n(&percpu_area[c].online, __ATOMIC_ACQUIRE))
            m |= 1ULL << c;
    return m;
}

static void sched_tick_fn(void *data);

void sched_init_once(void)
{
    static spinlock_t once = SPINLOCK_INIT;
    if (__atomic_load_n(&sched_ready, __ATOMIC_ACQUIRE))
        return;
    spin_lock(&once);
    if (!sched_ready) {
        for (unsigned int c = 0; c < NR_CPUS; c++) {
            csched_pcpu_init(&sched_pcpus[c].rq);
            timer_init(&sched_pcpus[c].tick, sched_tick_fn, NULL);
        }
        __atomic_store_n(&sched_ready, true, __ATOMIC_RELEASE);
    }
    spin_unlock(&once);
}

unsigned int vcpu_lock(struct vcpu *v)
{
    for (;;) {
        unsigned int c = __atomic_load_n(&v->sched.cpu, __ATOMIC_ACQUIRE);
        spin_lock(&sched_pcpus[c].lock);
        if (c == v->sched.cpu)
            return c;
        spin_unlock(&sched_pcpus[c].lock);
    }
}

void vcpu_runstate_update(struct vcpu *v, s_time_t now)
{
    int state = RUNSTATE_offline;
    if (sched_pcpus[v->sched.cpu].curr == v)
        state = RUNSTATE_running;
    else if (v->blocked && v->is_up)
        state = RUNSTATE_blocked;
    else if (vcpu_runnable(v))
        state = RUNSTATE_runnable;
    if (v->runstate.state != state)
        vcpu_runstate_set(v, state, now);
}

void sched_raise_softirq(unsigned int cpu)
{
    struct percpu *pc = per_cpu(cpu);
    if (__atomic_exchange_n(&pc->softirq_pending, 1, __ATOMIC_SEQ_CST))
        return; /* already asked: it will look before it runs a guest */
    if (cpu != smp_processor_id())
        apic_send_ipi(pc->apic_id, VECTOR_SCHED);
}

/* v was just queued on its CPU: preempt that CPU if v outranks what runs
 * there, else wake an idle CPU v may run on, which will steal it. */
static void sched_tickle(struct vcpu *v)
{
    unsigned int c = v->sched.cpu;
    struct vcpu *cur = sched_pcpus[c].curr;
    uint64_t idle;
    if (!cur || v->sched.pri > cur->sched.pri) {
        sched_raise_softirq(c);
        return;
    }
    idle = __atomic_load_n(&sched_idlers, __ATOMIC_RELAXED) &
           v->sched.affinity & ~(1ULL << c);
    if (idle)
        sched_raise_softirq((unsigned int)__builtin_ctzll(idle));
}

void vcpu_enqueue(struct vcpu *v, bool from_block, s_time_t now)
{
    struct sched_pcpu *sp = &sched_pcpus[v->sched.cpu];
    if (!vcpu_runnable(v) || v->sched.on_runq || sp->curr == v)
        return;
    if (!(v->sched.affinity & (1ULL << v->sched.cpu))) {
        v->migrating = true; /* vcpu_migrate moves it */
        return;
    }
    csched_wake(&sp->rq, &v->sched, from_block, now);
    vcpu_runstate_update(v, now);
    sched_tickle(v);
}

/* Both run-queue locks, lower CPU first. */
static void sched_lock_pair(unsigned int a, unsigned int b)
{
    spin_lock(&sched_pcpus[MIN(a, b)].lock);
    if (a != b)
        spin_lock(&sched_pcpus[MAX(a, b)].lock);
}

static void sched_unlock_pair(unsigned int a, unsigned int b)
{
    if (a != b)
        spin_unlock(&sched_pcpus[MAX(a, b)].lock);
    spin_unlock(&sched_pcpus[MIN(a, b)].lock);
}

/* Move v to a CPU of its affinity and queue it there if it can run. A
 * vCPU still on its CPU stays: sched_context_saved calls again. */
void vcpu_migrate(struct vcpu *v)
{
    uint64_t flags = local_irq_save();
    for (;;) {
        unsigned int old = __atomic_load_n(&v->sched.cpu, __ATOMIC_ACQUIRE);
        int pick = csched_cpu_pick(&v->sched, sched_online_mask());
        unsigned int new = pick < 0 ? old : (unsigned int)pick;
        sched_lock_pair(old, new);
        if (v->sched.cpu != old) { /* moved meanwhile: again */
            sched_unlock_pair(old, new);
            continue;
        }
        v->migrating = false;
        if (new != old && !v->sched.on_runq && !v->sched.is_running &&
            sched_pcpus[old].curr != v) {
            __atomic_store_n(&v->sched.cpu, new, __ATOMIC_RELEASE);
            v->processor = new;
        }
        vcpu_enqueue(v, false, NOW());
        sched_unlock_pair(old, new);
        break;
    }
    local_irq_restore(flags);
}

void vcpu_wake(struct vcpu *v)
{
    uint64_t flags = local_irq_save();
    unsigned int c = vcpu_lock(v);
    bool was_polling = v->polling;
    if (__atomic_load_n(&v->blocked, __ATOMIC_ACQUIRE)) {
        __atomic_store_n(&v->blocked, false, __ATOMIC_RELEASE);
        v->polling = false;
        v->poll_port = ~0u; /* no stale port wakes a later block */
        memset(v->poll_mask, 0, sizeof(v->poll_mask));
        vcpu_enqueue(v, true, NOW());
    }
    spin_unlock(&sched_pcpus[c].lock);
    if (was_polling)
        stop_timer(&v->poll_timer);
    local_irq_restore(flags);
    if (v->migrating)
        vcpu_migrate(v);
}

void vcpu_kick(struct vcpu *v)
{
    unsigned int c = __atomic_load_n(&v->sched.cpu, __ATOMIC_RELAXED);
    if (__atomic_load_n(&v->blocked, __ATOMIC_ACQUIRE))
        vcpu_wake(v);
    else if (sched_pcpus[c].curr == v && c != smp_processor_id())
        apic_send_ipi(per_cpu(c)->apic_id, VECTOR_SCHED);
}

void vcpu_sleep_locked(struct vcpu *v, unsigned int c)
{
    if (v->sched.on_runq) {
        csched_runq_remove(&sched_pcpus[c].rq, &v->sched);
        vcpu_runstate_update(v, NOW());
    } else if (sched_pcpus[c].curr == v) {
        sched_raise_softirq(c);
    }
}

/* Peer from a busy CPU's queue, or NULL. Only trylock: two CPUs stealing
 * from each other must not deadlock. */
static struct csched_vcpu *sched_steal_from(unsigned int peer, unsigned int cpu,
                                            int pri)
{
    struct sched_pcpu *sp = &sched_pcpus[peer];
    struct csched_vcpu *svc;
    if (!__atomic_load_n(&sp->rq.nr_queued, __ATOMIC_RELAXED) ||
        !__atomic_load_n(&sp->curr, __ATOMIC_RELAXED) ||
        !spin_trylock(&sp->lock))
        return NULL;
    svc = csched_steal(&sp->rq, cpu, pri);
    if (svc)
        svc_vcpu(svc)->processor = cpu;
    spin_unlock(&sp->lock);
    return svc;
}

/* The first stealable vCPU above pri, looking at the CPUs after this one
 * first so no peer is always asked first. */
static struct csched_vcpu *sched_steal(unsigned int cpu, int pri)
{
    uint64_t peers =
        __atomic_load_n(&sched_cpus, __ATOMIC_RELAXED) & ~(1ULL << cpu);
    uint64_t above = cpu >= 63 ? 0 : peers & (~0ULL << (cpu + 1));
    uint64_t order[2] = {above, peers & ~above};
    for (unsigned int k = 0; k < 2; k++)
        for (uint64_t m = order[k]; m; m &= m - 1) {
            struct csched_vcpu *svc =
                sched_steal_from((unsigned int)__builtin_ctzll(m), cpu, pri);
            if (svc)
                return svc;
        }
    return NULL;
}

/* Under this CPU's lock: the vCPU to run next (NULL: idle). prev stays
 * if runnable and allowed here; one off its affinity is moved once its
 * state is saved (sched_context_saved). */
static struct vcpu *sched_pick_next(unsigned int cpu, struct vcpu *prev,
                                    s_time_t now)
{
    struct sched_pcpu *sp = &sched_pcpus[cpu];
    bool runnable = prev && vcpu_runnable(prev);
    struct csched_vcpu *next;
    if (runnable && !(prev->sched.affinity & (1ULL << cpu))) {
        prev->migrating = true;
        runnable = false;
    }
    next = csched_pick(&sp->rq, prev ? &prev->sched : NULL, runnable, now);
    if (!next || next->pri <= CSCHED_PRI_OVER) {
        struct csched_vcpu *stolen =
            sched_steal(cpu, next ? next->pri : CSCHED_PRI_IDLE);
        next = stolen ? stolen : next;
    }
    if (!next)
        return NULL;
    csched_runq_remove(&sp->rq, next);
    return svc_vcpu(next);
}

/* Under this CPU's lock, once next is chosen and differs from prev. */
static void sched_switch_books(unsigned int cpu, struct vcpu *prev,
                               struct vcpu *next, s_time_t now)
{
    struct sched_pcpu *sp = &sched_pcpus[cpu];
    __atomic_store_n(&sp->curr, next, __ATOMIC_RELEASE);
    if (prev)
        vcpu_runstate_update(prev, now);
    if (next) {
        next->sched.is_running = true;
        csched_run(&next->sched, now);
        vcpu_runstate_update(next, now);
        if (!prev) {
            __atomic_fetch_and(&sched_idlers, ~(1ULL << cpu), __ATOMIC_RELAXED);
            set_timer(&sp->tick, now + CSCHED_TICK);
        }
    } else {
        __atomic_fetch_or(&sched_idlers, 1ULL << cpu, __ATOMIC_RELAXED);
        stop_timer(&sp->tick);
    }
}

/* Decide, and switch if the choice changed (context_switch does not
 * return then). Interrupts off. */
static void schedule(void)
{
    unsigned int cpu = smp_processor_id();
    struct sched_pcpu *sp = &sched_pcpus[cpu];
    struct vcpu *prev = sp->curr, *next;
    s_time_t now = NOW();
    spin_lock(&sp->lock);
    next = sched_pick_next(cpu, prev, now);
    sp->slice_end = now + CSCHED_TSLICE;
    if (next == prev) {
        spin_unlock(&sp->lock);
        return;
    }
    sched_switch_books(cpu, prev, next, now);
    spin_unlock(&sp->lock);
    context_switch(prev, next);
}

void sched_softirq(void)
{
    __atomic_store_n(&this_cpu()->softirq_pending, 0, __ATOMIC_SEQ_CST);
    schedule();
}

/* Under the lock, so a vcpu_migrate that found prev still on its CPU
 * and left 'migrating' for us cannot be missed. */
void sched_context_saved(struct vcpu *prev)
{
    unsigned int c = vcpu_lock(prev);
    bool migrate = prev->migrating;
    __atomic_store_n(&prev->sched.is_running, false, __ATOMIC_RELEASE);
    vcpu_unlock(c);
    if (migrate)
        vcpu_migrate(prev);
}

/* Halt until an interrupt; the check and the halt are atomic (sti's
 * shadow covers hlt), so a reschedule asked for meanwhile is not lost. */
void sched_idle_loop(void)
{
    for (;;) {
        local_irq_disable();
        if (__atomic_load_n(&this_cpu()->softirq_pending, __ATOMIC_ACQUIRE))
            sched_softirq();
        else
            safe_halt();
    }
}

static void sched_park(struct csched_vcpu *svc, bool park)
{
    if (park)
        vcpu_pause_nosync(svc_vcpu(svc));
    else
        vcpu_unpause(svc_vcpu(svc));
}

/* One CPU's tick does the accounting when it is due (no master CPU: a
 * CPU that idles has no tick, and nothing to account for). */
static void sched_acct_if_due(s_time_t now)
{
    s_time_t due = __atomic_load_n(&sched_next_acct, __ATOMIC_RELAXED);
    if (now < due || !__atomic_compare_exchange_n(
                         &sched_next_acct, &due, now + CSCHED_TSLICE, false,
                         __ATOMIC_RELAXED, __ATOMIC_RELAXED))
        return;
    spin_lock(&sched_acct_lock);
    sched_acct_state.ncpus = sched_cpu_count(sched_online_mask());
    csched_acct(&sched_acct_state, sched_park);
    spin_unlock(&sched_acct_lock);
}

/* Every CSCHED_TICK while this CPU runs a vCPU. */
static void sched_tick_fn(void *data)
{
    unsigned int cpu = smp_processor_id();
    struct sched_pcpu *sp = &sched_pcpus[cpu];
    s_time_t now = NOW();
    (void)data;
    sched_acct_if_due(now);
    spin_lock(&sp->lock);
    if (sp->curr) {
        if (csched_tick(&sched_acct_state, &sp->rq, &sp->curr->sched, now,
                        sp->slice_end))
            sched_raise_softirq(cpu);
        set_timer(&sp->tick, now + CSCHED_TICK);
    }
    spin_unlock(&sp->lock);
}

static void sched_ipi(struct cpu_regs *regs)
{
    (void)regs; /* the exit path or the idle loop looks at the flag */
}

void sched_start(void)
{
    struct percpu *pc = this_cpu();
    sched_init_once();
    set_irq_handler(VECTOR_SCHED, sched_ipi);
    pv_cpu_init();
    local_irq_disable();
    __atomic_fetch_or(&sched_idlers, 1ULL << pc->cpu_id, __ATOMIC_RELAXED);
    __atomic_fetch_or(&sched_cpus, 1ULL << pc->cpu_id, __ATOMIC_RELAXED);
    stack_switch_call(pc->stack_top - sizeof(struct cpu_regs), sched_idle_loop);
}
