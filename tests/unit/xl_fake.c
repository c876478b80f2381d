/* SPDX-License-Identifier: BSD-2-Clause */
/* The fake hypervisor behind os_hypercall for xl's host tests: domctl,
 * sysctl, memory_op, mmu_update, mmuext_op, event channels, xen_version
 * and remote shutdown over an array of fake machine frames. */
#include <stdlib.h>
#include <string.h>
#include <public/memory.h>
#include <public/sched.h>
#include "xl_fake.h"

struct fake_dom fake_doms[FAKE_DOMS];
uint8_t (*fake_mem)[4096];
int16_t fake_owner[FAKE_FRAMES];
uint64_t fake_m2p[FAKE_FRAMES];
long fake_populate_limit;
int fake_hypercall_init_rc;
char fake_dmesg[256];

static xen_pfn_t fake_alloc_frame(domid_t dom)
{
    /* Hand frames out from the top, interleaved, so MFNs are not 1:1. */
    for (xen_pfn_t m = FAKE_FRAMES - 1; m > 0; m--)
        if (fake_owner[m] < 0 && (m % 3 || m < 64)) {
            fake_owner[m] = (int16_t)dom;
            memset(fake_mem[m], 0x5a, 4096); /* not zero: as real RAM */
            return m;
        }
    return 0;
}

unsigned int fake_free_frames(void)
{
    unsigned int n = 0;

    for (unsigned int m = 0; m < FAKE_FRAMES; m++)
        n += fake_owner[m] < 0;
    return n;
}

static struct fake_dom *fake_get(domid_t d)
{
    return d < FAKE_DOMS && fake_doms[d].exists ? &fake_doms[d] : NULL;
}

static void fake_free_dom(domid_t d)
{
    for (unsigned int m = 0; m < FAKE_FRAMES; m++)
        if (fake_owner[m] == (int16_t)d)
            fake_owner[m] = -1;
    fake_owner[fake_doms[d].shared_info_mfn] = -1;
    memset(&fake_doms[d], 0, sizeof(fake_doms[d]));
}

static void fake_info(domid_t id, struct xen_domctl_getdomaininfo *i)
{
    struct fake_dom *d = &fake_doms[id];

    memset(i, 0, sizeof(*i));
    i->domain = id;
    i->flags = d->flags;
    i->tot_pages = d->tot_pages;
    i->max_pages = d->max_pages;
    i->shared_info_frame = d->shared_info_mfn;
    i->cpu_time = d->cpu_time;
    i->nr_online_vcpus = d->ctx_set || id == 0 ? 1 : 0;
    i->max_vcpu_id = d->max_vcpus ? d->max_vcpus - 1 : XEN_INVALID_MAX_VCPU_ID;
}

domid_t fake_rover;

/* Like Xen, the next free id after the last one handed out. */
static long fake_create(struct xen_domctl *c)
{
    domid_t id = fake_rover;

    for (int i = 0; i < FAKE_DOMS; i++) {
        id = id + 1 < FAKE_DOMS ? id + 1 : 1;
        if (!fake_doms[id].exists)
            break;
    }
    if (fake_doms[id].exists)
        return -XC_ENOMEM;
    fake_rover = id;
    memset(&fake_doms[id], 0, sizeof(fake_doms[id]));
    fake_doms[id].exists = true;
    fake_doms[id].flags = XEN_DOMINF_paused;
    fake_doms[id].max_vcpus = c->u.createdomain.max_vcpus;
    fake_doms[id].shared_info_mfn = fake_alloc_frame(0x7ff2); /* Xen's */
    fake_doms[id].next_port = 1;
    fake_doms[id].weight = 256;
    c->domain = id;
    return 0;
}

static long fake_affinity(struct fake_dom *d, struct xen_domctl *c, bool set)
{
    struct xen_domctl_vcpuaffinity *a = &c->u.vcpuaffinity;
    size_t bytes = (a->cpumap_hard.nr_bits + 7) / 8;

    if (a->vcpu >= d->max_vcpus || a->vcpu >= FAKE_VCPUS || bytes > 32)
        return -XC_EINVAL;
    if (set)
        memcpy(d->affinity[a->vcpu], a->cpumap_hard.bitmap.p, bytes);
    else
        memcpy(a->cpumap_hard.bitmap.p, d->affinity[a->vcpu], bytes);
    return 0;
}

static long fake_sched(struct fake_dom *d, struct xen_domctl_scheduler_op *s)
{
    if (s->sched_id != XEN_SCHEDULER_CREDIT)
        return -XC_EINVAL;
    if (s->cmd == XEN_DOMCTL_SCHEDOP_getinfo) {
        s->u.credit.weight = (uint16_t)d->weight;
        s->u.credit.cap = (uint16_t)d->cap;
        return 0;
    }
    if (!s->u.credit.weight)
        return -XC_EINVAL;
    d->weight = s->u.credit.weight;
    d->cap = s->u.credit.cap;
    return 0;
}

static long fake_vcpuinfo(struct fake_dom *d, struct xen_domctl *c)
{
    struct xen_domctl_getvcpuinfo *v = &c->u.getvcpuinfo;

    if (v->vcpu >= d->max_vcpus)
        return -XC_EINVAL;
    v->online = v->vcpu == 0 && (d->ctx_set || c->domain == 0);
    v->running = v->online && !(d->flags & XEN_DOMINF_paused);
    v->blocked = 0;
    v->cpu = v->vcpu % 2;
    v->cpu_time = v->online ? d->cpu_time : 0;
    return 0;
}

static long fake_domctl_dom(struct fake_dom *d, struct xen_domctl *c)
{
    switch (c->cmd) {
    case XEN_DOMCTL_pausedomain:
        d->flags = (d->flags | XEN_DOMINF_paused) & ~XEN_DOMINF_running;
        return 0;
    case XEN_DOMCTL_unpausedomain:
        d->flags = (d->flags & ~XEN_DOMINF_paused) | XEN_DOMINF_running;
        return 0;
    case XEN_DOMCTL_getdomaininfo:
        fake_info(c->domain, &c->u.getdomaininfo);
        return 0;
    case XEN_DOMCTL_max_mem:
        d->max_memkb = c->u.max_mem.max_memkb;
        d->max_pages = d->max_memkb / 4;
        return 0;
    case XEN_DOMCTL_max_vcpus:
        return -XC_ENOSYS; /* as Xen 4.17: set at createdomain */
    case XEN_DOMCTL_setvcpucontext:
        d->ctx = *c->u.vcpucontext.ctxt.p;
        d->ctx_set = true;
        return 0;
    case XEN_DOMCTL_hypercall_init:
        d->hypercall_gmfn = c->u.hypercall_init.gmfn;
        return fake_hypercall_init_rc;
    case XEN_DOMCTL_setvcpuaffinity:
    case XEN_DOMCTL_getvcpuaffinity:
        return fake_affinity(d, c, c->cmd == XEN_DOMCTL_setvcpuaffinity);
    case XEN_DOMCTL_getvcpuinfo:
        return fake_vcpuinfo(d, c);
    case XEN_DOMCTL_scheduler_op:
        return fake_sched(d, &c->u.scheduler_op);
    }
    return -XC_ENOSYS;
}

static long fake_domctl(struct xen_domctl *c)
{
    struct fake_dom *d;

    if (c->interface_version != XEN_DOMCTL_INTERFACE_VERSION)
        return -XC_EACCES;
    if (c->cmd == XEN_DOMCTL_createdomain)
        return fake_create(c);
    if (!(d = fake_get(c->domain)))
        return -XC_ESRCH;
    if (c->cmd == XEN_DOMCTL_destroydomain) {
        if (c->domain == 0)
            return -XC_EINVAL;
        fake_free_dom(c->domain);
        return 0;
    }
    return fake_domctl_dom(d, c);
}

static long fake_sysctl(struct xen_sysctl *s)
{
    struct xen_sysctl_getdomaininfolist *l = &s->u.getdomaininfolist;
    unsigned int n = 0;

    if (s->interface_version != XEN_SYSCTL_INTERFACE_VERSION)
        return -XC_EACCES;
    switch (s->cmd) {
    case XEN_SYSCTL_physinfo:
        memset(&s->u.physinfo, 0, sizeof(s->u.physinfo));
        s->u.physinfo.nr_cpus = 2;
        s->u.physinfo.max_cpu_id = 1;
        s->u.physinfo.nr_nodes = 1;
        s->u.physinfo.cores_per_socket = 2;
        s->u.physinfo.threads_per_core = 1;
        s->u.physinfo.cpu_khz = 2593679;
        s->u.physinfo.capabilities = XEN_SYSCTL_PHYSCAP_pv;
        s->u.physinfo.total_pages = FAKE_FRAMES;
        s->u.physinfo.free_pages = fake_free_frames();
        return 0;
    case XEN_SYSCTL_getdomaininfolist:
        for (domid_t id = l->first_domain; id < FAKE_DOMS; id++)
            if (fake_doms[id].exists && n < l->max_domains)
                fake_info(id, &l->buffer.p[n++]);
        l->num_domains = n;
        return 0;
    case XEN_SYSCTL_sched_id:
        s->u.sched_id.sched_id = XEN_SCHEDULER_CREDIT;
        return 0;
    case XEN_SYSCTL_readconsole: {
        struct xen_sysctl_readconsole *r = &s->u.readconsole;
        size_t len = strlen(fake_dmesg), from = r->incremental ? r->index : 0;
        size_t n2 = from < len ? len - from : 0;
        if (n2 > r->count)
            n2 = r->count;
        memcpy(r->buffer.p, fake_dmesg + from, n2);
        r->count = (uint32_t)n2;
        r->index = (uint32_t)(from + n2);
        if (r->clear)
            fake_dmesg[0] = '\0';
        return 0;
    }
    }
    return -XC_ENOSYS;
}

static long fake_populate(struct xen_memory_reservation *r)
{
    struct fake_dom *d = fake_get(r->domid);

    if (!d || r->extent_order)
        return -XC_EINVAL;
    for (xen_ulong_t i = 0; i < r->nr_extents; i++) {
        xen_pfn_t m;
        if (fake_populate_limit == 0 || d->tot_pages + 1 > d->max_pages ||
            !(m = fake_alloc_frame(r->domid)))
            return (long)i;
        fake_populate_limit--;
        fake_m2p[m] = r->extent_start.p[i];
        r->extent_start.p[i] = m;
        d->tot_pages++;
    }
    return (long)r->nr_extents;
}

static long fake_mmu(const struct mmu_update *u, unsigned int n,
                     unsigned int *done, domid_t dom)
{
    for (unsigned int i = 0; i < n; i++) {
        xen_pfn_t m = u[i].ptr >> 12;
        if ((u[i].ptr & 3) != MMU_MACHPHYS_UPDATE || m >= FAKE_FRAMES ||
            fake_owner[m] != (int16_t)dom)
            return -XC_EINVAL;
        fake_m2p[m] = u[i].val;
        if (done)
            *done = i + 1;
    }
    return 0;
}

static long fake_mmuext(const struct mmuext_op *op, unsigned int n, domid_t dom)
{
    struct fake_dom *d = fake_get(dom);

    if (!d || n != 1 || op->cmd != MMUEXT_PIN_L4_TABLE ||
        op->arg1.mfn >= FAKE_FRAMES || fake_owner[op->arg1.mfn] != (int16_t)dom)
        return -XC_EINVAL;
    d->pinned_l4 = op->arg1.mfn;
    return 0;
}

static long fake_version(int cmd, void *arg)
{
    switch (cmd) {
    case XENVER_version:
        return (4 << 16) | 17;
    case XENVER_extraversion:
        strcpy(arg, ".0");
        return 0;
    case XENVER_capabilities:
        strcpy(arg, "xen-3.0-x86_64");
        return 0;
    case XENVER_get_features:
        ((struct xen_feature_info *)arg)->submap = 1u << XENFEAT_dom0;
        return 0;
    case XENVER_pagesize:
        return 4096;
    }
    return -XC_ENOSYS;
}

long os_hypercall(unsigned int nr, unsigned long a1, unsigned long a2,
                  unsigned long a3, unsigned long a4, unsigned long a5)
{
    (void)a5;
    switch (nr) {
    case __HYPERVISOR_domctl:
        return fake_domctl((void *)a1);
    case __HYPERVISOR_sysctl:
        return fake_sysctl((void *)a1);
    case __HYPERVISOR_memory_op:
        return a1 == XENMEM_populate_physmap ? fake_populate((void *)a2)
                                             : -XC_ENOSYS;
    case __HYPERVISOR_mmu_update:
        return fake_mmu((void *)a1, (unsigned int)a2, (void *)a3, (domid_t)a4);
    case __HYPERVISOR_mmuext_op:
        return fake_mmuext((void *)a1, (unsigned int)a2, (domid_t)a4);
    case __HYPERVISOR_xen_version:
        return fake_version((int)a1, (void *)a2);
    case __HYPERVISOR_event_channel_op: {
        struct evtchn_alloc_unbound *e = (void *)a2;
        struct fake_dom *d = fake_get(e->dom);
        if (a1 != EVTCHNOP_alloc_unbound || !d || e->remote_dom != 0)
            return -XC_EINVAL;
        e->port = d->next_port++;
        return 0;
    }
    case __HYPERVISOR_sched_op: {
        struct sched_remote_shutdown *s = (void *)a2;
        if (a1 != SCHEDOP_remote_shutdown || !fake_get(s->domain_id))
            return -XC_EINVAL;
        fake_shutdown(s->domain_id, s->reason);
        return 0;
    }
    }
    return -XC_ENOSYS;
}

void fake_shutdown(domid_t dom, unsigned int reason)
{
    fake_doms[dom].flags &=
        ~((XEN_DOMINF_shutdownmask << XEN_DOMINF_shutdownshift) |
          XEN_DOMINF_running);
    fake_doms[dom].flags |=
        XEN_DOMINF_shutdown | (reason << XEN_DOMINF_shutdownshift);
}
