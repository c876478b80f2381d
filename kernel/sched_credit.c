/* SPDX-License-Identifier: BSD-2-Clause */
/* Credit scheduling in the spirit of Xen's credit1: weighted shares handed
 * out every 30 ms, UNDER/OVER/BOOST priorities, caps by parking, stealing
 * between run queues. Pure logic; kernel/sched.c does locking and CPUs. */
#include <basalt/errno.h>
#include <basalt/sched.h>
#include <basalt/sched_credit.h>

static struct csched_vcpu *rq_elem(struct csched_link *l)
{
    return (struct csched_vcpu *)l; /* rq is the first member */
}

void csched_pcpu_init(struct csched_pcpu *pc)
{
    pc->runq.next = pc->runq.prev = &pc->runq;
    pc->nr_queued = 0;
    pc->sort_epoch = 0;
}

void csched_dom_init(struct csched_dom *sd)
{
    sd->weight = SCHED_DEFAULT_WEIGHT;
    sd->cap = 0;
    sd->nr_active = 0;
    sd->vcpus = NULL;
    sd->next = NULL;
    sd->linked = false;
}

void csched_dom_add(struct csched *s, struct csched_dom *sd)
{
    if (sd->linked)
        return;
    sd->next = s->doms;
    s->doms = sd;
    sd->linked = true;
}

void csched_dom_remove(struct csched *s, struct csched_dom *sd)
{
    struct csched_dom **pp = &s->doms;
    while (*pp && *pp != sd)
        pp = &(*pp)->next;
    if (*pp)
        *pp = sd->next;
    sd->next = NULL;
    sd->linked = false;
}

int csched_dom_set(struct csched_dom *sd, unsigned int weight, unsigned int cap,
                   unsigned int max_cap)
{
    if (!weight || weight > CSCHED_MAX_WEIGHT || cap > max_cap)
        return -EINVAL;
    sd->weight = weight;
    sd->cap = cap;
    return 0;
}

void csched_vcpu_init(struct csched_vcpu *svc, struct csched_dom *sd,
                      unsigned int cpu)
{
    svc->rq.next = svc->rq.prev = NULL;
    svc->dom = sd;
    svc->pri = CSCHED_PRI_UNDER;
    svc->credit = 0;
    svc->active = false;
    svc->parked = svc->yield = svc->on_runq = svc->is_running = false;
    svc->cpu = cpu;
    svc->affinity = ~0ULL;
    svc->start_time = 0;
    svc->residual = 0;
    svc->dom_next = sd->vcpus;
    sd->vcpus = svc;
}

void csched_vcpu_remove(struct csched_vcpu *svc)
{
    struct csched_vcpu **pp = &svc->dom->vcpus;
    while (*pp && *pp != svc)
        pp = &(*pp)->dom_next;
    if (*pp)
        *pp = svc->dom_next;
    svc->dom_next = NULL;
}

/* Before the first element of lower priority: FIFO within a priority. A
 * yielding vCPU goes one further, behind one of lower priority, so yield
 * gives the CPU away even to an OVER vCPU once (Xen's rule). */
static void runq_insert(struct csched_pcpu *pc, struct csched_vcpu *svc,
                        bool yield)
{
    struct csched_link *iter = pc->runq.next;
    while (iter != &pc->runq && rq_elem(iter)->pri >= svc->pri)
        iter = iter->next;
    if (yield && iter != &pc->runq)
        iter = iter->next;
    svc->rq.next = iter;
    svc->rq.prev = iter->prev;
    iter->prev->next = &svc->rq;
    iter->prev = &svc->rq;
    svc->on_runq = true;
    pc->nr_queued++;
}

void csched_runq_insert(struct csched_pcpu *pc, struct csched_vcpu *svc)
{
    runq_insert(pc, svc, svc->yield);
}

void csched_runq_remove(struct csched_pcpu *pc, struct csched_vcpu *svc)
{
    if (!svc->on_runq)
        return;
    svc->rq.prev->next = svc->rq.next;
    svc->rq.next->prev = svc->rq.prev;
    svc->rq.next = svc->rq.prev = NULL;
    svc->on_runq = false;
    pc->nr_queued--;
}

struct csched_vcpu *csched_runq_head(const struct csched_pcpu *pc)
{
    return pc->runq.next == &pc->runq ? NULL : rq_elem(pc->runq.next);
}

/* After accounting changed priorities: re-insert everything in order
 * (stable, so FIFO order within a priority survives). */
static void runq_sort(struct csched_pcpu *pc)
{
    struct csched_link *l = pc->runq.next;
    pc->runq.next = pc->runq.prev = &pc->runq;
    pc->nr_queued = 0;
    while (l != &pc->runq) {
        struct csched_link *next = l->next;
        runq_insert(pc, rq_elem(l), false);
        l = next;
    }
}

void csched_wake(struct csched_pcpu *pc, struct csched_vcpu *svc,
                 bool from_block, s_time_t now)
{
    (void)now;
    if (from_block && svc->pri == CSCHED_PRI_UNDER && !svc->parked)
        svc->pri = CSCHED_PRI_BOOST;
    svc->yield = false;
    /* Waiting for a CPU is wanting one: it earns from the next pass. */
    __atomic_store_n(&svc->active, true, __ATOMIC_RELAXED);
    runq_insert(pc, svc, false);
}

void csched_run(struct csched_vcpu *svc, s_time_t now)
{
    svc->start_time = now;
}

void csched_burn(struct csched_vcpu *svc, s_time_t now)
{
    s_time_t delta = now - svc->start_time, val;
    if (delta <= 0)
        return;
    val = delta * CSCHED_CREDITS_PER_MSEC + svc->residual;
    svc->residual = val % MILLISECS(1);
    __atomic_fetch_sub(&svc->credit, (int)(val / MILLISECS(1)),
                       __ATOMIC_RELAXED);
    svc->start_time = now;
}

bool csched_tick(struct csched *s, struct csched_pcpu *pc,
                 struct csched_vcpu *curr, s_time_t now, s_time_t slice_end)
{
    unsigned int epoch = __atomic_load_n(&s->acct_epoch, __ATOMIC_RELAXED);
    struct csched_vcpu *head;
    if (pc->sort_epoch != epoch) {
        pc->sort_epoch = epoch;
        runq_sort(pc);
    }
    if (!curr)
        return csched_runq_head(pc) != NULL;
    /* Seen running at a tick: it is using the CPU, not just waking. */
    if (curr->pri == CSCHED_PRI_BOOST)
        curr->pri = CSCHED_PRI_UNDER;
    csched_burn(curr, now);
    __atomic_store_n(&curr->active, true, __ATOMIC_RELAXED);
    head = csched_runq_head(pc);
    if (now >= slice_end && curr->pri <= CSCHED_PRI_OVER)
        return true; /* out of credit: look for better work elsewhere */
    if (!head)
        return false;
    return head->pri > curr->pri ||
           (head->pri == curr->pri && now >= slice_end);
}

struct csched_vcpu *csched_pick(struct csched_pcpu *pc,
                                struct csched_vcpu *curr, bool curr_runnable,
                                s_time_t now)
{
    if (curr) {
        csched_burn(curr, now);
        if (curr_runnable)
            runq_insert(pc, curr, curr->yield);
        curr->yield = false;
    }
    return csched_runq_head(pc);
}

struct csched_vcpu *csched_steal(struct csched_pcpu *peer, unsigned int cpu,
                                 int pri)
{
    for (struct csched_link *l = peer->runq.next; l != &peer->runq;
         l = l->next) {
        struct csched_vcpu *svc = rq_elem(l);
        if (svc->pri <= pri)
            break;
        if (svc->is_running || !(svc->affinity & (1ULL << cpu)))
            continue;
        csched_runq_remove(peer, svc);
        svc->cpu = cpu;
        return svc;
    }
    return NULL;
}

int csched_cpu_pick(const struct csched_vcpu *svc, uint64_t online)
{
    uint64_t m = svc->affinity & online;
    if (!m)
        return -1;
    if (svc->cpu < 64 && (m & (1ULL << svc->cpu)))
        return (int)svc->cpu;
    return __builtin_ctzll(m);
}

/* Count each domain's active vCPUs; the sum of weight * count. */
static uint64_t acct_weigh(struct csched *s)
{
    uint64_t total = 0;
    for (struct csched_dom *sd = s->doms; sd; sd = sd->next) {
        sd->nr_active = 0;
        for (struct csched_vcpu *v = sd->vcpus; v; v = v->dom_next)
            if (__atomic_load_n(&v->active, __ATOMIC_RELAXED))
                sd->nr_active++;
        total += (uint64_t)sd->weight * sd->nr_active;
    }
    return total;
}

static uint64_t div_up(uint64_t a, uint64_t b)
{
    return (a + b - 1) / b;
}

/* New credit of one active vCPU: priority, parking over the cap, the
 * bounds (an idle vCPU stops earning and keeps half, as in Xen). */
static void acct_vcpu(struct csched_vcpu *svc, int fair, int cap_vcpu,
                      void (*park)(struct csched_vcpu *, bool))
{
    int credit = __atomic_add_fetch(&svc->credit, fair, __ATOMIC_RELAXED);
    if (credit < 0) {
        svc->pri = CSCHED_PRI_OVER;
        if (cap_vcpu && credit < -cap_vcpu && !svc->parked) {
            svc->parked = true;
            park(svc, true);
        }
        if (credit < -CSCHED_CREDITS_PER_TSLICE)
            __atomic_store_n(&svc->credit, -CSCHED_CREDITS_PER_TSLICE,
                             __ATOMIC_RELAXED);
        return;
    }
    svc->pri = CSCHED_PRI_UNDER;
    if (svc->parked) {
        park(svc, false); /* before clearing: the wake must not boost */
        svc->parked = false;
    }
    if (credit > CSCHED_CREDITS_PER_TSLICE) {
        __atomic_store_n(&svc->active, false, __ATOMIC_RELAXED);
        __atomic_store_n(&svc->credit, credit / 2, __ATOMIC_RELAXED);
    }
}

/*
 * A domain earns its weight's part of all CPUs' credit, but never more
 * than its active vCPUs can burn (one CPU each) or its cap allows; what it
 * cannot use goes to the domains after it, by their weights.
 */
void csched_acct(struct csched *s, void (*park)(struct csched_vcpu *, bool))
{
    uint64_t weight_total = acct_weigh(s), weight_left = weight_total;
    uint64_t credit_total = (uint64_t)s->ncpus * CSCHED_CREDITS_PER_TSLICE;
    for (struct csched_dom *sd = s->doms; sd && weight_total; sd = sd->next) {
        uint64_t n = sd->nr_active, w = sd->weight * n, peak, fair, cap = 0;
        if (!n)
            continue;
        weight_left -= w;
        peak = n * CSCHED_CREDITS_PER_TSLICE;
        if (sd->cap) {
            cap = div_up(sd->cap * CSCHED_CREDITS_PER_TSLICE, 100);
            peak = MIN(peak, cap);
            cap = div_up(cap, n);
        }
        fair = div_up(credit_total * w, weight_total);
        if (fair > peak) {
            if (weight_left)
                credit_total +=
                    div_up((fair - peak) * weight_total, weight_left);
            fair = peak;
        }
        fair = div_up(fair, n);
        for (struct csched_vcpu *v = sd->vcpus; v; v = v->dom_next)
            if (__atomic_load_n(&v->active, __ATOMIC_RELAXED))
                acct_vcpu(v, (int)fair, (int)cap, park);
    }
    __atomic_fetch_add(&s->acct_epoch, 1, __ATOMIC_RELEASE);
}
