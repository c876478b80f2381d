/* SPDX-License-Identifier: BSD-2-Clause */
/* Credit scheduling, the pure part (kernel/sched_credit.c): run queues,
 * priorities, credit accounting, caps and work stealing. No locks here:
 * kernel/sched.c holds the right ones; the host unit test drives it. */
#ifndef BASALT_SCHED_CREDIT_H
#define BASALT_SCHED_CREDIT_H

#include <basalt/types.h>
#include <basalt/time.h>

/* Priorities, highest first (Xen credit1's values). */
#define CSCHED_PRI_BOOST 0   /* woke from blocking, not yet seen running */
#define CSCHED_PRI_UNDER -1  /* has credit left */
#define CSCHED_PRI_OVER  -2  /* spent its credit */
#define CSCHED_PRI_IDLE  -64 /* the idle context */

#define CSCHED_TICK               MILLISECS(10) /* credit burn and slice check */
#define CSCHED_TSLICE             MILLISECS(30) /* also the accounting period */
#define CSCHED_CREDITS_PER_MSEC   10
#define CSCHED_CREDITS_PER_TSLICE 300 /* per CPU per accounting period */
#define CSCHED_MAX_WEIGHT         65535

struct csched_link {
    struct csched_link *next, *prev;
};

/* A domain's share: weight against the others, cap in percent of a CPU. */
struct csched_dom {
    unsigned int weight, cap;
    unsigned int nr_active;    /* accounting's count of active vCPUs */
    bool linked;               /* on the scheduler's domain list */
    struct csched_vcpu *vcpus; /* its vCPUs, through dom_next */
    struct csched_dom *next;   /* every domain the scheduler knows */
};

/* One vCPU. 'cpu' names the run queue (and lock) it belongs to. */
struct csched_vcpu {
    struct csched_link rq; /* first: the run queue links */
    struct csched_vcpu *dom_next;
    struct csched_dom *dom;
    int pri;
    int credit;          /* atomic: the tick burns, accounting adds */
    bool active;         /* earning credit (it ran recently) */
    bool parked;         /* paused by accounting: over its cap */
    bool yield;          /* SCHEDOP_yield: go behind one lower priority */
    bool on_runq;        /* queued on cpu's run queue */
    bool is_running;     /* its state is on a CPU (not saved yet) */
    unsigned int cpu;    /* the CPU whose run queue it belongs to */
    uint64_t affinity;   /* bit n: may run on CPU n */
    s_time_t start_time; /* credits burnt up to here */
    s_time_t residual;   /* nanosecond-credits not burnt yet */
};

/* One CPU's run queue, highest priority first, FIFO within one. */
struct csched_pcpu {
    struct csched_link runq;
    unsigned int nr_queued;
    unsigned int sort_epoch; /* the accounting epoch the order is for */
};

struct csched {
    struct csched_dom *doms;
    unsigned int ncpus;      /* CPUs whose time accounting hands out */
    unsigned int acct_epoch; /* bumped by every accounting pass */
};

void csched_pcpu_init(struct csched_pcpu *pc);
void csched_dom_init(struct csched_dom *sd);
void csched_dom_add(struct csched *s, struct csched_dom *sd);
void csched_dom_remove(struct csched *s, struct csched_dom *sd);
/* Weight 1..65535, cap 0..max_cap (percent): -EINVAL otherwise. */
int csched_dom_set(struct csched_dom *sd, unsigned int weight, unsigned int cap,
                   unsigned int max_cap);
/* svc starts running at now: its credit burns from here. */
void csched_run(struct csched_vcpu *svc, s_time_t now);
void csched_vcpu_init(struct csched_vcpu *svc, struct csched_dom *sd,
                      unsigned int cpu);
void csched_vcpu_remove(struct csched_vcpu *svc);

void csched_runq_insert(struct csched_pcpu *pc, struct csched_vcpu *svc);
void csched_runq_remove(struct csched_pcpu *pc, struct csched_vcpu *svc);
struct csched_vcpu *csched_runq_head(const struct csched_pcpu *pc);

/* svc became runnable (woke, was unpaused or brought up): queue it, with
 * BOOST when it woke from blocking with credit left. */
void csched_wake(struct csched_pcpu *pc, struct csched_vcpu *svc,
                 bool from_block, s_time_t now);
/* Charge the running svc for the time since its last charge. */
void csched_burn(struct csched_vcpu *svc, s_time_t now);

/* The tick of a CPU running curr (NULL: idle): charge it, drop its boost,
 * make it active, re-sort the queue after an accounting pass. true when
 * the CPU should reschedule (slice over with work queued, or something
 * of higher priority waiting). */
bool csched_tick(struct csched *s, struct csched_pcpu *pc,
                 struct csched_vcpu *curr, s_time_t now, s_time_t slice_end);

/* Scheduling decision on a CPU: charge curr, queue it again if runnable,
 * return the head of the queue (still queued; NULL if empty). The
 * caller steals when that is NULL or OVER, then takes it off. */
struct csched_vcpu *csched_pick(struct csched_pcpu *pc,
                                struct csched_vcpu *curr, bool curr_runnable,
                                s_time_t now);
/* Take from a peer's queue the first vCPU of priority above pri that may
 * run on cpu and is not still on its old CPU; NULL if none. */
struct csched_vcpu *csched_steal(struct csched_pcpu *peer, unsigned int cpu,
                                 int pri);

/* Accounting, every CSCHED_TSLICE on one CPU: hand out s->ncpus CPUs'
 * worth of credit to the active vCPUs by weight, within caps; recompute
 * priorities; park(svc, true) a vCPU over its cap, park(svc, false) one
 * whose credit is back. */
void csched_acct(struct csched *s, void (*park)(struct csched_vcpu *, bool));

/* Where svc should queue: its CPU if allowed and online, else the first
 * online CPU of its affinity; -1 if none. */
int csched_cpu_pick(const struct csched_vcpu *svc, uint64_t online);

#endif
