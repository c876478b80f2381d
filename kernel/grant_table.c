/* SPDX-License-Identifier: BSD-2-Clause */
/* Grant tables: each domain's v1 table frames, shared with it to map, and
 * the setup/query/version operations. Mapping, copying and transferring
 * grants come with the split drivers. */
#include <basalt/lib.h>
#include <basalt/domain.h>
#include <basalt/errno.h>
#include <basalt/mm.h>
#include <asm/guest_access.h>
#include <asm/m2p.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <public/grant_table.h>

#define GNTTAB_MAX_FRAMES 64 /* Xen's default max_grant_frames */
/* Bits of cmd above the command: only cache_flush takes a continuation
 * argument there (Xen's GNTTABOP_CMD_MASK). */
#define GNTTABOP_CMD_MASK ((1u << 12) - 1)

/* Version 1 only: Xen 4.17 offers v2 unless gnttab=max-ver:1, and
 * set_version(2) then fails with -ENOSYS, which is what Basalt answers. */
struct grant_table {
    unsigned int nr_frames;
    void *frames[GNTTAB_MAX_FRAMES]; /* hypervisor addresses of the frames */
};

static uint64_t gnttab_mfn(const struct grant_table *gt, unsigned int i)
{
    return __pa(gt->frames[i]) >> PAGE_SHIFT;
}

/*
 * A hypervisor page the guest may map: owned by it with an allocation
 * reference, marked as the hypervisor's (the guest cannot give it back),
 * and holding a writable type reference for good, as Xen's shared pages
 * do, so it can never be validated as a page table or descriptor page
 * behind which the guest's own writes would go unchecked.
 */
static void gnttab_share_frame(struct domain *d, void *va)
{
    struct page_info *pg = pfn_to_page(__pa(va) >> PAGE_SHIFT);

    share_xen_page_with_guest(va, d);
    pg->count_info |= PGC_xen_heap;
    pg->type_info = PGT_writable_page | PGT_validated | 1;
    m2p_set(page_to_pfn(pg), M2P_INVALID);
}

/* Grow the table to nr frames (zeroed: every entry GTF_invalid). */
static int gnttab_grow(struct domain *d, struct grant_table *gt,
                       unsigned int nr)
{
    while (gt->nr_frames < nr) {
        void *va = alloc_xen_page_zeroed();

        if (!va)
            return -ENOMEM;
        gnttab_share_frame(d, va);
        gt->frames[gt->nr_frames++] = va;
    }
    return 0;
}

/* A domain's table, made on first use with one frame, as Xen starts. */
static struct grant_table *gnttab_of(struct domain *d)
{
    struct grant_table *gt = d->grant_table;

    _Static_assert(sizeof(*gt) <= PAGE_SIZE, "grant_table fits a page");
    if (gt)
        return gt;
    if (!(gt = alloc_xen_page_zeroed()))
        return NULL;
    if (gnttab_grow(d, gt, 1)) {
        free_xen_pages(gt, 0);
        return NULL;
    }
    d->grant_table = gt;
    return gt;
}

/* Mapped by someone: more references than the domain's own allocation
 * and writable type (which domain_kill has dropped already, if it ran). */
static bool gnttab_frame_busy(const struct page_info *pg)
{
    uint64_t own = (pg->count_info & PGC_allocated) ? 1 : 0;

    return (pg->count_info & PGC_count_mask) != own ||
           (pg->type_info & PGT_count_mask) != own;
}

bool gnttab_in_use(const struct domain *d)
{
    const struct grant_table *gt = d->grant_table;

    for (unsigned int i = 0; gt && i < gt->nr_frames; i++)
        if (gnttab_frame_busy(pfn_to_page(gnttab_mfn(gt, i))))
            return true;
    return false;
}

void gnttab_destroy(struct domain *d)
{
    struct grant_table *gt = d->grant_table;

    if (!gt)
        return;
    for (unsigned int i = 0; i < gt->nr_frames; i++) {
        struct page_info *pg = pfn_to_page(gnttab_mfn(gt, i));

        /* Still mapped somewhere: leak the page rather than free it. */
        if (gnttab_frame_busy(pg)) {
            printk("gnttab: d%u frame %#llx still in use, not freed\n",
                   d->domain_id, (unsigned long long)page_to_pfn(pg));
            continue;
        }
        pg->owner = DOMID_XEN_OWNER; /* back to the heap it came from */
        pg->count_info = 0;
        pg->type_info = 0;
        free_xen_pages(gt->frames[i], 0);
    }
    free_xen_pages(gt, 0);
    d->grant_table = NULL;
}

/* The domain an op names (the caller, or any for a privileged caller) and
 * its table, as a GNTST_* status. */
static int16_t gnttab_target(uint16_t domid, struct domain **d,
                             struct grant_table **gt)
{
    if (!(*d = domain_by_id(domid)))
        return GNTST_bad_domain;
    if (*d != current_domain && !current_domain->privileged)
        return GNTST_permission_denied;
    /* No new frames for a domain being destroyed: they would outlive it. */
    if ((*d)->is_dying)
        return GNTST_general_error;
    if (!(*gt = gnttab_of(*d)))
        return GNTST_general_error;
    return GNTST_okay;
}

static int16_t gnttab_setup_frames(const struct gnttab_setup_table *op)
{
    struct domain *d;
    struct grant_table *gt;
    int16_t st = gnttab_target(op->dom, &d, &gt);

    if (st != GNTST_okay)
        return st;
    if (op->nr_frames > GNTTAB_MAX_FRAMES || gnttab_grow(d, gt, op->nr_frames))
        return GNTST_general_error;
    for (unsigned int i = 0; i < op->nr_frames; i++) {
        uint64_t mfn = gnttab_mfn(gt, i);

        if (copy_to_guest((uint64_t)op->frame_list.p + i * 8ULL, &mfn, 8))
            return GNTST_bad_virt_addr;
    }
    return GNTST_okay;
}

/* Grow the table to nr_frames if smaller; list its first nr_frames. One
 * op per call, as Xen. Only the list's start is checked up front: each
 * element is written through the guest-access gate. */
static long gnttab_setup_table(uint64_t uop, unsigned int count)
{
    struct gnttab_setup_table op;

    if (count != 1)
        return -EINVAL;
    if (copy_from_guest(&op, uop, sizeof(op)))
        return -EFAULT;
    if (!guest_range_ok((uint64_t)op.frame_list.p, 1))
        return -EFAULT;
    op.status = gnttab_setup_frames(&op);
    return copy_to_guest(uop + offsetof(struct gnttab_setup_table, status),
                         &op.status, sizeof(op.status))
               ? -EFAULT
               : 0;
}

static long gnttab_query_size(uint64_t uop, unsigned int count)
{
    struct gnttab_query_size op;
    struct grant_table *gt;
    struct domain *d;

    if (count != 1)
        return -EINVAL;
    if (copy_from_guest(&op, uop, sizeof(op)))
        return -EFAULT;
    op.status = gnttab_target(op.dom, &d, &gt);
    if (op.status == GNTST_okay) {
        op.nr_frames = gt->nr_frames;
        op.max_nr_frames = GNTTAB_MAX_FRAMES;
    }
    return copy_to_guest(uop, &op, sizeof(op)) ? -EFAULT : 0;
}

/* Errors come back as the call's value here, not as a status. */
static long gnttab_get_version(uint64_t uop)
{
    struct gnttab_get_version op;
    struct domain *d;

    if (copy_from_guest(&op, uop, sizeof(op)))
        return -EFAULT;
    if (!(d = domain_by_id(op.dom)))
        return -ESRCH;
    if (d != current_domain && !current_domain->privileged)
        return -EPERM;
    op.version = 1;
    return copy_to_guest(uop + offsetof(struct gnttab_get_version, version),
                         &op.version, sizeof(op.version))
               ? -EFAULT
               : 0;
}

/* The caller's table stays at version 1; the version in force is written
 * back whatever the answer. */
static long gnttab_set_version(uint64_t uop)
{
    struct gnttab_set_version op;
    long rc;

    if (copy_from_guest(&op, uop, sizeof(op)))
        return -EFAULT;
    if (op.version != 1 && op.version != 2)
        rc = -EINVAL;
    else
        rc = op.version == 2 ? -ENOSYS : 0;
    op.version = 1;
    return copy_to_guest(uop, &op, sizeof(op)) ? -EFAULT : rc;
}

/* Xen takes cmd and count as unsigned int: the upper halves are ignored. */
long do_grant_table_op(uint64_t cmd, uint64_t uop, uint64_t count, uint64_t a4,
                       uint64_t a5, struct cpu_regs *regs)
{
    unsigned int op = (uint32_t)cmd & GNTTABOP_CMD_MASK;
    unsigned int n = (uint32_t)count;

    (void)a4, (void)a5, (void)regs;
    if ((int)n < 0)
        return -EINVAL;
    if (op != GNTTABOP_cache_flush && ((uint32_t)cmd & ~GNTTABOP_CMD_MASK))
        return -EINVAL;
    switch (op) {
    case GNTTABOP_setup_table:
        return gnttab_setup_table(uop, n);
    case GNTTABOP_query_size:
        return gnttab_query_size(uop, n);
    case GNTTABOP_get_version:
        return gnttab_get_version(uop);
    case GNTTABOP_set_version:
        return gnttab_set_version(uop);
    default:
        /* map/unmap/copy/transfer/...: with the split drivers. */
        return -ENOSYS;
    }
}
