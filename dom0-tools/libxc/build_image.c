/* SPDX-License-Identifier: BSD-2-Clause */
/* The builder's writes into the new domain: its bootstrap region mapped
 * into dom0 (foreign mappings of its own frames), every write checked
 * against the region, then the mapping dropped before the tables are
 * pinned (a page table may not stay writable anywhere). */
#include <string.h>
#include <dom0/libxc.h>
#include <dom0/os.h>
#include "build.h"

/* The loader's callback: guest-virtual va inside the region. */
static int image_write(void *ctx, uint64_t va, const void *src, size_t len)
{
    struct xc_build *b = ctx;
    uint64_t off = va - b->l.v_start;

    if (va < b->l.v_start || va > b->l.v_end || len > b->l.v_end - va)
        return -XC_EFAULT;
    if (src)
        memcpy(b->region + off, src, len);
    else
        memset(b->region + off, 0, len);
    return 0;
}

static uint64_t *image_frame(void *ctx, uint64_t pfn)
{
    struct xc_build *b = ctx;

    return (uint64_t *)(b->region + pfn * XC_PAGE_SIZE);
}

/* Pages the kernel and ramdisk do not cover start as zeroes. */
static void image_zero_tail(struct xc_build *b)
{
    const struct xc_layout *l = &b->l;

    image_write(b, b->elf.virt_kend, NULL, l->kern_end - b->elf.virt_kend);
    if (l->ramdisk_len)
        image_write(b, l->ramdisk_start + l->ramdisk_len, NULL,
                    l->p2m_start - (l->ramdisk_start + l->ramdisk_len));
    image_write(b, l->p2m_start, NULL, l->v_end - l->p2m_start);
}

static int image_start_info(struct xc_build *b)
{
    struct xc_start_info_args a = {
        .nr_pages = b->nr_pages,
        .shared_info_maddr = b->shared_info_frame << 12,
        .store_mfn = b->r->store_mfn,
        .console_mfn = b->r->console_mfn,
        .store_port = b->r->store_port,
        .console_port = b->r->console_port,
        .cmdline = b->p->cmdline,
    };
    struct start_info *si;

    si = (struct start_info *)(b->region + (b->l.si_start - b->l.v_start));
    xc_start_info_fill(si, &b->l, &a);
    return image_write(b, b->l.p2m_start, b->p2m,
                       b->nr_pages * sizeof(*b->p2m));
}

/* Xen fills the hypercall page itself (XEN_DOMCTL_hypercall_init, as
 * libxc's setup_hypercall_page asks); a hypervisor without that domctl
 * gets the same 64-bit PV stubs written here. */
static int image_hypercall_page(struct xc_build *b)
{
    struct xen_domctl d = {.cmd = XEN_DOMCTL_hypercall_init,
                           .domain = b->r->domid};
    uint64_t va = b->elf.virt_hypercall;
    int rc;

    if (va == XC_ELF_UNSET)
        return 0;
    d.u.hypercall_init.gmfn = b->p2m[xc_layout_pfn(&b->l, va)];
    rc = xc_domctl(&d);
    if (rc == -XC_ENOSYS) {
        xc_hypercall_page_fill(b->region + (va - b->l.v_start));
        return 0;
    }
    return rc ? xc_build_fail(b, rc, "initialising the hypercall page failed")
              : 0;
}

static int image_load(struct xc_build *b)
{
    const struct xc_build_params *p = b->p;
    int rc = xc_elf_load(p->kernel, p->kernel_size, &b->elf, image_write, b);

    if (rc)
        return xc_build_fail(b, rc, "loading the kernel failed");
    if (b->l.ramdisk_len &&
        (rc = image_write(b, b->l.ramdisk_start, p->ramdisk, p->ramdisk_size)))
        return xc_build_fail(b, rc, "loading the ramdisk failed");
    image_zero_tail(b);
    if ((rc = image_start_info(b)))
        return xc_build_fail(b, rc, "writing start_info failed");
    b->l4_mfn = xc_build_pagetables(&b->l, b->p2m, image_frame, b);
    if (!b->l4_mfn)
        return xc_build_fail(b, 0, "building the page tables failed");
    return image_hypercall_page(b);
}

int xc_build_image(struct xc_build *b)
{
    int rc = 0;

    if (b->region_pages > UINT32_MAX)
        return xc_build_fail(b, -XC_E2BIG, "the boot image is too large");
    b->region = os_map_foreign(b->r->domid, b->p2m,
                               (unsigned int)b->region_pages, true, &rc);
    if (!b->region)
        return xc_build_fail(b, rc ? rc : -XC_ENOMEM,
                             "mapping the domain's memory failed");
    rc = image_load(b);
    os_unmap_foreign(b->region, (unsigned int)b->region_pages);
    b->region = NULL;
    return rc;
}
