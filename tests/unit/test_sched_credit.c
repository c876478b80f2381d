/* SPDX-License-Identifier: BSD-2-Clause */
/* The credit scheduler's pure logic (kernel/sched_credit.c) driven by a
 * small simulation of CPUs, ticks and accounting, as kernel/sched.c does. */
#include "harness.h"
#include <basalt/errno.h>
#include <basalt/sched.h>
#include <basalt/sched_credit.h>

#define SIM_CPUS  4
#define SIM_VCPUS 8

struct sim_vcpu {
    struct csched_vcpu svc; /* first: the scheduler hands these back */
    bool paused, blocked;
    s_time_t ran, ran_on[SIM_CPUS];
};

struct sim_cpu {
    struct csched_pcpu pc;
    struct sim_vcpu *curr;
    s_time_t slice_end;
};

static struct csched sim_s;
static struct sim_cpu cpus[SIM_CPUS];
static struct sim_vcpu vcpus[SIM_VCPUS];
static struct csched_dom doms[SIM_VCPUS];
static unsigned int nr_cpus;
static s_time_t now;

static bool runnable(const struct sim_vcpu *v)
{
    return !v->paused && !v->blocked;
}

static void sim_init(unsigned int ncpus)
{
    memset(&sim_s, 0, sizeof(sim_s));
    memset(vcpus, 0, sizeof(vcpus));
    memset(cpus, 0, sizeof(cpus));
    nr_cpus = ncpus;
    sim_s.ncpus = ncpus;
    now = 0;
    for (unsigned int c = 0; c < ncpus; c++)
        csched_pcpu_init(&cpus[c].pc);
    for (unsigned int d = 0; d < SIM_VCPUS; d++)
        csched_dom_init(&doms[d]);
}

/* vCPU i of domain d, queued on cpu (runnable unless told otherwise). */
static struct sim_vcpu *sim_vcpu(unsigned int i, unsigned int d,
                                 unsigned int cpu)
{
    struct sim_vcpu *v = &vcpus[i];
    if (!doms[d].vcpus)
        csched_dom_add(&sim_s, &doms[d]);
    csched_vcpu_init(&v->svc, &doms[d], cpu);
    csched_wake(&cpus[cpu].pc, &v->svc, false, now);
    return v;
}

static void sim_park(struct csched_vcpu *svc, bool park)
{
    struct sim_vcpu *v = (struct sim_vcpu *)svc;
    v->paused = park;
    if (park)
        csched_runq_remove(&cpus[svc->cpu].pc, svc);
    else if (!v->svc.on_runq && cpus[svc->cpu].curr != v)
        csched_wake(&cpus[svc->cpu].pc, svc, false, now);
}

/* kernel/sched.c's schedule(): pick, steal from busy peers when the best
 * local choice is OVER or nothing, run it. */
static void sim_schedule(unsigned int c)
{
    struct sim_cpu *cpu = &cpus[c];
    struct sim_vcpu *cur = cpu->curr;
    struct csched_vcpu *next = csched_pick(&cpu->pc, cur ? &cur->svc : NULL,
                                           cur && runnable(cur), now);
    if (!next || next->pri <= CSCHED_PRI_OVER) {
        for (unsigned int p = 0; p < nr_cpus; p++) {
            struct csched_vcpu *s;
            if (p == c || !cpus[p].curr)
                continue;
            s = csched_steal(&cpus[p].pc, c,
                             next ? next->pri : CSCHED_PRI_IDLE);
            if (s) {
                next = s;
                break;
            }
        }
    }
    if (next) {
        csched_runq_remove(&cpu->pc, next);
        csched_run(next, now);
    }
    cpu->curr = (struct sim_vcpu *)next;
    cpu->slice_end = now + CSCHED_TSLICE;
}

/* Advance by ticks: time passes for whatever runs, accounting every 30
 * ms, then each CPU's tick decides whether to reschedule. */
static void sim_run(s_time_t duration)
{
    for (s_time_t end = now + duration; now < end;) {
        for (unsigned int c = 0; c < nr_cpus; c++)
            if (cpus[c].curr) {
                cpus[c].curr->ran += CSCHED_TICK;
                cpus[c].curr->ran_on[c] += CSCHED_TICK;
            }
        now += CSCHED_TICK;
        if (now % CSCHED_TSLICE == 0)
            csched_acct(&sim_s, sim_park);
        for (unsigned int c = 0; c < nr_cpus; c++) {
            struct sim_cpu *cpu = &cpus[c];
            struct csched_vcpu *cur = cpu->curr ? &cpu->curr->svc : NULL;
            bool resched =
                csched_tick(&sim_s, &cpu->pc, cur, now, cpu->slice_end);
            if (resched || (cpu->curr && !runnable(cpu->curr)))
                sim_schedule(c);
        }
    }
}

/* Start measuring: the first accounting passes are a warm-up. */
static void sim_reset_stats(void)
{
    for (unsigned int i = 0; i < SIM_VCPUS; i++) {
        vcpus[i].ran = 0;
        memset(vcpus[i].ran_on, 0, sizeof(vcpus[i].ran_on));
    }
}

static bool within(s_time_t got, s_time_t want, int percent)
{
    s_time_t d = got > want ? got - want : want - got;
    return d * 100 <= want * percent;
}

TEST(weights_give_proportional_shares)
{
    sim_init(1);
    struct sim_vcpu *a = sim_vcpu(0, 0, 0), *b = sim_vcpu(1, 1, 0);
    CHECK_EQ(csched_dom_set(&doms[1], 512, 0, 100), 0);
    sim_schedule(0);
    sim_run(MILLISECS(300));
    sim_reset_stats();
    sim_run(MILLISECS(1000));
    CHECK_EQ(a->ran + b->ran, MILLISECS(1000));
    CHECK(within(b->ran, 2 * a->ran, 5));
    CHECK(within(a->ran, MILLISECS(333), 5));
}

TEST(equal_weights_share_two_cpus)
{
    sim_init(2);
    struct sim_vcpu *v[4];
    for (unsigned int i = 0; i < 4; i++)
        v[i] = sim_vcpu(i, i, 0); /* all start on CPU 0 */
    sim_schedule(0);
    sim_schedule(1); /* CPU 1 is idle: nothing to steal from it yet */
    sim_run(MILLISECS(10));
    sim_schedule(1); /* as if tickled: now it steals */
    sim_run(MILLISECS(290));
    sim_reset_stats();
    sim_run(MILLISECS(1000));
    for (unsigned int i = 0; i < 4; i++)
        CHECK(within(v[i]->ran, MILLISECS(500), 5));
}

/* A capped vCPU runs whole slices and is parked in between, so a window
 * is off by up to one slice: 3 s keep that within 5%. */
TEST(cap_holds_alone)
{
    sim_init(1);
    struct sim_vcpu *c = sim_vcpu(0, 0, 0);
    CHECK_EQ(csched_dom_set(&doms[0], 256, 25, 100), 0);
    sim_schedule(0);
    sim_run(MILLISECS(3000));
    CHECK(within(c->ran, MILLISECS(750), 5));
    CHECK(c->ran < MILLISECS(3000) / 4 + CSCHED_TSLICE);
}

TEST(cap_holds_against_a_busy_domain)
{
    sim_init(1);
    struct sim_vcpu *c = sim_vcpu(0, 0, 0), *d = sim_vcpu(1, 1, 0);
    CHECK_EQ(csched_dom_set(&doms[0], 65535, 25, 100), 0);
    sim_schedule(0);
    sim_run(MILLISECS(3000));
    CHECK(within(c->ran, MILLISECS(750), 5));
    CHECK(within(d->ran, MILLISECS(2250), 5));
}

TEST(affinity_respected)
{
    sim_init(2);
    struct sim_vcpu *x = sim_vcpu(0, 0, 1), *y = sim_vcpu(1, 1, 0);
    struct sim_vcpu *z = sim_vcpu(2, 2, 0);
    x->svc.affinity = 1ULL << 1;
    sim_schedule(0);
    sim_schedule(1);
    sim_run(MILLISECS(1000));
    CHECK_EQ(x->ran_on[0], 0);
    CHECK_EQ(x->ran_on[1], x->ran);
    CHECK(x->ran > MILLISECS(300));
    CHECK(y->ran > MILLISECS(300) && z->ran > MILLISECS(300));
    CHECK_EQ(x->ran + y->ran + z->ran, MILLISECS(2000));
}

TEST(steal_skips_running_pinned_and_lower)
{
    sim_init(2);
    struct sim_vcpu *a = sim_vcpu(0, 0, 0), *b = sim_vcpu(1, 1, 0);
    struct sim_vcpu *o = sim_vcpu(2, 2, 0);
    a->svc.is_running = true;
    b->svc.affinity = 1ULL << 0;
    o->svc.pri = CSCHED_PRI_OVER;
    CHECK(csched_steal(&cpus[0].pc, 1, CSCHED_PRI_IDLE) == &o->svc);
    CHECK_EQ(o->svc.cpu, 1);
    CHECK(!o->svc.on_runq);
    CHECK(csched_steal(&cpus[0].pc, 1, CSCHED_PRI_IDLE) == NULL);
    a->svc.is_running = false;
    CHECK(csched_steal(&cpus[0].pc, 1, CSCHED_PRI_UNDER) == NULL);
    CHECK(csched_steal(&cpus[0].pc, 1, CSCHED_PRI_OVER) == &a->svc);
}

TEST(boost_wakes_ahead_and_preempts)
{
    sim_init(1);
    struct sim_vcpu *a = sim_vcpu(0, 0, 0), *b = sim_vcpu(1, 1, 0);
    struct sim_vcpu *c = sim_vcpu(2, 2, 0);
    sim_schedule(0); /* a runs, b and c queued */
    CHECK(cpus[0].curr == a);
    csched_runq_remove(&cpus[0].pc, &c->svc);
    c->blocked = true;
    sim_run(MILLISECS(10));
    c->blocked = false;
    csched_wake(&cpus[0].pc, &c->svc, true, now);
    CHECK_EQ(c->svc.pri, CSCHED_PRI_BOOST);
    CHECK(csched_runq_head(&cpus[0].pc) == &c->svc);
    CHECK(csched_tick(&sim_s, &cpus[0].pc, &a->svc, now, now + 1));
    sim_schedule(0);
    CHECK(cpus[0].curr == c);
    sim_run(MILLISECS(10)); /* seen running at a tick: boost over */
    CHECK_EQ(c->svc.pri, CSCHED_PRI_UNDER);
    CHECK(b->svc.on_runq && a->svc.on_runq);
}

TEST(no_boost_when_over_parked_or_unpaused)
{
    sim_init(1);
    struct sim_vcpu *a = sim_vcpu(0, 0, 0);
    CHECK_EQ(a->svc.pri, CSCHED_PRI_UNDER); /* not from blocking */
    csched_runq_remove(&cpus[0].pc, &a->svc);
    a->svc.pri = CSCHED_PRI_OVER;
    csched_wake(&cpus[0].pc, &a->svc, true, now);
    CHECK_EQ(a->svc.pri, CSCHED_PRI_OVER);
    csched_runq_remove(&cpus[0].pc, &a->svc);
    a->svc.pri = CSCHED_PRI_UNDER;
    a->svc.parked = true;
    csched_wake(&cpus[0].pc, &a->svc, true, now);
    CHECK_EQ(a->svc.pri, CSCHED_PRI_UNDER);
}

TEST(runq_order_and_yield)
{
    sim_init(1);
    struct sim_vcpu *a = sim_vcpu(0, 0, 0), *b = sim_vcpu(1, 1, 0);
    struct sim_vcpu *o = sim_vcpu(2, 2, 0);
    csched_runq_remove(&cpus[0].pc, &o->svc);
    o->svc.pri = CSCHED_PRI_OVER;
    csched_runq_insert(&cpus[0].pc, &o->svc);
    sim_schedule(0);
    CHECK(cpus[0].curr == a);
    a->svc.yield = true; /* behind b, and behind one lower: o */
    sim_schedule(0);
    CHECK(cpus[0].curr == b);
    CHECK(csched_runq_head(&cpus[0].pc) == &o->svc);
    CHECK_EQ(cpus[0].pc.nr_queued, 2);
    b->svc.yield = true; /* behind o (OVER): still gives the CPU away */
    sim_schedule(0);
    CHECK(cpus[0].curr == o);
    sim_init(1);
    a = sim_vcpu(0, 0, 0);
    sim_schedule(0);
    a->svc.yield = true; /* nothing else: a again */
    sim_schedule(0);
    CHECK(cpus[0].curr == a);
    CHECK(!a->svc.yield);
}

TEST(idle_vcpu_stops_earning)
{
    sim_init(1);
    struct sim_vcpu *a = sim_vcpu(0, 0, 0);
    sim_schedule(0);
    sim_run(MILLISECS(30)); /* ran: active */
    CHECK(a->svc.active);
    a->blocked = true;
    sim_schedule(0);
    CHECK(cpus[0].curr == NULL);
    sim_run(MILLISECS(300));
    CHECK(!a->svc.active);
    CHECK(a->svc.credit <= CSCHED_CREDITS_PER_TSLICE);
    CHECK(a->svc.credit > 0);
}

TEST(parameters_checked)
{
    sim_init(1);
    CHECK_EQ(doms[0].weight, SCHED_DEFAULT_WEIGHT);
    CHECK_EQ(csched_dom_set(&doms[0], 0, 0, 100), -EINVAL);
    CHECK_EQ(csched_dom_set(&doms[0], 65536, 0, 100), -EINVAL);
    CHECK_EQ(csched_dom_set(&doms[0], 1, 101, 100), -EINVAL);
    CHECK_EQ(csched_dom_set(&doms[0], 65535, 100, 100), 0);
    CHECK_EQ(doms[0].weight, 65535);
    CHECK_EQ(doms[0].cap, 100);
}

TEST(cpu_pick_follows_affinity)
{
    struct csched_vcpu svc = {.cpu = 2, .affinity = ~0ULL};
    CHECK_EQ(csched_cpu_pick(&svc, 0xf), 2);
    CHECK_EQ(csched_cpu_pick(&svc, 0x3), 0);
    svc.affinity = 0x8;
    CHECK_EQ(csched_cpu_pick(&svc, 0xf), 3);
    CHECK_EQ(csched_cpu_pick(&svc, 0x7), -1);
}

TEST(burn_keeps_the_remainder)
{
    struct csched_vcpu svc = {.credit = 0};
    csched_run(&svc, 0);
    csched_burn(&svc, MICROSECS(150)); /* 1.5 credits */
    CHECK_EQ(svc.credit, -1);
    csched_burn(&svc, MICROSECS(300));
    CHECK_EQ(svc.credit, -3);
    csched_burn(&svc, MICROSECS(200)); /* time going back: nothing */
    CHECK_EQ(svc.credit, -3);
}
