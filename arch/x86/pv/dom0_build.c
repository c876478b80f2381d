/* SPDX-License-Identifier: BSD-2-Clause */
/* Building the initial domain from the first boot module, following the
 * PV start-of-day contract (public/xen.h), and entering it. */
#include <basalt/lib.h>
#include <basalt/bootinfo.h>
#include <basalt/cmdline.h>
#include <basalt/errno.h>
#include <basalt/mm.h>
#include <basalt/sched.h>
#include <basalt/xen_elf.h>
#include <asm/config.h>
#include <asm/desc.h>
#include <asm/msr.h>
#include <asm/paging.h>
#include <asm/percpu.h>
#include <asm/processor.h>
#include <asm/m2p.h>
#include <asm/page.h>
#include <asm/pv_mm.h>
#include <public/xen.h>
#include "dom0.h"
#include "mm_hypercall.h"

#define DOM0_PADDING KiB(512) /* guaranteed after the last element */
#define DOM0_ALIGN   MiB(4)   /* the region starts and ends 4 MiB aligned */

static struct domain *dom0;

/* Copy into (src) or zero (src NULL) the bootstrap region, page by page
 * through the domain's frames. */
static int dom0_write(void *ctx, uint64_t va, const void *src, size_t len)
{
    const struct dom0_layout *l = ctx;
    if (va < l->v_start || va + len > l->v_end || va + len < va)
        return -EINVAL;
    while (len) {
        size_t n = MIN(len, PAGE_SIZE - (va & (PAGE_SIZE - 1)));
        void *dst = __va(dom0_va_to_maddr(dom0, l, va));
        if (src) {
            memcpy(dst, src, n);
            src = (const char *)src + n;
        } else {
            memset(dst, 0, n);
        }
        va += n;
        len -= n;
    }
    return 0;
}

static int dom0_zero(void *ctx, uint64_t va, size_t len)
{
    return dom0_write(ctx, va, NULL, len);
}

static void dom0_free_frames(struct domain *d, uint64_t nr)
{
    for (uint64_t pfn = 0; pfn < nr; pfn++) {
        m2p_set(d->p2m[pfn], M2P_INVALID);
        struct page_info *pg = pfn_to_page(d->p2m[pfn]);
        pg->count_info = 0;
        pg->owner = DOMID_NONE;
        free_pages(pg, 0);
    }
}

/* The domain's frames, zeroed, owned, with an allocation reference and
 * their M2P entries; d->p2m lists them. */
static int dom0_alloc(struct domain *d, uint64_t nr)
{
    unsigned int order = 0;
    while ((PAGE_SIZE << order) < nr * sizeof(uint64_t))
        order++;
    d->p2m = alloc_xen_pages(order);
    if (!d->p2m)
        return -ENOMEM;
    d->p2m_order = order;
    for (uint64_t pfn = 0; pfn < nr; pfn++) {
        struct page_info *pg = alloc_pages(0, false);
        if (!pg) {
            d->nr_pages = pfn; /* dom0_release gives back what we got */
            return -ENOMEM;
        }
        uint64_t mfn = page_to_pfn(pg);
        memset(__va(mfn << PAGE_SHIFT), 0, PAGE_SIZE);
        pg->owner = d->domain_id;
        pg->count_info = PGC_allocated | 1;
        pg->type_info = 0;
        m2p_set(mfn, pfn);
        d->p2m[pfn] = mfn;
    }
    d->nr_pages = nr;
    return 0;
}

/* Undo a failed build: nothing of the domain is left behind. A failed
 * validation has already dropped every reference it took. */
static void dom0_release(struct domain *d)
{
    if (d->p2m) {
        dom0_free_frames(d, d->nr_pages);
        free_xen_pages(d->p2m, d->p2m_order);
    }
    domain_destroy(d);
}

static bool dom0_region_ok(uint64_t s, uint64_t e)
{
    bool low = e <= CANONICAL_LOW_END;
    bool high = s >= HYPERVISOR_VIRT_END;
    return s < e && (low || high);
}

/* Lay the elements out after the kernel; grow the page-table count until
 * it covers the region it ends up in. */
static int dom0_layout(const struct xen_elf_info *e, uint64_t initrd_len,
                       uint64_t nr_pages, struct dom0_layout *l)
{
    l->v_start = e->virt_base;
    l->kern_start = e->virt_kstart;
    l->kern_end = ALIGN_UP(e->virt_kend, PAGE_SIZE);
    l->initrd_start = initrd_len ? l->kern_end : 0;
    l->initrd_len = initrd_len;
    l->p2m_start = l->kern_end + ALIGN_UP(initrd_len, PAGE_SIZE);
    l->si_start = ALIGN_UP(l->p2m_start + nr_pages * 8, PAGE_SIZE);
    l->pt_start = l->si_start + PAGE_SIZE;
    for (l->nr_pt_frames = 1;; l->nr_pt_frames++) {
        l->stack_start = l->pt_start + l->nr_pt_frames * PAGE_SIZE;
        l->stack_end = l->stack_start + PAGE_SIZE;
        l->v_end = ALIGN_UP(l->stack_end + DOM0_PADDING, DOM0_ALIGN);
        if (dom0_pt_frames_needed(l->v_start, l->v_end) <= l->nr_pt_frames)
            break;
    }
    if (l->v_start & (DOM0_ALIGN - 1) || !dom0_region_ok(l->v_start, l->v_end))
        return -EINVAL;
    return (l->v_end - l->v_start) >> PAGE_SHIFT > nr_pages ? -ENOMEM : 0;
}

static int dom0_start_info(struct domain *d, const struct dom0_layout *l,
                           const char *cmdline)
{
    static struct start_info si;
    memset(&si, 0, sizeof(si));
    strlcpy(si.magic, XEN_START_INFO_MAGIC, sizeof(si.magic));
    si.nr_pages = d->nr_pages;
    si.shared_info = __pa(d->shared_info);
    /* Xen also hands dom0 processor power management (PX and CX bits,
     * SIF_PM_MASK); the oracle shows 0x303. */
    si.flags = SIF_PRIVILEGED | SIF_INITDOMAIN | 3 << 8;
    si.pt_base = l->pt_start;
    si.nr_pt_frames = l->nr_pt_frames;
    si.mfn_list = l->p2m_start;
    si.mod_start =
        l->initrd_start; /* a virtual address: no SIF_MOD_START_PFN */
    si.mod_len = l->initrd_len;
    strlcpy((char *)si.cmd_line, cmdline, sizeof(si.cmd_line));
    int rc = dom0_write((void *)l, l->si_start, &si, sizeof(si));
    return rc ? rc
              : dom0_write((void *)l, l->p2m_start, d->p2m,
                           d->nr_pages * sizeof(uint64_t));
}

static uint64_t *dom0_map_frame(uint64_t pfn)
{
    return __va(pfn << PAGE_SHIFT);
}

/* The bootstrap tables go through the same validation as any guest's:
 * pinning the L4 checks every entry and installs the hypervisor slots.
 * vcpu->guest_table holds references of its own (as after NEW_BASEPTR),
 * so the guest may unpin the L4 while it runs on it. */
static int dom0_validate(uint64_t l4_mfn)
{
    struct page_info *l4 = pfn_to_page(l4_mfn);
    int rc;

    pv_mm_ops.map_frame = dom0_map_frame;
    pv_mm_ops.free_page = memory_free_domain_page;
    pv_mm_ops.check_seg_desc = pv_check_seg_desc_page;
    pv_mm_ops.flush_tlb = pv_mm_flush_tlb;
    for (unsigned int i = 0; i < PV_L4_HV_SLOTS; i++)
        pv_mm_ops.hv_l4_entries[i] = idle_l4[HYPERVISOR_L4_FIRST + i];
    rc = pv_pin_table(0, l4, 4);
    return rc ? rc : page_get_and_type(l4, 0, PGT_l4_page_table);
}

static int dom0_load(struct domain *d, struct dom0_layout *l,
                     const struct boot_module *m,
                     const struct boot_module *initrd, uint64_t mem, char *err,
                     uint64_t *entry)
{
    uint64_t initrd_len = initrd ? initrd->end - initrd->start : 0;
    struct xen_elf_info e;
    const void *image = __va(m->start);
    size_t size = m->end - m->start;
    int rc = xen_elf_parse(image, size, &e, err, 160);
    if (rc)
        return rc;
    if (dom0_layout(&e, initrd_len, mem >> PAGE_SHIFT, l)) {
        snprintf(err, 160,
                 "the bootstrap region does not fit in dom0_mem "
                 "or the guest's address space");
        return -ENOMEM;
    }
    if ((rc = dom0_alloc(d, mem >> PAGE_SHIFT))) {
        snprintf(err, 160, "out of memory for %llu MiB",
                 (unsigned long long)(mem >> 20));
        return rc;
    }
    rc = xen_elf_load(image, size, &e, dom0_write, dom0_zero, l);
    if (!rc && initrd_len)
        rc = dom0_write(l, l->initrd_start, __va(initrd->start), initrd_len);
    if (!rc && e.virt_hypercall != XEN_ELF_UNSET)
        pv_hypercall_page_fill(__va(dom0_va_to_maddr(d, l, e.virt_hypercall)));
    if (!rc)
        rc = dom0_start_info(d, l, m->cmdline);
    if (rc)
        snprintf(err, 160, "loading the kernel failed (%d)", rc);
    *entry = e.virt_entry;
    return rc;
}

/* dom0's vCPUs 1.. exist from the start, offline until it brings them up
 * with VCPUOP_initialise and VCPUOP_up; with dom0_vcpus_pin vCPU n may run
 * on CPU n (mod the CPU count) only. */
static int dom0_setup_vcpus(struct domain *d)
{
    unsigned int nr_cpus = nr_cpus_online ? nr_cpus_online : 1;
    for (unsigned int i = 1; i < d->max_vcpus; i++)
        if (!vcpu_create(d, i))
            return -ENOMEM;
    for (unsigned int i = 0; opt_dom0_vcpus_pin && i < d->max_vcpus; i++)
        sched_set_affinity(d->vcpu[i], 1ULL << (i % nr_cpus));
    return 0;
}

/* vCPU 0 starts in guest kernel mode at the ELF entry (Xen's contract):
 * it goes on the run queue and this CPU joins the scheduler. */
static void __noreturn dom0_enter(struct vcpu *v, const struct dom0_layout *l,
                                  uint64_t entry, uint64_t l4_mfn)
{
    v->guest_table = l4_mfn;
    v->regs = (struct cpu_regs){.rip = entry,
                                .cs = GUEST_CS64,
                                .rflags = 0x202,
                                .rsp = l->stack_end,
                                .ss = GUEST_DS,
                                .rsi = l->si_start};
    v->initialised = true;
    vcpu_set_online(v, true);
    sched_start();
}

int dom0_build_and_run(const struct boot_module *kernel,
                       const struct boot_module *initrd, uint64_t mem)
{
    struct dom0_layout l;
    char err[160] = "";
    uint64_t entry = 0;
    int rc = -ENOMEM;
    unsigned int nr_vcpus =
        (unsigned int)MIN(MAX(opt_dom0_max_vcpus, 1u), (uint64_t)PV_MAX_VCPUS);
    dom0 = domain_create(0, true, nr_vcpus);
    if (dom0 && dom0_setup_vcpus(dom0))
        snprintf(err, sizeof(err), "out of memory for %u vCPUs", nr_vcpus);
    else if (dom0)
        rc = dom0_load(dom0, &l, kernel, initrd, mem, err, &entry);
    else
        snprintf(err, sizeof(err), "out of memory for the domain");
    uint64_t l4_mfn = rc ? 0 : dom0_build_page_tables(dom0, &l);
    if (!rc && (rc = dom0_validate(l4_mfn)))
        snprintf(err, sizeof(err), "its page tables failed validation (%d)",
                 rc);
    if (rc) {
        printk("dom0: cannot build from module '%s': %s\n", kernel->cmdline,
               err);
        if (dom0)
            dom0_release(dom0);
        return rc;
    }
    dom0->max_pages = dom0->nr_pages;
    if (initrd)
        printk("dom0: initrd '%s' at %#llx, %llu bytes\n", initrd->cmdline,
               (unsigned long long)l.initrd_start,
               (unsigned long long)l.initrd_len);
    printk("dom0: %llu MiB, kernel %#llx-%#llx, entry %#llx, start_info "
           "%#llx\n",
           (unsigned long long)(mem >> 20), (unsigned long long)l.kern_start,
           (unsigned long long)l.kern_end, (unsigned long long)entry,
           (unsigned long long)l.si_start);
    if (dom0->max_vcpus > 1)
        printk("dom0: %u vCPUs%s\n", dom0->max_vcpus,
               opt_dom0_vcpus_pin ? ", pinned" : "");
    dom0_enter(dom0->vcpu[0], &l, entry, l4_mfn);
}
