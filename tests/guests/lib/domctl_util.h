/* SPDX-License-Identifier: BSD-2-Clause */
/* Helpers for the domctl test kernels: domctl/sysctl calls, and building a
 * small domain (memory, foreign mappings, page tables, a vCPU context). */
#ifndef GUEST_DOMCTL_UTIL_H
#define GUEST_DOMCTL_UTIL_H

#include "hypercall.h"
#include "lib.h"
#include <public/domctl.h>
#include <public/memory.h>
#include <public/sysctl.h>

#define DCU_BAD_PTR 0x10UL               /* unmapped */
#define DCU_HV_PTR  0xffff830000000000UL /* the hypervisor's */
#define DCU_PTE     0x67UL               /* P RW US A D */
#define DCU_PTE_RO  0x25UL               /* P US A */
#define DCU_TABLE   0x27UL               /* P RW US A */
#define DCU_M2P     ((const volatile unsigned long *)__MACH2PHYS_VIRT_START)
#define DCU_WAIT    2000000 /* yields to wait for another domain at most */

static inline long dcu_domctl_raw(unsigned long arg)
{
    return hypercall1(__HYPERVISOR_domctl, arg);
}

static inline long dcu_sysctl_raw(unsigned long arg)
{
    return hypercall1(__HYPERVISOR_sysctl, arg);
}

/* A domctl of cmd for domain, the interface version filled in. */
static inline void dcu_init(struct xen_domctl *d, uint32_t cmd, domid_t dom)
{
    memset(d, 0, sizeof(*d));
    d->cmd = cmd;
    d->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
    d->domain = dom;
}

static inline long dcu_domctl(struct xen_domctl *d)
{
    return dcu_domctl_raw((unsigned long)d);
}

static inline long dcu_simple(uint32_t cmd, domid_t dom)
{
    struct xen_domctl d;

    dcu_init(&d, cmd, dom);
    return dcu_domctl(&d);
}

static inline long dcu_sysctl(struct xen_sysctl *s, uint32_t cmd)
{
    s->cmd = cmd;
    s->interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    return dcu_sysctl_raw((unsigned long)s);
}

/* The config xl would pass for a PV guest with nvcpus vCPUs. */
static inline void dcu_config(struct xen_domctl_createdomain *c,
                              unsigned int nvcpus)
{
    memset(c, 0, sizeof(*c));
    c->max_vcpus = nvcpus;
    c->max_evtchn_port = 1023;
    c->max_grant_frames = 4;
    c->max_maptrack_frames = 128;
    c->grant_opts = XEN_DOMCTL_GRANT_version(1);
    for (unsigned int i = 0; i < sizeof(c->handle); i++)
        c->handle[i] = (uint8_t)(0xa0 + i);
}

/* A new domain: its id, or a -errno. */
static inline long dcu_create(unsigned int nvcpus)
{
    struct xen_domctl d;
    long rc;

    dcu_init(&d, XEN_DOMCTL_createdomain, 0);
    dcu_config(&d.u.createdomain, nvcpus);
    rc = dcu_domctl(&d);
    return rc ? rc : (long)d.domain;
}

static inline long dcu_max_vcpus(domid_t dom, uint32_t n);

/* create + max_vcpus, as a toolstack does (Xen makes the vCPUs then). */
static inline long dcu_create_vcpus(unsigned int nvcpus)
{
    long dom = dcu_create(nvcpus), rc;

    if (dom > 0 && (rc = dcu_max_vcpus((domid_t)dom, nvcpus)))
        return rc;
    return dom;
}

static inline long dcu_info(domid_t dom, struct xen_domctl_getdomaininfo *i)
{
    struct xen_domctl d;
    long rc;

    dcu_init(&d, XEN_DOMCTL_getdomaininfo, dom);
    rc = dcu_domctl(&d);
    *i = d.u.getdomaininfo;
    return rc;
}

static inline long dcu_max_mem(domid_t dom, uint64_t kib)
{
    struct xen_domctl d;

    dcu_init(&d, XEN_DOMCTL_max_mem, dom);
    d.u.max_mem.max_memkb = kib;
    return dcu_domctl(&d);
}

static inline long dcu_max_vcpus(domid_t dom, uint32_t n)
{
    struct xen_domctl d;

    dcu_init(&d, XEN_DOMCTL_max_vcpus, dom);
    d.u.max_vcpus.max = n;
    return dcu_domctl(&d);
}

static inline uint64_t dcu_free_pages(void)
{
    struct xen_sysctl s;

    memset(&s, 0, sizeof(s));
    return dcu_sysctl(&s, XEN_SYSCTL_physinfo) ? 0 : s.u.physinfo.free_pages;
}

/* Xen frees a destroyed domain's own structures after an RCU grace
 * period: give it a moment to get back to 'want'. */
static inline uint64_t dcu_wait_free(uint64_t want)
{
    uint64_t now = dcu_free_pages();

    for (unsigned long n = 0; now != want && n < DCU_WAIT / 10; n++) {
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
        now = dcu_free_pages();
    }
    return now;
}

/* Free pages once Xen's deferred frees are done: the same value for
 * 10000 polls in a row (at once on Basalt, which frees synchronously). */
static inline uint64_t dcu_settled_free(void)
{
    uint64_t last = dcu_free_pages(), now;
    unsigned long same = 0;

    for (unsigned long n = 0; same < 10000 && n < DCU_WAIT; n++) {
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
        now = dcu_free_pages();
        same = now == last ? same + 1 : 0;
        last = now;
    }
    return last;
}

/* Wait until dom has shut down (or is gone); its info flags. */
static inline uint32_t dcu_wait_shutdown(domid_t dom)
{
    struct xen_domctl_getdomaininfo i;

    for (unsigned long n = 0; n < DCU_WAIT; n++) {
        if (dcu_info(dom, &i) || i.domain != dom)
            return 0;
        if (i.flags & XEN_DOMINF_shutdown)
            return i.flags;
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    }
    return i.flags;
}

/* populate_physmap of n frames at pfns 0..n-1 of dom: mfns out. */
static inline long dcu_populate(domid_t dom, unsigned long *mfns,
                                unsigned int n)
{
    struct xen_memory_reservation r;

    for (unsigned int i = 0; i < n; i++)
        mfns[i] = i;
    memset(&r, 0, sizeof(r));
    r.extent_start.p = mfns;
    r.nr_extents = n;
    r.domid = dom;
    return HYPERVISOR_memory_op(XENMEM_populate_physmap, &r);
}

/* A page of our own .bss used as the window onto other domains' frames. */
static unsigned char dcu_window[4096] __attribute__((aligned(4096)));

static inline unsigned long dcu_own_mfn(const void *va)
{
    unsigned long pfn = ((unsigned long)va - (unsigned long)_image_start) >> 12;

    return ((const unsigned long *)guest_start_info->mfn_list)[pfn];
}

/* Map frame mfn of dom at the window (update_va_mapping_otherdomain). */
static inline long dcu_map(domid_t dom, unsigned long mfn, unsigned long flags)
{
    return hypercall5(__HYPERVISOR_update_va_mapping_otherdomain,
                      (unsigned long)dcu_window, (mfn << 12) | flags,
                      UVMF_INVLPG, dom, 0);
}

/* Our own page back at the window (drops the foreign reference). */
static inline long dcu_unmap(void)
{
    return HYPERVISOR_update_va_mapping(
        (unsigned long)dcu_window, (dcu_own_mfn(dcu_window) << 12) | DCU_PTE,
        UVMF_INVLPG);
}

static inline unsigned long *dcu_win(void)
{
    return (unsigned long *)dcu_window;
}

/* Write one 64-bit word into frame mfn of dom through the window. */
static inline long dcu_poke(domid_t dom, unsigned long mfn, unsigned int idx,
                            unsigned long val)
{
    long rc = dcu_map(dom, mfn, DCU_PTE);

    if (rc)
        return rc;
    dcu_win()[idx] = val;
    return dcu_unmap();
}

static inline long dcu_mmuext(unsigned int cmd, unsigned long mfn, domid_t dom)
{
    struct mmuext_op op;

    memset(&op, 0, sizeof(op));
    op.cmd = cmd;
    op.arg1.mfn = mfn;
    return HYPERVISOR_mmuext_op(&op, 1, NULL, dom);
}

/*
 * A page-table tree in frames m[0..3] (L4..L1) of dom mapping VA 0 to the
 * code page m[4] (writable) and VA 0x1000 to m[5] read-only; the L4 is
 * pinned (foreign) when pin is set. The code at VA 0 asks for
 * SCHEDOP_shutdown(reason), or executes ud2 when reason is ~0.
 */
static inline long dcu_build(domid_t dom, const unsigned long *m, int pin,
                             unsigned int reason)
{
    static const unsigned char shut[] = {
        0xb8, 0x1d, 0,    0,    0,       /* mov $29, %eax */
        0xbf, 0x02, 0,    0,    0,       /* mov $2, %edi */
        0x48, 0x8d, 0x35, 0x04, 0, 0, 0, /* lea 4(%rip), %rsi */
        0x0f, 0x05,                      /* syscall */
        0xeb, 0xfe,                      /* jmp . */
    };
    long rc;

    if ((rc = dcu_map(dom, m[4], DCU_PTE)))
        return rc;
    memset(dcu_window, 0, sizeof(dcu_window));
    if (reason == ~0u) {
        dcu_window[0] = 0x0f; /* ud2 */
        dcu_window[1] = 0x0b;
    } else {
        memcpy(dcu_window, shut, sizeof(shut));
        memcpy(dcu_window + sizeof(shut), &reason, 4);
    }
    if ((rc = dcu_unmap()) ||
        (rc = dcu_poke(dom, m[0], 0, m[1] << 12 | DCU_TABLE)) ||
        (rc = dcu_poke(dom, m[1], 0, m[2] << 12 | DCU_TABLE)) ||
        (rc = dcu_poke(dom, m[2], 0, m[3] << 12 | DCU_TABLE)) ||
        (rc = dcu_poke(dom, m[3], 0, m[4] << 12 | DCU_PTE)) ||
        (rc = dcu_poke(dom, m[3], 1, m[5] << 12 | DCU_PTE_RO)))
        return rc;
    return pin ? dcu_mmuext(MMUEXT_PIN_L4_TABLE, m[0], dom) : 0;
}

/* A kernel-mode context starting at VA 0 on tables rooted at l4. */
static inline void dcu_ctx(struct vcpu_guest_context *c, unsigned long l4)
{
    memset(c, 0, sizeof(*c));
    c->flags = VGCF_in_kernel | VGCF_online;
    c->user_regs.rip = 0;
    c->user_regs.rsp = 0xff0;
    c->user_regs.cs = FLAT_KERNEL_CS;
    c->user_regs.ss = FLAT_KERNEL_SS;
    c->user_regs.rflags = 0x200;
    c->user_regs.rbx = 0x1234567890abcdefUL;
    c->user_regs.r15 = 0xfedcba0987654321UL;
    c->kernel_ss = FLAT_KERNEL_SS;
    c->kernel_sp = 0xff0;
    c->ctrlreg[3] = xen_pfn_to_cr3(l4);
}

static inline long dcu_setctx(domid_t dom, unsigned int vcpu,
                              struct vcpu_guest_context *c)
{
    struct xen_domctl d;

    dcu_init(&d, XEN_DOMCTL_setvcpucontext, dom);
    d.u.vcpucontext.vcpu = vcpu;
    d.u.vcpucontext.ctxt.p = c;
    return dcu_domctl(&d);
}

static inline long dcu_getctx(domid_t dom, unsigned int vcpu,
                              struct vcpu_guest_context *c)
{
    struct xen_domctl d;

    dcu_init(&d, XEN_DOMCTL_getvcpucontext, dom);
    d.u.vcpucontext.vcpu = vcpu;
    d.u.vcpucontext.ctxt.p = c;
    return dcu_domctl(&d);
}

#endif
