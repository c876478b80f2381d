/* SPDX-License-Identifier: BSD-2-Clause */
/* The idle page table: direct map of RAM, the image with W^X, the frame
 * table, per-CPU stacks with guard pages, and uncached MMIO windows. */
#include <basalt/lib.h>
#include <basalt/bootmem.h>
#include <basalt/mm.h>
#include <basalt/spinlock.h>
#include <asm/paging.h>
#include <asm/processor.h>
#include <asm/io.h>

pte_t *idle_l4;
paddr_t idle_l4_pa;
static bool use_1g_pages;

extern char _stext[], _etext[], _srodata[], _erodata[], _sdata[], _end[];

/* Direct-mapped physical ranges, kept to answer directmap_covers(). */
#define DMAP_MAX (BOOT_MAX_MEMMAP + 1)
static struct {
    paddr_t start, end;
} dmap[DMAP_MAX];
static unsigned int nr_dmap;

static paddr_t pt_alloc(void)
{
    paddr_t pa;
    if (bootmem_active()) {
        pa = bootmem_alloc(PAGE_SIZE, PAGE_SIZE);
    } else {
        struct page_info *pg = alloc_pages(0, false);
        if (!pg)
            panic("paging: out of memory for a page table");
        pg->owner = DOMID_XEN_OWNER;
        pa = page_to_pfn(pg) << PAGE_SHIFT;
    }
    memset(__va(pa), 0, PAGE_SIZE);
    return pa;
}

/* The next-level table under table[idx], created when missing. 'user'
 * (_PAGE_USER or 0) is needed on every level for a user-visible leaf. */
static pte_t *pt_next_user(pte_t *table, unsigned int idx, uint64_t user)
{
    pte_t e = table[idx];
    if (!(e & _PAGE_PRESENT)) {
        paddr_t pa = pt_alloc();
        table[idx] = pa | _PAGE_PRESENT | _PAGE_RW | user;
        return __va(pa);
    }
    if (e & _PAGE_PSE)
        panic("paging: mapping inside a large page");
    table[idx] = e | user;
    return __va(e & PADDR_MASK);
}

static pte_t *pt_next(pte_t *table, unsigned int idx)
{
    return pt_next_user(table, idx, 0);
}

static void set_leaf(pte_t *slot, pte_t val, uint64_t va)
{
    if ((*slot & _PAGE_PRESENT) && *slot != val)
        panic("paging: conflicting mapping at %#llx", (unsigned long long)va);
    *slot = val;
}

/* Size of the largest leaf usable at (va, pa) for 'nr' pages. */
static uint64_t leaf_pages(uint64_t va, paddr_t pa, uint64_t nr, bool large)
{
    if (large && use_1g_pages && !((va | pa) & (GiB(1) - 1)) &&
        nr >= GiB(1) / PAGE_SIZE)
        return GiB(1) / PAGE_SIZE;
    if (large && !((va | pa) & (MiB(2) - 1)) && nr >= MiB(2) / PAGE_SIZE)
        return MiB(2) / PAGE_SIZE;
    return 1;
}

void map_pages(pte_t *l4, uint64_t va, paddr_t pa, uint64_t nr, uint64_t flags,
               bool large)
{
    while (nr) {
        uint64_t n = leaf_pages(va, pa, nr, large), u = flags & _PAGE_USER;
        pte_t *l3 = pt_next_user(l4, l4_index(va), u);
        if (n == GiB(1) / PAGE_SIZE) {
            set_leaf(&l3[l3_index(va)], pa | flags | _PAGE_PSE, va);
        } else {
            pte_t *l2 = pt_next_user(l3, l3_index(va), u);
            if (n == MiB(2) / PAGE_SIZE)
                set_leaf(&l2[l2_index(va)], pa | flags | _PAGE_PSE, va);
            else
                set_leaf(&pt_next_user(l2, l2_index(va), u)[l1_index(va)],
                         pa | flags, va);
        }
        va += n * PAGE_SIZE;
        pa += n * PAGE_SIZE;
        nr -= n;
    }
}

static void dmap_add(paddr_t s, paddr_t e)
{
    s = ALIGN_DOWN(s, PAGE_SIZE);
    e = ALIGN_UP(e, PAGE_SIZE);
    for (unsigned int i = 0; i < nr_dmap; i++) {
        if (s <= dmap[i].end && e >= dmap[i].start) { /* overlap: merge */
            dmap[i].start = MIN(s, dmap[i].start);
            dmap[i].end = MAX(e, dmap[i].end);
            return;
        }
    }
    if (nr_dmap == DMAP_MAX)
        panic("paging: too many direct-map ranges");
    dmap[nr_dmap].start = s;
    dmap[nr_dmap++].end = e;
}

/* RAM and ACPI tables are direct mapped; device ranges never are. */
static void paging_map_ram(const struct boot_info *bi)
{
    dmap_add(0, MiB(1)); /* BIOS data, EBDA, ROM (MTRRs keep holes UC) */
    for (unsigned int i = 0; i < bi->nr_memmap; i++) {
        const struct mem_range *m = &bi->memmap[i];
        if (m->type != MEM_USABLE && m->type != MEM_ACPI_RECLAIM &&
            m->type != MEM_ACPI_NVS)
            continue;
        if (m->base >= DIRECTMAP_SIZE) {
            printk("warning: RAM at %#llx is beyond the direct map\n",
                   (unsigned long long)m->base);
            continue;
        }
        dmap_add(m->base, m->base + m->len);
    }
    for (unsigned int i = 0; i < nr_dmap; i++) {
        paddr_t s = dmap[i].start, e = MIN(dmap[i].end, DIRECTMAP_SIZE);
        if (s < MiB(2)) { /* no large page across the fixed-range MTRRs */
            paddr_t e4k = MIN(e, MiB(2));
            map_pages(idle_l4, (uint64_t)__va(s), s, (e4k - s) >> PAGE_SHIFT,
                      PAGE_HYPERVISOR_RW, false);
            s = e4k;
        }
        if (s < e)
            map_pages(idle_l4, (uint64_t)__va(s), s, (e - s) >> PAGE_SHIFT,
                      PAGE_HYPERVISOR_RW, true);
    }
}

static void map_image_part(const char *s, const char *e, uint64_t flags)
{
    map_pages(idle_l4, (uint64_t)s, __pa_symbol(s),
              (uint64_t)(e - s + PAGE_SIZE - 1) >> PAGE_SHIFT, flags, false);
}

/* Backed 2 MiB at a time from anywhere in RAM, high memory first: low
 * memory is scarce, and a large machine's table (RAM/128) would not fit
 * below 4 GiB. Only touched after the switch to the new tables. */
static void paging_map_frame_table(void)
{
    max_pfn = bootmem_ram_end() >> PAGE_SHIFT;
    uint64_t bytes = ALIGN_UP(max_pfn * sizeof(struct page_info), MiB(2));
    for (uint64_t off = 0; off < bytes; off += MiB(2))
        map_pages(idle_l4, FRAMETABLE_VIRT_START + off,
                  bootmem_alloc_high(MiB(2), MiB(2)), MiB(2) >> PAGE_SHIFT,
                  PAGE_HYPERVISOR_RW, true);
    frame_table = (struct page_info *)FRAMETABLE_VIRT_START;
}

/* Every hypervisor slot gets its L3 now: guest L4s copy slots 256-271
 * once, so a slot filled later would never reach them. */
static void paging_prealloc_hypervisor_l3s(void)
{
    for (unsigned int i = HYPERVISOR_L4_FIRST; i <= HYPERVISOR_L4_LAST; i++)
        pt_next(idle_l4, i);
}

void paging_init(void)
{
    use_1g_pages = cpu_features.pdpe1gb;
    idle_l4_pa = pt_alloc();
    idle_l4 = __va(idle_l4_pa);
    paging_prealloc_hypervisor_l3s();
    paging_map_ram(&boot_info);
    map_image_part(_stext, _etext, PAGE_HYPERVISOR_RX);
    map_image_part(_srodata, _erodata, PAGE_HYPERVISOR_RO);
    map_image_part(_sdata, _end, PAGE_HYPERVISOR_RW);
    paging_map_frame_table();
    write_cr3(idle_l4_pa);
}

pte_t *paging_l1_slot(pte_t *l4, uint64_t va)
{
    pte_t e = l4[l4_index(va)];
    for (int shift = 30; shift >= 21; shift -= 9) {
        if (!(e & _PAGE_PRESENT) || (e & _PAGE_PSE))
            return NULL;
        e = ((pte_t *)__va(e & PADDR_MASK))[(va >> shift) & 511];
    }
    if (!(e & _PAGE_PRESENT) || (e & _PAGE_PSE))
        return NULL;
    return &((pte_t *)__va(e & PADDR_MASK))[l1_index(va)];
}

bool directmap_covers(paddr_t pa, size_t len)
{
    for (unsigned int i = 0; i < nr_dmap; i++)
        if (pa >= dmap[i].start && pa + len <= dmap[i].end && pa + len >= pa)
            return true;
    return false;
}

uint64_t stack_slot_map(unsigned int cpu)
{
    /* Pages mapped in a 64 KiB slot: IST stacks at 1, 3, 5 and the
     * primary stack at 12-15; every other page is an unmapped guard. */
    static const unsigned int mapped[] = {1, 3, 5, 7, 12, 13, 14, 15};
    uint64_t base = STACKS_VIRT_START + (uint64_t)cpu * STACK_SLOT_SIZE;
    for (unsigned int i = 0; i < ARRAY_SIZE(mapped); i++) {
        struct page_info *pg = alloc_pages(0, false);
        if (!pg)
            panic("paging: out of memory for CPU%u stacks", cpu);
        pg->owner = DOMID_XEN_OWNER;
        map_pages(idle_l4, base + mapped[i] * PAGE_SIZE,
                  page_to_pfn(pg) << PAGE_SHIFT, 1, PAGE_HYPERVISOR_RW, false);
    }
    return base;
}

static spinlock_t ioremap_lock = SPINLOCK_INIT;
static uint64_t ioremap_next = IOREMAP_VIRT_START;

static void *ioremap_flags(paddr_t pa, size_t len, uint64_t flags)
{
    paddr_t base = ALIGN_DOWN(pa, PAGE_SIZE);
    uint64_t pages = (ALIGN_UP(pa + len, PAGE_SIZE) - base) >> PAGE_SHIFT;
    spin_lock(&ioremap_lock);
    uint64_t va = ioremap_next;
    if (va + pages * PAGE_SIZE > IOREMAP_VIRT_END)
        panic("ioremap: window full mapping %#llx", (unsigned long long)pa);
    ioremap_next += pages * PAGE_SIZE;
    map_pages(idle_l4, va, base, pages, flags, false);
    spin_unlock(&ioremap_lock);
    return (void *)(va + (pa - base));
}

void *ioremap(paddr_t pa, size_t len)
{
    return ioremap_flags(pa, len, PAGE_HYPERVISOR_UC);
}

void *ioremap_wc(paddr_t pa, size_t len)
{
    return ioremap_flags(pa, len, PAGE_HYPERVISOR_WC);
}
