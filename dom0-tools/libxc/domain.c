/* SPDX-License-Identifier: BSD-2-Clause */
/* Domain and host operations: one domctl or sysctl each, as libxc's
 * xc_domain_* and xc_physinfo. */
#include <string.h>
#include <dom0/libxc.h>

static int xc_simple(uint32_t cmd, domid_t dom)
{
    struct xen_domctl d = {.cmd = cmd, .domain = dom};

    return xc_domctl(&d);
}

int xc_domain_pause(domid_t dom)
{
    return xc_simple(XEN_DOMCTL_pausedomain, dom);
}

int xc_domain_unpause(domid_t dom)
{
    return xc_simple(XEN_DOMCTL_unpausedomain, dom);
}

int xc_domain_destroy(domid_t dom)
{
    return xc_simple(XEN_DOMCTL_destroydomain, dom);
}

/* Xen 4.17's getdomaininfo may answer with the next domain up: insist on
 * the one asked for, as libxc's callers do. */
int xc_domain_getinfo(domid_t dom, struct xen_domctl_getdomaininfo *info)
{
    struct xen_domctl d = {.cmd = XEN_DOMCTL_getdomaininfo, .domain = dom};
    int rc = xc_domctl(&d);

    if (rc)
        return rc;
    if (d.u.getdomaininfo.domain != dom)
        return -XC_ESRCH;
    *info = d.u.getdomaininfo;
    return 0;
}

int xc_domain_getinfolist(domid_t first, unsigned int max,
                          struct xen_domctl_getdomaininfo *info)
{
    struct xen_sysctl s = {.cmd = XEN_SYSCTL_getdomaininfolist};
    int rc;

    s.u.getdomaininfolist.first_domain = first;
    s.u.getdomaininfolist.max_domains = max;
    set_xen_guest_handle(s.u.getdomaininfolist.buffer, info);
    rc = xc_sysctl(&s);
    if (rc)
        return rc;
    return s.u.getdomaininfolist.num_domains > max
               ? (int)max
               : (int)s.u.getdomaininfolist.num_domains;
}

int xc_domain_max_mem(domid_t dom, uint64_t max_kb)
{
    struct xen_domctl d = {.cmd = XEN_DOMCTL_max_mem, .domain = dom};

    d.u.max_mem.max_memkb = max_kb;
    return xc_domctl(&d);
}

static int xc_affinity(uint32_t cmd, domid_t dom, unsigned int vcpu,
                       uint64_t *map, unsigned int nr_bits)
{
    struct xen_domctl d = {.cmd = cmd, .domain = dom};

    d.u.vcpuaffinity.vcpu = vcpu;
    d.u.vcpuaffinity.flags = XEN_VCPUAFFINITY_HARD;
    set_xen_guest_handle(d.u.vcpuaffinity.cpumap_hard.bitmap, (uint8_t *)map);
    d.u.vcpuaffinity.cpumap_hard.nr_bits = nr_bits;
    return xc_domctl(&d);
}

int xc_vcpu_setaffinity(domid_t dom, unsigned int vcpu, const uint64_t *map,
                        unsigned int nr_bits)
{
    uint64_t copy[8] = {0};

    /* Xen writes the effective map back: give it a scratch copy. */
    if (nr_bits > 64 * 8)
        return -XC_EINVAL;
    memcpy(copy, map, (nr_bits + 7) / 8);
    return xc_affinity(XEN_DOMCTL_setvcpuaffinity, dom, vcpu, copy, nr_bits);
}

int xc_vcpu_getaffinity(domid_t dom, unsigned int vcpu, uint64_t *map,
                        unsigned int nr_bits)
{
    memset(map, 0, (nr_bits + 7) / 8);
    return xc_affinity(XEN_DOMCTL_getvcpuaffinity, dom, vcpu, map, nr_bits);
}

int xc_vcpu_getinfo(domid_t dom, unsigned int vcpu,
                    struct xen_domctl_getvcpuinfo *info)
{
    struct xen_domctl d = {.cmd = XEN_DOMCTL_getvcpuinfo, .domain = dom};
    int rc;

    d.u.getvcpuinfo.vcpu = vcpu;
    rc = xc_domctl(&d);
    if (!rc)
        *info = d.u.getvcpuinfo;
    return rc;
}

static int xc_sched_credit(domid_t dom, uint32_t cmd,
                           struct xen_domctl_sched_credit *c)
{
    struct xen_domctl d = {.cmd = XEN_DOMCTL_scheduler_op, .domain = dom};
    int rc;

    d.u.scheduler_op.sched_id = XEN_SCHEDULER_CREDIT;
    d.u.scheduler_op.cmd = cmd;
    d.u.scheduler_op.u.credit = *c;
    rc = xc_domctl(&d);
    if (!rc)
        *c = d.u.scheduler_op.u.credit;
    return rc;
}

int xc_sched_credit_get(domid_t dom, unsigned int *weight, unsigned int *cap)
{
    struct xen_domctl_sched_credit c = {0};
    int rc = xc_sched_credit(dom, XEN_DOMCTL_SCHEDOP_getinfo, &c);

    if (!rc) {
        *weight = c.weight;
        *cap = c.cap;
    }
    return rc;
}

int xc_sched_credit_set(domid_t dom, unsigned int weight, unsigned int cap)
{
    struct xen_domctl_sched_credit c = {.weight = (uint16_t)weight,
                                        .cap = (uint16_t)cap};

    if (weight > 65535 || cap > 65535)
        return -XC_EINVAL;
    return xc_sched_credit(dom, XEN_DOMCTL_SCHEDOP_putinfo, &c);
}

int xc_physinfo(struct xen_sysctl_physinfo *pi)
{
    struct xen_sysctl s = {.cmd = XEN_SYSCTL_physinfo};
    int rc = xc_sysctl(&s);

    if (!rc)
        *pi = s.u.physinfo;
    return rc;
}

int xc_sched_id(unsigned int *id)
{
    struct xen_sysctl s = {.cmd = XEN_SYSCTL_sched_id};
    int rc = xc_sysctl(&s);

    if (!rc)
        *id = s.u.sched_id.sched_id;
    return rc;
}

int xc_readconsole(char *buf, unsigned int size, bool clear, uint32_t *index)
{
    struct xen_sysctl s = {.cmd = XEN_SYSCTL_readconsole};
    int rc;

    s.u.readconsole.clear = clear;
    s.u.readconsole.incremental = index != NULL;
    s.u.readconsole.index = index ? *index : 0;
    set_xen_guest_handle(s.u.readconsole.buffer, buf);
    s.u.readconsole.count = size;
    rc = xc_sysctl(&s);
    if (rc)
        return rc;
    if (index)
        *index = s.u.readconsole.index;
    return s.u.readconsole.count > size ? (int)size
                                        : (int)s.u.readconsole.count;
}
