/* SPDX-License-Identifier: BSD-2-Clause */
/* The PV domain builder (libxc's xc_dom_* for x86_64 PV): create the
 * domain, give it memory, load the kernel into its frames through foreign
 * mappings, write the start-of-day structures, pin the page tables and
 * set vCPU 0. On any failure the half-built domain is destroyed. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dom0/libxc.h>
#include <dom0/os.h>
#include "build.h"

int xc_build_fail(struct xc_build *b, int rc, const char *fmt, ...)
{
    va_list ap;
    int n;

    if (b->failed)
        return rc;
    b->failed = true;
    va_start(ap, fmt);
    n = vsnprintf(b->err, b->errlen, fmt, ap);
    va_end(ap);
    if (rc && n >= 0 && (size_t)n < b->errlen)
        snprintf(b->err + n, b->errlen - (size_t)n, ": %s", xc_strerror(rc));
    return rc ? rc : -XC_EINVAL;
}

/* Kernel features the hypervisor cannot give are a clear error. */
static int build_features(struct xc_build *b)
{
    struct xen_feature_info fi = {.submap_idx = 0};
    uint32_t missing;

    if (xc_version(XENVER_get_features, &fi) < 0)
        fi.submap = 0;
    missing = b->elf.features_required[0] & ~fi.submap;
    for (unsigned int bit = 0; bit < 32; bit++)
        if (missing & (1u << bit))
            return xc_build_fail(b, 0,
                                 "kernel requires Xen feature %u (%s), "
                                 "which this hypervisor does not offer",
                                 bit, b->elf.features);
    return 0;
}

static int build_parse(struct xc_build *b)
{
    const struct xc_build_params *p = b->p;
    char why[160];
    int rc;

    if (!p->kernel || !p->kernel_size)
        return xc_build_fail(b, 0, "kernel image is empty");
    if ((rc = xc_elf_parse(p->kernel, p->kernel_size, &b->elf, why,
                           sizeof(why)))) {
        xc_build_fail(b, 0, "kernel: %s", why);
        return rc;
    }
    if (build_features(b))
        return -XC_EINVAL;
    b->nr_pages = p->memory_mb << 8;
    if ((rc = xc_layout_compute(&b->elf, p->ramdisk ? p->ramdisk_size : 0,
                                b->nr_pages, &b->l, why, sizeof(why)))) {
        xc_build_fail(b, 0, "%s", why);
        return rc;
    }
    b->region_pages = (b->l.v_end - b->l.v_start) / XC_PAGE_SIZE;
    return 0;
}

static int build_create(struct xc_build *b)
{
    struct xen_domctl d = {.cmd = XEN_DOMCTL_createdomain, .domain = 0};
    struct xen_domctl_createdomain *c = &d.u.createdomain;
    int rc;

    c->max_vcpus = b->p->max_vcpus;
    c->max_evtchn_port = 1023; /* xl's default event_channels */
    c->max_grant_frames = -1;
    c->max_maptrack_frames = -1;
    c->grant_opts = XEN_DOMCTL_GRANT_version(1);
    if (b->p->handle)
        memcpy(c->handle, b->p->handle, sizeof(c->handle));
    if ((rc = xc_domctl(&d)))
        return xc_build_fail(b, rc, "creating the domain failed");
    b->created = true;
    b->r->domid = d.domain;
    /* Xen 4.17 takes max_vcpus at creation; the old call is optional. */
    d = (struct xen_domctl){.cmd = XEN_DOMCTL_max_vcpus, .domain = d.domain};
    d.u.max_vcpus.max = b->p->max_vcpus;
    if ((rc = xc_domctl(&d)) && rc != -XC_ENOSYS)
        return xc_build_fail(b, rc, "setting %u vcpus failed", b->p->max_vcpus);
    if ((rc = xc_domain_max_mem(b->r->domid, b->p->maxmem_mb << 10)))
        return xc_build_fail(b, rc, "setting maxmem to %llu MiB failed",
                             (unsigned long long)b->p->maxmem_mb);
    return 0;
}

/* populate_physmap in batches: pfns in, their MFNs out. */
static int build_populate(struct xc_build *b)
{
    struct xen_memory_reservation res = {.domid = b->r->domid};
    uint64_t done = 0, n;
    long rc = 0;

    if (!(b->p2m = malloc(b->nr_pages * sizeof(*b->p2m))))
        return xc_build_fail(b, -XC_ENOMEM, "no dom0 memory for the p2m");
    for (uint64_t i = 0; i < b->nr_pages; i++)
        b->p2m[i] = i;
    while (done < b->nr_pages) {
        n = b->nr_pages - done < 512 ? b->nr_pages - done : 512;
        set_xen_guest_handle(res.extent_start, b->p2m + done);
        res.nr_extents = n;
        rc = xc_memory_op(XENMEM_populate_physmap, &res);
        if (rc != (long)n)
            return xc_build_fail(
                b, rc < 0 ? (int)rc : -XC_ENOMEM,
                "allocating %llu MiB for the domain failed "
                "after %llu KiB",
                (unsigned long long)b->p->memory_mb,
                (unsigned long long)(done + (rc > 0 ? rc : 0)) * 4);
        done += n;
    }
    return 0;
}

static int build_channels(struct xc_build *b)
{
    struct xen_domctl_getdomaininfo info;
    int rc = xc_domain_getinfo(b->r->domid, &info);

    if (rc)
        return xc_build_fail(b, rc, "reading the new domain's info failed");
    b->shared_info_frame = info.shared_info_frame;
    if ((rc = xc_evtchn_alloc_unbound(b->r->domid, 0, &b->r->store_port)) ||
        (rc = xc_evtchn_alloc_unbound(b->r->domid, 0, &b->r->console_port)))
        return xc_build_fail(b, rc, "allocating event channels failed");
    b->r->store_mfn = b->p2m[xc_layout_pfn(&b->l, b->l.store_start)];
    b->r->console_mfn = b->p2m[xc_layout_pfn(&b->l, b->l.console_start)];
    return 0;
}

/* MMU_MACHPHYS_UPDATE for every frame: the M2P says which pfn it is. */
static int build_m2p(struct xc_build *b)
{
    struct mmu_update req[256];
    uint64_t pfn = 0;
    unsigned int n;
    int rc;

    while (pfn < b->nr_pages) {
        for (n = 0; n < 256 && pfn < b->nr_pages; n++, pfn++) {
            req[n].ptr = (b->p2m[pfn] << 12) | MMU_MACHPHYS_UPDATE;
            req[n].val = pfn;
        }
        if ((rc = xc_mmu_update(req, n, NULL, b->r->domid)))
            return xc_build_fail(b, rc,
                                 "updating the M2P of frame %#llx "
                                 "failed",
                                 (unsigned long long)b->p2m[pfn - n]);
    }
    return 0;
}

static int build_boot(struct xc_build *b)
{
    struct mmuext_op pin = {.cmd = MMUEXT_PIN_L4_TABLE};
    struct xen_domctl d = {.cmd = XEN_DOMCTL_setvcpucontext,
                           .domain = b->r->domid};
    struct vcpu_guest_context *ctx;
    int rc;

    pin.arg1.mfn = b->l4_mfn;
    if ((rc = xc_mmuext(&pin, 1, NULL, b->r->domid)))
        return xc_build_fail(b, rc, "pinning the boot page tables failed");
    if (!(ctx = calloc(1, sizeof(*ctx))))
        return xc_build_fail(b, -XC_ENOMEM, "no dom0 memory");
    xc_vcpu_context_fill(ctx, &b->l, b->elf.virt_entry, b->l4_mfn);
    d.u.vcpucontext.vcpu = 0;
    set_xen_guest_handle(d.u.vcpucontext.ctxt, ctx);
    rc = xc_domctl(&d);
    free(ctx);
    if (rc)
        return xc_build_fail(b, rc, "setting vcpu 0's context failed");
    return 0;
}

static void build_result(struct xc_build *b)
{
    b->r->entry = b->elf.virt_entry;
    b->r->v_start = b->l.v_start;
    b->r->v_end = b->l.v_end;
    b->r->nr_pages = b->nr_pages;
}

int xc_pv_build(const struct xc_build_params *p, struct xc_build_result *r,
                char *err, size_t errlen)
{
    struct xc_build b = {.p = p, .r = r, .err = err, .errlen = errlen};
    int rc;

    memset(r, 0, sizeof(*r));
    if (err && errlen)
        err[0] = '\0';
    rc = build_parse(&b);
    if (!rc)
        rc = build_create(&b);
    if (!rc)
        rc = build_populate(&b);
    if (!rc)
        rc = build_channels(&b);
    if (!rc)
        rc = xc_build_image(&b); /* maps, writes, unmaps */
    if (!rc)
        rc = build_m2p(&b);
    if (!rc)
        rc = build_boot(&b);
    if (rc && b.created)
        xc_domain_destroy(r->domid);
    if (!rc)
        build_result(&b);
    free(b.p2m);
    return rc;
}
