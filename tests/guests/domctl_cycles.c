/* SPDX-License-Identifier: BSD-2-Clause */
/* PV test kernel (dom0): 2000 create/destroy cycles with exact memory
 * accounting, a destroyed domain kept alive by our mapping, a crashing
 * domain, affinity and credit domctls, and the sysctls xl uses. */
#include "domctl_util.h"
#include "memory_util.h"
#include "test.h"

#define ESRCH   3
#define EFAULT  14
#define EINVAL  22
#define CYCLES  2000
#define NFRAMES 6
#define BIG     5000

static unsigned long m[NFRAMES];
static struct vcpu_guest_context ctx;
static struct xen_domctl_getdomaininfo list[16];
static char logbuf[16384];

/* A domain with tables pinned and a context set; run to its shutdown
 * when run is set. 0 or the first failing step's error. */
static long cycle(int run, int keep_mapped, long *dom_out)
{
    long dom = dcu_create_vcpus(1), rc;

    *dom_out = dom;
    if (dom < 0)
        return dom;
    if ((rc = dcu_max_mem((domid_t)dom, 4 * NFRAMES)) ||
        (rc = dcu_populate((domid_t)dom, m, NFRAMES)) != NFRAMES ||
        (rc = dcu_build((domid_t)dom, m, 1, SHUTDOWN_poweroff)))
        return rc ? rc : -1;
    dcu_ctx(&ctx, m[0]);
    if ((rc = dcu_setctx((domid_t)dom, 0, &ctx)))
        return rc;
    if (run && ((rc = dcu_simple(XEN_DOMCTL_unpausedomain, (domid_t)dom)) ||
                !(dcu_wait_shutdown((domid_t)dom) & XEN_DOMINF_shutdown)))
        return rc ? rc : -2;
    if (keep_mapped && (rc = dcu_map((domid_t)dom, m[4], DCU_PTE_RO)))
        return rc;
    return dcu_simple(XEN_DOMCTL_destroydomain, (domid_t)dom);
}

static void test_cycles(void)
{
    long dom, rc = 0;
    uint64_t free0;
    int i;

    cycle(1, 0, &dom); /* warm-up: Xen allocates a page on first use */
    free0 = dcu_settled_free();
    for (i = 0; i < CYCLES && !rc; i++)
        rc = cycle(i % 10 == 0, 0, &dom);
    CHECK_EQ("create/destroy cycles", rc, 0);
    CHECK_EQ("cycles done", i, CYCLES);
    CHECK_EQ("free memory back after the cycles", dcu_wait_free(free0), free0);
}

/* Our mapping keeps a destroyed domain's frame, and the domain with it
 * (dying, its id taken) until we let go. */
static void test_zombie(void)
{
    struct xen_domctl_getdomaininfo i;
    uint64_t free0 = dcu_settled_free();
    long dom, other;

    CHECK_EQ("destroy while mapped", cycle(0, 1, &dom), 0);
    CHECK_EQ("zombie still listed", dcu_info((domid_t)dom, &i), 0);
    CHECK_EQ("zombie id", i.domain, dom);
    CHECK("zombie dying", i.flags & XEN_DOMINF_dying);
    CHECK_EQ("zombie keeps the mapped frame", i.tot_pages, 1);
    CHECK_EQ("zombie frame still readable", dcu_win()[0] & 0xff, 0xb8);
    CHECK_EQ("destroy zombie again",
             dcu_simple(XEN_DOMCTL_destroydomain, (domid_t)dom), 0);
    other = dcu_create_vcpus(1);
    CHECK("new domain gets another id", other > 0 && other != dom);
    dcu_simple(XEN_DOMCTL_destroydomain, (domid_t)other);
    CHECK_EQ("unmap the last frame", dcu_unmap(), 0);
    CHECK("zombie gone", dcu_info((domid_t)dom, &i) || i.domain != dom);
    CHECK_EQ("free memory back after the zombie", dcu_wait_free(free0), free0);
}

/* A domain spinning on another CPU (or between our yields) is stopped
 * and torn down by destroydomain. */
static void test_destroy_running(void)
{
    struct xen_domctl_getdomaininfo i;
    uint64_t free0 = dcu_settled_free();
    long dom = dcu_create_vcpus(1);

    dcu_max_mem((domid_t)dom, 4 * NFRAMES);
    dcu_populate((domid_t)dom, m, NFRAMES);
    dcu_build((domid_t)dom, m, 1, SHUTDOWN_poweroff);
    dcu_map((domid_t)dom, m[4], DCU_PTE);
    dcu_window[0] = 0xeb; /* jmp . */
    dcu_window[1] = 0xfe;
    dcu_unmap();
    dcu_ctx(&ctx, m[0]);
    dcu_setctx((domid_t)dom, 0, &ctx);
    CHECK_EQ("unpause spinner",
             dcu_simple(XEN_DOMCTL_unpausedomain, (domid_t)dom), 0);
    /* It may run on the other CPU, whenever the emulator gets to it: wait
     * for its first accounted time, within a bound. */
    dcu_info((domid_t)dom, &i);
    for (int n = 0; n < 200000 && !i.cpu_time; n++) {
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
        if (n % 100 == 99)
            dcu_info((domid_t)dom, &i);
    }
    printf("info: spinner flags %#x online %u cpu_time %lu\n", i.flags,
           i.nr_online_vcpus, (unsigned long)i.cpu_time);
    CHECK_EQ("spinner still up",
             i.flags & (XEN_DOMINF_shutdown | XEN_DOMINF_paused), 0);
    CHECK("spinner ran", i.cpu_time > 0);
    CHECK_EQ("destroy spinner",
             dcu_simple(XEN_DOMCTL_destroydomain, (domid_t)dom), 0);
    CHECK_EQ("free memory back after the spinner", dcu_wait_free(free0), free0);
}

/* More frames than domain_kill handles between preemption checks. */
static void test_big(void)
{
    static unsigned long big[BIG];
    struct xen_domctl_getdomaininfo i;
    uint64_t free0 = dcu_settled_free();
    long dom = dcu_create_vcpus(1);

    dcu_max_mem((domid_t)dom, 4 * BIG);
    CHECK_EQ("populate a big domain", dcu_populate((domid_t)dom, big, BIG),
             BIG);
    dcu_info((domid_t)dom, &i);
    CHECK_EQ("big: tot_pages", i.tot_pages, BIG);
    CHECK_EQ("big: free pages went", free0 - dcu_free_pages() >= BIG, 1);
    CHECK_EQ("destroy big", dcu_simple(XEN_DOMCTL_destroydomain, (domid_t)dom),
             0);
    CHECK_EQ("free memory back after the big one", dcu_wait_free(free0), free0);
}

/* ud2 without a trap table: the domain crashes (shutdown code crash). */
static void test_crash(void)
{
    long dom = dcu_create_vcpus(1);
    uint32_t flags;

    dcu_max_mem((domid_t)dom, 4 * NFRAMES);
    dcu_populate((domid_t)dom, m, NFRAMES);
    CHECK_EQ("build crashing domain", dcu_build((domid_t)dom, m, 1, ~0u), 0);
    dcu_ctx(&ctx, m[0]);
    dcu_setctx((domid_t)dom, 0, &ctx);
    dcu_simple(XEN_DOMCTL_unpausedomain, (domid_t)dom);
    flags = dcu_wait_shutdown((domid_t)dom);
    CHECK("crashed domain shut down", flags & XEN_DOMINF_shutdown);
    CHECK_EQ("crash code", (flags >> XEN_DOMINF_shutdownshift) & 0xff,
             SHUTDOWN_crash);
    CHECK_EQ("destroy crashed",
             dcu_simple(XEN_DOMCTL_destroydomain, (domid_t)dom), 0);
}

static long affinity(domid_t dom, uint32_t cmd, uint32_t flags, uint8_t *map,
                     uint32_t bits)
{
    struct xen_domctl d;

    dcu_init(&d, cmd, dom);
    d.u.vcpuaffinity.flags = flags;
    d.u.vcpuaffinity.cpumap_hard.bitmap.p = map;
    d.u.vcpuaffinity.cpumap_hard.nr_bits = bits;
    d.u.vcpuaffinity.cpumap_soft.bitmap.p = map;
    d.u.vcpuaffinity.cpumap_soft.nr_bits = bits;
    return dcu_domctl(&d);
}

static void test_affinity_sched(domid_t dom)
{
    uint8_t map[8] = {0};
    struct xen_domctl d;

    CHECK_EQ("get hard affinity",
             affinity(dom, XEN_DOMCTL_getvcpuaffinity, XEN_VCPUAFFINITY_HARD,
                      map, 64),
             0);
    CHECK("cpu 0 allowed", map[0] & 1);
    map[0] = 1;
    CHECK_EQ("pin to cpu 0",
             affinity(dom, XEN_DOMCTL_setvcpuaffinity, XEN_VCPUAFFINITY_HARD,
                      map, 64),
             0);
    CHECK_EQ("pinned answer", map[0], 1);
    map[0] = 0;
    map[7] = 0x80;
    CHECK_EQ("pin to no cpu",
             affinity(dom, XEN_DOMCTL_setvcpuaffinity, XEN_VCPUAFFINITY_HARD,
                      map, 64),
             -EINVAL);
    CHECK_EQ("affinity without flags",
             affinity(dom, XEN_DOMCTL_getvcpuaffinity, 0, map, 64), -EINVAL);
    CHECK_EQ("affinity bad bitmap",
             affinity(dom, XEN_DOMCTL_setvcpuaffinity, XEN_VCPUAFFINITY_HARD,
                      (uint8_t *)DCU_BAD_PTR, 64),
             -EFAULT);
    dcu_init(&d, XEN_DOMCTL_scheduler_op, dom);
    d.u.scheduler_op.sched_id =
        memu_on_basalt() ? XEN_SCHEDULER_CREDIT : XEN_SCHEDULER_CREDIT2;
    d.u.scheduler_op.cmd = XEN_DOMCTL_SCHEDOP_getinfo;
    CHECK_EQ("sched getinfo", dcu_domctl(&d), 0);
    CHECK_EQ("default weight", d.u.scheduler_op.u.credit.weight, 256);
    d.u.scheduler_op.cmd = XEN_DOMCTL_SCHEDOP_putinfo;
    d.u.scheduler_op.u.credit.weight = 512;
    d.u.scheduler_op.u.credit.cap = 0; /* no cap (credit2 has no 'keep') */
    CHECK_EQ("sched putinfo", dcu_domctl(&d), 0);
    d.u.scheduler_op.cmd = XEN_DOMCTL_SCHEDOP_getinfo;
    dcu_domctl(&d);
    CHECK_EQ("new weight", d.u.scheduler_op.u.credit.weight, 512);
    CHECK_EQ("no cap", d.u.scheduler_op.u.credit.cap, 0);
    d.u.scheduler_op.sched_id = XEN_SCHEDULER_RTDS;
    CHECK_EQ("sched other scheduler", dcu_domctl(&d), -EINVAL);
}

static void test_domainlist(domid_t dom)
{
    struct xen_sysctl s;

    memset(&s, 0, sizeof(s));
    s.u.getdomaininfolist.max_domains = 16;
    s.u.getdomaininfolist.buffer.p = list;
    CHECK_EQ("getdomaininfolist", dcu_sysctl(&s, XEN_SYSCTL_getdomaininfolist),
             0);
    CHECK_EQ("two domains", s.u.getdomaininfolist.num_domains, 2);
    CHECK_EQ("dom0 first", list[0].domain, 0);
    CHECK_EQ("then ours", list[1].domain, dom);
    CHECK("ours paused", list[1].flags & XEN_DOMINF_paused);
    s.u.getdomaininfolist.first_domain = 1;
    s.u.getdomaininfolist.max_domains = 1;
    dcu_sysctl(&s, XEN_SYSCTL_getdomaininfolist);
    CHECK_EQ("from 1: one", s.u.getdomaininfolist.num_domains, 1);
    CHECK_EQ("from 1: ours", list[0].domain, dom);
    s.u.getdomaininfolist.buffer.p = (void *)DCU_HV_PTR;
    CHECK_EQ("domainlist bad buffer",
             dcu_sysctl(&s, XEN_SYSCTL_getdomaininfolist), -EFAULT);
}

static long readconsole(struct xen_sysctl *s, int incremental, int clear)
{
    s->u.readconsole.incremental = (uint8_t)incremental;
    s->u.readconsole.clear = (uint8_t)clear;
    s->u.readconsole.buffer.p = logbuf;
    s->u.readconsole.count = sizeof(logbuf) - 1;
    memset(logbuf, 0, sizeof(logbuf));
    return dcu_sysctl(s, XEN_SYSCTL_readconsole);
}

/* Whole log, then an incremental read from its end (nothing new), then
 * a clearing read: what the next read shows is only what came after. */
static void test_readconsole(struct xen_sysctl *s)
{
    uint32_t total;

    memset(s, 0, sizeof(*s));
    CHECK_EQ("readconsole", readconsole(s, 0, 0), 0);
    total = s->u.readconsole.count;
    CHECK("log not empty", total > 0 && strlen(logbuf) == total);
    CHECK_EQ("readconsole incremental", readconsole(s, 1, 0), 0);
    CHECK("incremental: little new", s->u.readconsole.count < total);
    CHECK_EQ("readconsole clear", readconsole(s, 0, 1), 0);
    readconsole(s, 0, 0);
    CHECK("cleared: little left", s->u.readconsole.count < total);
    s->u.readconsole.buffer.p = (void *)DCU_BAD_PTR;
    s->u.readconsole.count = 64;
    s->u.readconsole.incremental = 0;
    /* The ring may be empty now: an empty copy cannot fault. */
    CHECK("readconsole bad buffer",
          dcu_sysctl(s, XEN_SYSCTL_readconsole) == -EFAULT ||
              s->u.readconsole.count == 0);
}

static void test_physinfo(void)
{
    struct xen_sysctl s, c;
    uint64_t idle[4];

    memset(&s, 0, sizeof(s));
    CHECK_EQ("physinfo", dcu_sysctl(&s, XEN_SYSCTL_physinfo), 0);
    CHECK("physinfo cpus",
          s.u.physinfo.nr_cpus >= 1 &&
              s.u.physinfo.max_cpu_id >= s.u.physinfo.nr_cpus - 1);
    CHECK("physinfo memory",
          s.u.physinfo.total_pages > s.u.physinfo.free_pages);
    CHECK("physinfo max_mfn", s.u.physinfo.max_mfn >= s.u.physinfo.total_pages);
    CHECK("physinfo khz", s.u.physinfo.cpu_khz > 0);
    CHECK("physinfo pv", s.u.physinfo.capabilities & XEN_SYSCTL_PHYSCAP_pv);
    CHECK("physinfo hw_cap fpu", s.u.physinfo.hw_cap[0] & 1);
    memset(&c, 0, sizeof(c));
    c.u.getcpuinfo.max_cpus = 4;
    c.u.getcpuinfo.info.p = (void *)idle;
    CHECK_EQ("getcpuinfo", dcu_sysctl(&c, XEN_SYSCTL_getcpuinfo), 0);
    CHECK_EQ("getcpuinfo count", c.u.getcpuinfo.nr_cpus,
             s.u.physinfo.nr_cpus < 4 ? s.u.physinfo.nr_cpus : 4);
    c.u.getcpuinfo.info.p = (void *)DCU_BAD_PTR;
    CHECK_EQ("getcpuinfo bad buffer", dcu_sysctl(&c, XEN_SYSCTL_getcpuinfo),
             -EFAULT);
}

int guest_main(struct start_info *si)
{
    long dom;

    struct xen_sysctl s;

    (void)si;
    test_physinfo();
    test_readconsole(&s);
    dom = dcu_create_vcpus(1);
    CHECK("createdomain", dom > 0);
    test_domainlist((domid_t)dom);
    test_affinity_sched((domid_t)dom);
    dcu_simple(XEN_DOMCTL_destroydomain, (domid_t)dom);
    test_crash();
    /* The crash was logged, and nothing before the clear. */
    readconsole(&s, 0, 0);
    CHECK("log after clear shows the crash", strstr(logbuf, "rash") != NULL);
    test_zombie();
    test_big();
    test_destroy_running();
    test_cycles();
    return test_summary();
}
