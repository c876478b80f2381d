/* SPDX-License-Identifier: BSD-2-Clause */
/* domctl and sysctl (kernel/domctl.c, domctl_vcpu.c, sysctl.c) on the host:
 * the privilege check before anything is read, Xen's error order, domain
 * ids, config checks, info flags, bitmaps, credit and the log reader. */
#include "harness.h"
#include <basalt/domain.h>
#include <basalt/errno.h>
#include <basalt/mm.h>
#include <basalt/sched.h>
#include <public/domctl.h>
#include <public/sched.h>
#include <public/sysctl.h>

static struct xen_domctl op;
static struct xen_sysctl sop;

/* ---- the hypervisor around domctl ---- */
static struct domain *doms[DOMAIN_MAX];
static struct domain dom0, doma;
static struct vcpu v0, va0;
static struct vcpu *cur = &v0;
static unsigned int copies_in, continuations, created, killed, pauses;
static uint64_t affinity_set, affinity = ~0ULL;
static unsigned int weight = 256, cap;
static int kill_rc;
uint64_t max_pfn = 1000, tsc_khz = 2000000;
unsigned int nr_cpus_online = 2;
static char ring[65536];
static uint64_t ring_head;

struct vcpu *current_vcpu(void)
{
    return cur;
}
struct domain *domain_by_id(uint16_t id)
{
    if (id == DOMID_SELF)
        return cur->domain;
    return id < DOMAIN_MAX ? doms[id] : NULL;
}
struct domain *domain_next(uint16_t id)
{
    for (unsigned int i = id; i < DOMAIN_MAX; i++)
        if (doms[i])
            return doms[i];
    return NULL;
}
/* Guest memory is host memory; the first page stands for unmapped. */
int copy_from_guest(void *dst, uint64_t src, size_t len)
{
    copies_in++;
    if (src < 4096) {
        memset(dst, 0, len);
        return -EFAULT;
    }
    memcpy(dst, (const void *)src, len);
    return 0;
}
int copy_to_guest(uint64_t dst, const void *src, size_t len)
{
    if (dst < 4096)
        return -EFAULT;
    memcpy((void *)dst, src, len);
    return 0;
}
long hypercall_create_continuation(struct cpu_regs *regs, unsigned int nr,
                                   uint64_t a1, uint64_t a2, uint64_t a3,
                                   uint64_t a4, uint64_t a5)
{
    (void)regs, (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
    continuations++;
    return nr;
}
struct domain *domain_create(uint16_t domid, bool privileged, unsigned int n)
{
    struct domain *d = calloc(1, sizeof(*d));
    (void)privileged;
    d->domain_id = domid;
    d->max_vcpus = n;
    d->shutdown_code = DOMAIN_SHUTDOWN_NONE;
    doms[domid] = d;
    created++;
    d->vcpu[0] = calloc(1, sizeof(struct vcpu)); /* as the real one */
    return d;
}
struct vcpu *vcpu_create(struct domain *d, unsigned int id)
{
    return d->vcpu[id] = calloc(1, sizeof(struct vcpu));
}
void domain_destroy(struct domain *d)
{
    doms[d->domain_id] = NULL;
    for (unsigned int i = 0; i < PV_MAX_VCPUS; i++)
        free(d->vcpu[i]);
    free(d);
}
long pv_hypercall_page_init(struct domain *d, uint64_t gmfn)
{
    (void)d;
    return gmfn ? 0 : -EINVAL;
}

int domain_kill(struct domain *d)
{
    (void)d;
    killed++;
    return kill_rc;
}
int domain_pause_by_controller(struct domain *d)
{
    d->controller_pause_count++;
    pauses++;
    return 0;
}
int domain_unpause_by_controller(struct domain *d)
{
    return d->controller_pause_count-- > 0 ? 0 : -EINVAL;
}
void domain_pause(struct domain *d)
{
    (void)d;
}
void domain_unpause(struct domain *d)
{
    (void)d;
}
void vcpu_pause(struct vcpu *v)
{
    (void)v;
}
void vcpu_unpause(struct vcpu *v)
{
    (void)v;
}
void vcpu_set_online(struct vcpu *v, bool on)
{
    v->is_up = on;
}
int arch_set_vcpu_context(struct vcpu *v, const struct vcpu_guest_context *c)
{
    (void)v;
    return c->ctrlreg[3] ? 0 : -EINVAL;
}
void pv_get_vcpu_context(const struct vcpu *v, struct vcpu_guest_context *c)
{
    memset(c, 0, sizeof(*c));
    c->user_regs.rip = v->regs.rip;
}
uint64_t sched_vcpu_time(const struct vcpu *v)
{
    return v->vcpu_id + 100;
}
int sched_set_affinity(struct vcpu *v, uint64_t mask)
{
    (void)v;
    affinity_set = mask;
    if (!(mask & 3))
        return -EINVAL;
    affinity = mask;
    return 0;
}
uint64_t sched_get_affinity(const struct vcpu *v)
{
    (void)v;
    return affinity;
}
int sched_credit_set(struct domain *d, unsigned int w, unsigned int c)
{
    (void)d;
    weight = w;
    cap = c;
    return 0;
}
void sched_credit_get(const struct domain *d, unsigned int *w, unsigned int *c)
{
    (void)d;
    *w = weight;
    *c = cap;
}
uint64_t buddy_free_count(void)
{
    return 700;
}
uint64_t buddy_total_count(void)
{
    return 900;
}
uint64_t log_ring_head(void)
{
    return ring_head;
}
size_t log_ring_size(void)
{
    return ring_head < sizeof(ring) ? ring_head : sizeof(ring);
}
size_t log_ring_read_at(char *buf, size_t size, uint64_t pos)
{
    size_t n = 0;
    if (pos > ring_head || ring_head - pos > sizeof(ring))
        return 0;
    for (; pos + n < ring_head && n < size; n++)
        buf[n] = ring[(pos + n) % sizeof(ring)];
    return n;
}

/* ---- helpers ---- */
static void reset(bool privileged)
{
    for (unsigned int i = 0; i < DOMAIN_MAX; i++)
        if (doms[i] && doms[i] != &dom0 && doms[i] != &doma)
            domain_destroy(doms[i]);
    memset(doms, 0, sizeof(doms));
    memset(&dom0, 0, sizeof(dom0));
    memset(&doma, 0, sizeof(doma));
    dom0.privileged = privileged;
    dom0.max_vcpus = 1;
    dom0.vcpu[0] = &v0;
    dom0.shutdown_code = DOMAIN_SHUTDOWN_NONE;
    v0.domain = &dom0;
    doms[0] = &dom0;
    doma.domain_id = 7;
    doma.max_vcpus = 1;
    doma.vcpu[0] = &va0;
    doma.shutdown_code = DOMAIN_SHUTDOWN_NONE;
    doma.controller_pause_count = 1;
    va0.domain = &doma;
    doms[7] = &doma;
    memset(&op, 0, sizeof(op));
    memset(&sop, 0, sizeof(sop));
    copies_in = continuations = created = killed = pauses = 0;
    kill_rc = 0;
    affinity = ~0ULL;
    weight = 256;
    cap = 0;
}

static long domctl(uint32_t cmd, uint16_t dom)
{
    op.cmd = cmd;
    op.interface_version = XEN_DOMCTL_INTERFACE_VERSION;
    op.domain = dom;
    return do_domctl((uint64_t)&op, 0, 0, 0, 0, NULL);
}

static long sysctl(uint32_t cmd)
{
    sop.cmd = cmd;
    sop.interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    return do_sysctl((uint64_t)&sop, 0, 0, 0, 0, NULL);
}

static void config(struct xen_domctl_createdomain *c)
{
    memset(&op, 0, sizeof(op));
    c->max_vcpus = 2;
    c->max_grant_frames = -1;
    c->max_maptrack_frames = -1;
    c->grant_opts = 1;
    c->handle[3] = 0x33;
}

TEST(domctl_unprivileged_refused_before_reading)
{
    reset(false);
    for (uint32_t cmd = 0; cmd <= 1100; cmd++) {
        memset(&op, 0, sizeof(op));
        CHECK_EQ(domctl(cmd, 0), -EPERM);
        CHECK_EQ(do_domctl(0x10, 0, 0, 0, 0, NULL), -EPERM);
    }
    for (uint32_t cmd = 0; cmd <= 100; cmd++) {
        CHECK_EQ(sysctl(cmd), -EPERM);
        CHECK_EQ(do_sysctl(0x10, 0, 0, 0, 0, NULL), -EPERM);
    }
    CHECK_EQ(copies_in, 0);
    CHECK_EQ(created + killed + pauses, 0);
    CHECK(doms[0] == &dom0 && doms[7] == &doma);
}

TEST(domctl_xen_error_order)
{
    reset(true);
    CHECK_EQ(do_domctl(0x10, 0, 0, 0, 0, NULL), -EFAULT);
    op.cmd = XEN_DOMCTL_destroydomain;
    op.interface_version = 0x14;
    op.domain = 7;
    CHECK_EQ(do_domctl((uint64_t)&op, 0, 0, 0, 0, NULL), -EACCES);
    CHECK_EQ(killed, 0);
    CHECK_EQ(domctl(XEN_DOMCTL_pausedomain, 500), -ESRCH);
    CHECK_EQ(domctl(XEN_DOMCTL_pausedomain, DOMID_SELF), -ESRCH);
    CHECK_EQ(domctl(9999, 500), -ESRCH);
    CHECK_EQ(domctl(9999, 7), -ENOSYS);
    CHECK_EQ(do_sysctl(0x10, 0, 0, 0, 0, NULL), -EFAULT);
    sop.cmd = XEN_SYSCTL_physinfo;
    sop.interface_version = 0x14;
    CHECK_EQ(do_sysctl((uint64_t)&sop, 0, 0, 0, 0, NULL), -EACCES);
    CHECK_EQ(sysctl(9999), -ENOSYS);
}

TEST(domctl_create_config_checks)
{
    struct xen_domctl_createdomain *c = &op.u.createdomain;

    reset(true);
    config(c);
    c->max_vcpus = 0;
    CHECK_EQ(domctl(XEN_DOMCTL_createdomain, 0), -EINVAL);
    config(c);
    c->max_vcpus = PV_MAX_VCPUS + 1;
    CHECK_EQ(domctl(XEN_DOMCTL_createdomain, 0), -EINVAL);
    config(c);
    c->flags = XEN_DOMCTL_CDF_hvm;
    CHECK_EQ(domctl(XEN_DOMCTL_createdomain, 0), -EINVAL);
    config(c);
    c->flags = 1u << 8;
    CHECK_EQ(domctl(XEN_DOMCTL_createdomain, 0), -EINVAL);
    config(c);
    c->grant_opts = 2;
    CHECK_EQ(domctl(XEN_DOMCTL_createdomain, 0), -EINVAL);
    config(c);
    c->grant_opts = 0x11;
    CHECK_EQ(domctl(XEN_DOMCTL_createdomain, 0), -EINVAL);
    config(c);
    c->max_grant_frames = 65;
    CHECK_EQ(domctl(XEN_DOMCTL_createdomain, 0), -EINVAL);
    config(c);
    c->vmtrace_size = 4096;
    CHECK_EQ(domctl(XEN_DOMCTL_createdomain, 0), -EINVAL);
    config(c);
    c->arch.emulation_flags = XEN_X86_EMU_LAPIC;
    CHECK_EQ(domctl(XEN_DOMCTL_createdomain, 0), -EINVAL);
    config(c);
    c->cpupool_id = 1;
    CHECK_EQ(domctl(XEN_DOMCTL_createdomain, 0), -ENOENT);
    CHECK_EQ(created, 0);
    config(c);
    CHECK_EQ(domctl(XEN_DOMCTL_createdomain, 0), 0);
    /* The id comes from the rover (other tests moved it). */
    CHECK(op.domain > 0 && op.domain < DOMAIN_MAX && op.domain != 7);
    CHECK(doms[op.domain] && doms[op.domain]->vcpu[0] &&
          doms[op.domain]->vcpu[1] && !doms[op.domain]->vcpu[2]);
    CHECK_EQ(doms[op.domain]->handle[3], 0x33);
    CHECK_EQ(doms[op.domain]->controller_pause_count, 1);
}

TEST(domctl_create_ids)
{
    struct xen_domctl_createdomain *c = &op.u.createdomain;
    unsigned int first;

    reset(true);
    config(c);
    CHECK_EQ(domctl(XEN_DOMCTL_createdomain, 0), 0);
    first = op.domain;
    config(c);
    CHECK_EQ(domctl(XEN_DOMCTL_createdomain, DOMID_SELF), 0);
    CHECK_EQ(op.domain, first == DOMAIN_MAX - 1 ? 1 : first + 1);
    config(c);
    CHECK_EQ(domctl(XEN_DOMCTL_createdomain, 7), -EEXIST);
    config(c);
    CHECK_EQ(domctl(XEN_DOMCTL_createdomain, 2000), -EINVAL);
    config(c);
    CHECK_EQ(domctl(XEN_DOMCTL_createdomain, 9), 0);
    CHECK_EQ(op.domain, 9);
    /* Everything taken: the rover goes round once and gives up. */
    for (unsigned int i = 1; i < DOMAIN_MAX; i++)
        if (!doms[i])
            domain_create((uint16_t)i, false, 1);
    config(c);
    CHECK_EQ(domctl(XEN_DOMCTL_createdomain, 0), -ENOMEM);
    domain_destroy(doms[500]);
    config(c);
    CHECK_EQ(domctl(XEN_DOMCTL_createdomain, 0), 0);
    CHECK_EQ(op.domain, 500);
}

TEST(domctl_getdomaininfo)
{
    struct xen_domctl_getdomaininfo *i = &op.u.getdomaininfo;

    reset(true);
    doma.nr_pages = 12;
    doma.max_pages = 40;
    va0.vcpu_id = 0;
    va0.is_up = true;
    va0.blocked = true;
    CHECK_EQ(domctl(XEN_DOMCTL_getdomaininfo, 3), 0);
    CHECK_EQ(op.domain, 7);
    CHECK_EQ(i->domain, 7);
    CHECK_EQ(i->flags, 0xffff0000u | XEN_DOMINF_paused | XEN_DOMINF_blocked);
    CHECK_EQ(i->tot_pages, 12);
    CHECK_EQ(i->max_pages, 40);
    CHECK_EQ(i->nr_online_vcpus, 1);
    CHECK_EQ(i->max_vcpu_id, 0);
    CHECK_EQ(i->cpu_time, 100);
    doma.is_shut_down = true;
    doma.shutdown_code = SHUTDOWN_crash;
    doma.is_dead = true;
    doma.controller_pause_count = 0;
    va0.is_up = false;
    CHECK_EQ(domctl(XEN_DOMCTL_getdomaininfo, 7), 0);
    CHECK_EQ(i->flags, (3u << 16) | XEN_DOMINF_shutdown | XEN_DOMINF_dying);
    CHECK_EQ(domctl(XEN_DOMCTL_getdomaininfo, 8), -ESRCH);
    CHECK_EQ(domctl(XEN_DOMCTL_getdomaininfo, DOMID_SELF), -EINVAL);
}

TEST(domctl_max_mem_and_vcpus)
{
    reset(true);
    op.u.max_mem.max_memkb = 4096;
    CHECK_EQ(domctl(XEN_DOMCTL_max_mem, 7), 0);
    CHECK_EQ(doma.max_pages, 1024);
    op.u.max_mem.max_memkb = ~0ULL;
    CHECK_EQ(domctl(XEN_DOMCTL_max_mem, 7), 0);
    CHECK_EQ(doma.max_pages, 0xffffffffULL);
    op.u.max_vcpus.max = 2;
    CHECK_EQ(domctl(XEN_DOMCTL_max_vcpus, 7), -EINVAL);
    op.u.max_vcpus.max = 1;
    CHECK_EQ(domctl(XEN_DOMCTL_max_vcpus, 7), 0);
    CHECK_EQ(domctl(XEN_DOMCTL_max_vcpus, 0), -EINVAL); /* ourselves */
    kill_rc = -ERESTART;
    CHECK_EQ(domctl(XEN_DOMCTL_destroydomain, 7), __HYPERVISOR_domctl);
    CHECK_EQ(continuations, 1);
}

TEST(domctl_vcpu_context)
{
    static struct vcpu_guest_context c;

    reset(true);
    op.u.vcpucontext.vcpu = 1;
    op.u.vcpucontext.ctxt.p = &c;
    CHECK_EQ(domctl(XEN_DOMCTL_setvcpucontext, 7), -EINVAL);
    CHECK_EQ(domctl(XEN_DOMCTL_getvcpucontext, 7), -EINVAL);
    op.u.vcpucontext.vcpu = 0;
    CHECK_EQ(domctl(XEN_DOMCTL_setvcpucontext, 0), -EINVAL); /* ourselves */
    op.u.vcpucontext.ctxt.p = (void *)0x10;
    CHECK_EQ(domctl(XEN_DOMCTL_setvcpucontext, 7), -EFAULT);
    op.u.vcpucontext.ctxt.p = &c;
    CHECK_EQ(domctl(XEN_DOMCTL_getvcpucontext, 7), -ENODATA);
    c.ctrlreg[3] = 0x5000;
    c.flags = VGCF_online;
    CHECK_EQ(domctl(XEN_DOMCTL_setvcpucontext, 7), 0);
    CHECK(va0.is_up);
    va0.initialised = true;
    va0.regs.rip = 0x1234;
    op.u.vcpucontext.ctxt.p = (void *)0x10;
    CHECK_EQ(domctl(XEN_DOMCTL_getvcpucontext, 7), -EFAULT);
    op.u.vcpucontext.ctxt.p = &c;
    CHECK_EQ(domctl(XEN_DOMCTL_getvcpucontext, 7), 0);
    CHECK_EQ(c.user_regs.rip, 0x1234);
}

TEST(domctl_affinity_bitmaps)
{
    uint8_t map[16];

    reset(true);
    memset(map, 0xff, sizeof(map));
    op.u.vcpuaffinity.flags = XEN_VCPUAFFINITY_HARD;
    op.u.vcpuaffinity.cpumap_hard.bitmap.p = map;
    op.u.vcpuaffinity.cpumap_hard.nr_bits = 3; /* bits past 3 read as 0 */
    CHECK_EQ(domctl(XEN_DOMCTL_setvcpuaffinity, 7), 0);
    CHECK_EQ(affinity_set, 7);
    CHECK_EQ(map[0], 3); /* in effect: the online CPUs 0 and 1 */
    memset(map, 0xff, sizeof(map));
    op.u.vcpuaffinity.cpumap_hard.nr_bits = 128;
    CHECK_EQ(domctl(XEN_DOMCTL_getvcpuaffinity, 7), 0);
    CHECK_EQ(map[0], 7);
    CHECK_EQ(map[8] | map[15], 0); /* past our 64 bits: zeroed */
    memset(map, 0, sizeof(map));
    map[7] = 0x80;
    CHECK_EQ(domctl(XEN_DOMCTL_setvcpuaffinity, 7), -EINVAL);
    op.u.vcpuaffinity.flags = 0;
    CHECK_EQ(domctl(XEN_DOMCTL_getvcpuaffinity, 7), -EINVAL);
    op.u.vcpuaffinity.flags = XEN_VCPUAFFINITY_HARD;
    op.u.vcpuaffinity.vcpu = 1;
    CHECK_EQ(domctl(XEN_DOMCTL_getvcpuaffinity, 7), -EINVAL);
    op.u.vcpuaffinity.vcpu = 0;
    op.u.vcpuaffinity.cpumap_hard.bitmap.p = (void *)0x10;
    CHECK_EQ(domctl(XEN_DOMCTL_setvcpuaffinity, 7), -EFAULT);
}

TEST(domctl_credit)
{
    struct xen_domctl_scheduler_op *s = &op.u.scheduler_op;

    reset(true);
    s->sched_id = XEN_SCHEDULER_CREDIT;
    s->cmd = XEN_DOMCTL_SCHEDOP_putinfo;
    s->u.credit.weight = 0; /* keep */
    s->u.credit.cap = 50;
    CHECK_EQ(domctl(XEN_DOMCTL_scheduler_op, 7), 0);
    CHECK_EQ(weight, 256);
    CHECK_EQ(cap, 50);
    s->u.credit.weight = 1000;
    s->u.credit.cap = 0xffff; /* keep */
    CHECK_EQ(domctl(XEN_DOMCTL_scheduler_op, 7), 0);
    CHECK_EQ(weight, 1000);
    CHECK_EQ(cap, 50);
    s->cmd = XEN_DOMCTL_SCHEDOP_getinfo;
    memset(&s->u, 0, sizeof(s->u));
    CHECK_EQ(domctl(XEN_DOMCTL_scheduler_op, 7), 0);
    CHECK_EQ(s->u.credit.weight, 1000);
    CHECK_EQ(s->u.credit.cap, 50);
    s->cmd = XEN_DOMCTL_SCHEDOP_getvcpuinfo;
    CHECK_EQ(domctl(XEN_DOMCTL_scheduler_op, 7), -EINVAL);
    s->cmd = XEN_DOMCTL_SCHEDOP_getinfo;
    s->sched_id = XEN_SCHEDULER_CREDIT2;
    CHECK_EQ(domctl(XEN_DOMCTL_scheduler_op, 7), -EINVAL);
}

static long readconsole(uint8_t incremental, uint8_t clear, uint32_t index,
                        char *buf, uint32_t count)
{
    memset(&sop, 0, sizeof(sop));
    sop.u.readconsole.incremental = incremental;
    sop.u.readconsole.clear = clear;
    sop.u.readconsole.index = index;
    sop.u.readconsole.buffer.p = buf;
    sop.u.readconsole.count = count;
    return sysctl(XEN_SYSCTL_readconsole);
}

TEST(sysctl_readconsole)
{
    static char buf[70000];

    reset(true);
    for (unsigned int i = 0; i < sizeof(ring); i++)
        ring[i] = (char)('a' + i % 26);
    ring_head = 100;
    CHECK_EQ(readconsole(0, 0, 0, buf, 30), 0);
    CHECK_EQ(sop.u.readconsole.count, 30);
    CHECK_EQ(sop.u.readconsole.index, 30);
    CHECK_EQ(readconsole(1, 0, 30, buf, 1000), 0);
    CHECK_EQ(sop.u.readconsole.count, 70);
    CHECK_EQ(buf[0], 'a' + 30 % 26);
    CHECK_EQ(sop.u.readconsole.index, 100);
    CHECK_EQ(readconsole(1, 0, 500, buf, 1000), 0); /* out of range: all */
    CHECK_EQ(sop.u.readconsole.count, 100);
    CHECK_EQ(readconsole(0, 1, 0, buf, 40), 0); /* clear what was read */
    ring_head = 120;
    CHECK_EQ(readconsole(0, 0, 0, buf, 1000), 0);
    CHECK_EQ(sop.u.readconsole.count, 80);
    CHECK_EQ(buf[0], 'a' + 40 % 26);
    ring_head = 200000; /* wrapped: only the last 64 KiB exist */
    CHECK_EQ(readconsole(0, 0, 0, buf, sizeof(buf)), 0);
    CHECK_EQ(sop.u.readconsole.count, 65536);
    CHECK_EQ(sop.u.readconsole.index, 200000 & 0xffffffffu);
    CHECK_EQ(readconsole(0, 0, 0, (char *)0x10, 10), -EFAULT);
    ring_head = 0;
}

TEST(sysctl_physinfo_and_lists)
{
    static struct xen_domctl_getdomaininfo list[4];

    reset(true);
    CHECK_EQ(sysctl(XEN_SYSCTL_physinfo), 0);
    CHECK_EQ(sop.u.physinfo.nr_cpus, 2);
    CHECK_EQ(sop.u.physinfo.free_pages, 700);
    CHECK_EQ(sop.u.physinfo.total_pages, 900);
    CHECK_EQ(sop.u.physinfo.max_mfn, 999);
    CHECK_EQ(sop.u.physinfo.cpu_khz, 2000000);
    CHECK_EQ(sop.u.physinfo.capabilities,
             XEN_SYSCTL_PHYSCAP_pv | XEN_SYSCTL_PHYSCAP_gnttab_v1);
    CHECK_EQ(sysctl(XEN_SYSCTL_sched_id), 0);
    CHECK_EQ(sop.u.sched_id.sched_id, XEN_SCHEDULER_CREDIT);
    memset(&sop, 0, sizeof(sop));
    sop.u.getdomaininfolist.max_domains = 4;
    sop.u.getdomaininfolist.buffer.p = list;
    CHECK_EQ(sysctl(XEN_SYSCTL_getdomaininfolist), 0);
    CHECK_EQ(sop.u.getdomaininfolist.num_domains, 2);
    CHECK_EQ(list[1].domain, 7);
    sop.u.getdomaininfolist.first_domain = 1;
    sop.u.getdomaininfolist.max_domains = 0;
    CHECK_EQ(sysctl(XEN_SYSCTL_getdomaininfolist), 0);
    CHECK_EQ(sop.u.getdomaininfolist.num_domains, 0);
    sop.u.getdomaininfolist.max_domains = 4;
    sop.u.getdomaininfolist.buffer.p = (void *)0x10;
    CHECK_EQ(sysctl(XEN_SYSCTL_getdomaininfolist), -EFAULT);
    memset(&sop, 0, sizeof(sop));
    sop.u.getcpuinfo.max_cpus = 8;
    sop.u.getcpuinfo.info.p = (void *)list;
    CHECK_EQ(sysctl(XEN_SYSCTL_getcpuinfo), 0);
    CHECK_EQ(sop.u.getcpuinfo.nr_cpus, 2);
}
