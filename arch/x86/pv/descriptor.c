/* SPDX-License-Identifier: BSD-2-Clause */
/* PV descriptor tables: the guest's GDT frames (set_gdt) and LDT pages
 * (MMUEXT_SET_LDT) in this CPU's windows, and update_descriptor. */
#include <basalt/lib.h>
#include <basalt/domain.h>
#include <basalt/errno.h>
#include <basalt/mm.h>
#include <basalt/spinlock.h>
#include <asm/config.h>
#include <asm/desc.h>
#include <asm/guest_access.h>
#include <asm/page.h>
#include <asm/paging.h>
#include <asm/percpu.h>
#include <asm/processor.h>
#include <asm/pv_mm.h>

#define DESCS_PER_PAGE   (PAGE_SIZE / 8)
#define PV_MAX_GDT_ENTS  (PV_MAX_GDT_PAGES * DESCS_PER_PAGE) /* 0x1c00 */
#define LDT_WINDOW_BYTES (PV_MAX_LDT_PAGES * PAGE_SIZE)

/* Behind every window page that holds no guest frame: a selector there
 * reads a null descriptor and faults with #GP, as on Xen. */
static const uint8_t desc_zero_page[PAGE_SIZE] __aligned(PAGE_SIZE);
static spinlock_t desc_map_lock = SPINLOCK_INIT;

static uint64_t gdt_window(void)
{
    return (uint64_t)this_cpu()->gdt;
}

static uint64_t ldt_window(void)
{
    return LDT_VIRT_START + (uint64_t)smp_processor_id() * LDT_WINDOW_BYTES;
}

/* The leaf entry for a window page; the LDT windows' page tables are made
 * on first use (the GDT window's exist since gdt_init_cpu). */
static pte_t *desc_slot(uint64_t va)
{
    pte_t *slot = paging_l1_slot(idle_l4, va);
    if (slot)
        return slot;
    spin_lock(&desc_map_lock);
    if (!(slot = paging_l1_slot(idle_l4, va))) {
        map_pages(idle_l4, va, __pa_symbol(desc_zero_page), 1,
                  PAGE_HYPERVISOR_RO, false);
        slot = paging_l1_slot(idle_l4, va);
    }
    spin_unlock(&desc_map_lock);
    return slot;
}

/* Map a guest frame (0: the zero page) at a window page. Writable for the
 * CPU, which sets descriptors' accessed bits; the guest itself can only
 * map a seg_desc frame read-only. */
static void desc_map(uint64_t va, uint64_t mfn)
{
    pte_t *slot = desc_slot(va);
    *slot = mfn ? (mfn << PAGE_SHIFT) | PAGE_HYPERVISOR_RW
                : __pa_symbol(desc_zero_page) | PAGE_HYPERVISOR_RO;
    invlpg((void *)va);
}

/* A general and a seg_desc type reference on frame mfn of domain d. */
static int desc_get_frame(const struct domain *d, uint64_t mfn)
{
    if (!mfn || mfn >= max_pfn)
        return -EINVAL;
    return page_get_and_type(pfn_to_page(mfn), d->domain_id, PGT_seg_desc_page);
}

static void desc_put_frames(uint64_t *frames, unsigned int n)
{
    for (unsigned int i = 0; i < n; i++) {
        if (frames[i])
            page_put_and_type(pfn_to_page(frames[i]));
        frames[i] = 0;
    }
}

static void gdt_map(const struct vcpu *v)
{
    uint64_t base = gdt_window();
    for (unsigned int i = 0; i < PV_MAX_GDT_PAGES; i++)
        desc_map(base + i * PAGE_SIZE, v->gdt_frames[i]);
}

/*
 * A new GDT for v: all new frames are taken (owned by v's domain, and
 * every descriptor safe) before the old ones are dropped; a failure
 * leaves the old GDT in place. Mapped at once if v runs here, else when
 * it is next switched in.
 */
long pv_set_gdt(struct vcpu *v, const uint64_t *list, unsigned int entries)
{
    unsigned int i, nr = (entries + DESCS_PER_PAGE - 1) / DESCS_PER_PAGE;
    uint64_t frames[PV_MAX_GDT_PAGES];

    if (entries > PV_MAX_GDT_ENTS)
        return -EINVAL;
    memcpy(frames, list, nr * sizeof(frames[0]));
    for (i = 0; i < nr; i++) {
        if (desc_get_frame(v->domain, frames[i])) {
            desc_put_frames(frames, i);
            return -EINVAL;
        }
    }
    desc_put_frames(v->gdt_frames, PV_MAX_GDT_PAGES);
    memcpy(v->gdt_frames, frames, nr * sizeof(frames[0]));
    v->gdt_ents = entries;
    if (v == current_vcpu())
        gdt_map(v);
    return 0;
}

/* set_gdt: 'entries' is an unsigned int in Xen's prototype, so only its
 * low 32 bits count. */
long do_set_gdt(uint64_t frame_list, uint64_t entries_arg)
{
    unsigned int entries = (unsigned int)entries_arg;
    unsigned int nr = (entries + DESCS_PER_PAGE - 1) / DESCS_PER_PAGE;
    uint64_t frames[PV_MAX_GDT_PAGES];

    if (entries > PV_MAX_GDT_ENTS)
        return -EINVAL;
    if (copy_from_guest(frames, frame_list, nr * sizeof(frames[0])))
        return -EFAULT;
    return pv_set_gdt(current_vcpu(), frames, entries);
}

/*
 * update_descriptor: one descriptor at machine address pa. A frame in use
 * as descriptors is written in place under a seg_desc reference; any other
 * frame needs a writable type reference for the moment, so a page table
 * is refused. Every failure is -EINVAL, as in Xen.
 */
long do_update_descriptor(uint64_t pa, uint64_t desc)
{
    const struct domain *d = current_domain;
    uint64_t mfn = pa >> PAGE_SHIFT, type = PGT_writable_page;
    struct page_info *pg;
    uint64_t *slot;

    if ((pa & 7) || !pv_check_descriptor(&desc) || mfn >= max_pfn)
        return -EINVAL;
    pg = pfn_to_page(mfn);
    if (page_get(pg, d->domain_id))
        return -EINVAL;
    if ((pg->type_info & PGT_type_mask) == PGT_seg_desc_page)
        type = PGT_seg_desc_page;
    if (page_get_type(pg, type)) {
        page_put(pg);
        return -EINVAL;
    }
    slot = (uint64_t *)__va(pa & ~7UL);
    __atomic_store_n(slot, desc, __ATOMIC_RELAXED);
    page_put_and_type(pg);
    return 0;
}

/* The machine frame behind guest-virtual va in v's kernel page tables
 * (validated tables, read through the direct map); 0 if none. */
static uint64_t ldt_guest_mfn(const struct vcpu *v, uint64_t va)
{
    pte_t e = v->guest_table << PAGE_SHIFT | _PAGE_PRESENT;

    if (!v->guest_table || !guest_range_ok(va, PAGE_SIZE))
        return 0;
    for (int shift = 39; shift >= 12; shift -= 9) {
        e = ((const pte_t *)__va(e & PADDR_MASK))[(va >> shift) & 511];
        if (!(e & _PAGE_PRESENT) || (shift > 12 && (e & _PAGE_PSE)))
            return 0;
    }
    return (e & PADDR_MASK) >> PAGE_SHIFT;
}

/* Xen maps LDT pages lazily on the first fault; we take them all now. */
static void ldt_get_frames(struct vcpu *v)
{
    unsigned int pages = (v->ldt_ents * 8 + PAGE_SIZE - 1) / PAGE_SIZE;

    for (unsigned int i = 0; i < pages && i < PV_MAX_LDT_PAGES; i++) {
        uint64_t mfn = ldt_guest_mfn(v, v->ldt_base + i * PAGE_SIZE);
        if (mfn && !desc_get_frame(v->domain, mfn))
            v->ldt_frames[i] = mfn;
    }
}

/* LDTR: a 16-byte LDT descriptor (type 2, DPL 0) for this CPU's window. */
static void ldt_activate(const struct vcpu *v)
{
    uint64_t base = ldt_window(), limit = v->ldt_ents * 8 - 1;
    uint64_t *gdt = this_cpu()->gdt;
    unsigned int i = LDT_SELECTOR / 8;

    if (!v->ldt_ents) {
        __asm__ volatile("lldt %w0" ::"r"(0));
        return;
    }
    gdt[i] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x82ULL << 40) |
             (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
    gdt[i + 1] = base >> 32;
    __asm__ volatile("lldt %w0" ::"r"(LDT_SELECTOR) : "memory");
}

static void ldt_map(const struct vcpu *v)
{
    uint64_t base = ldt_window();
    for (unsigned int i = 0; i < PV_MAX_LDT_PAGES; i++)
        desc_map(base + i * PAGE_SIZE, v->ldt_frames[i]);
}

void pv_load_ldt(struct vcpu *v)
{
    desc_put_frames(v->ldt_frames, PV_MAX_LDT_PAGES);
    if (v->ldt_ents)
        ldt_get_frames(v);
    ldt_map(v);
    ldt_activate(v);
}

void pv_load_descriptor_tables(struct vcpu *v)
{
    gdt_map(v);
    ldt_map(v);
    ldt_activate(v);
}

void pv_destroy_descriptor_tables(struct vcpu *v)
{
    desc_put_frames(v->gdt_frames, PV_MAX_GDT_PAGES);
    desc_put_frames(v->ldt_frames, PV_MAX_LDT_PAGES);
    v->gdt_ents = 0;
    v->ldt_ents = 0;
    v->ldt_base = 0;
    if (v == current_vcpu())
        pv_load_descriptor_tables(v);
}
