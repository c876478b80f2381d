/* SPDX-License-Identifier: BSD-2-Clause */
/* Boot-time frame allocator over the sanitized memory map. */
#include <basalt/bootmem.h>
#include <basalt/lib.h>
#include <basalt/mm.h>

struct range {
    paddr_t start, end;
};

static struct range free_ranges[BOOTMEM_MAX_RANGES];
static unsigned int nr_free;
static bool active;
static paddr_t ram_end;
static uint64_t usable_bytes;

static void range_add(paddr_t s, paddr_t e)
{
    s = ALIGN_UP(s, PAGE_SIZE);
    e = ALIGN_DOWN(e, PAGE_SIZE);
    if (s >= e)
        return;
    if (nr_free == BOOTMEM_MAX_RANGES) {
        printk("warning: bootmem: too many ranges, dropping %#llx-%#llx\n",
               (unsigned long long)s, (unsigned long long)e);
        return;
    }
    free_ranges[nr_free++] = (struct range){s, e};
}

/* Remove [s, e) from every free range, splitting where needed. */
static void range_reserve(paddr_t s, paddr_t e)
{
    for (unsigned int i = 0; i < nr_free; i++) {
        struct range *r = &free_ranges[i];
        if (e <= r->start || s >= r->end)
            continue;
        paddr_t old_end = r->end;
        if (s > r->start) {
            r->end = s;
            if (e < old_end)
                range_add(e, old_end);
        } else {
            r->start = MIN(e, old_end);
        }
    }
}

void bootmem_init(const struct boot_info *bi, paddr_t image_start,
                  paddr_t image_end, paddr_t limit)
{
    for (unsigned int i = 0; i < bi->nr_memmap; i++) {
        const struct mem_range *m = &bi->memmap[i];
        paddr_t end = m->base + m->len;
        if (m->type != MEM_USABLE)
            continue;
        if (end > limit || end < m->base) {
            printk("warning: RAM %#llx-%#llx beyond %#llx is not used\n",
                   (unsigned long long)MAX(m->base, limit),
                   (unsigned long long)end, (unsigned long long)limit);
            end = limit;
        }
        if (end <= m->base)
            continue;
        range_add(m->base, end);
        usable_bytes += end - m->base;
        ram_end = MAX(ram_end, end);
    }
    range_reserve(0, MiB(1)); /* BIOS data, EBDA, AP trampoline */
    range_reserve(image_start, image_end);
    for (unsigned int i = 0; i < bi->nr_modules; i++)
        range_reserve(ALIGN_DOWN(bi->modules[i].start, PAGE_SIZE),
                      ALIGN_UP(bi->modules[i].end, PAGE_SIZE));
    active = true;
}

static paddr_t bootmem_alloc_below(uint64_t bytes, uint64_t align,
                                   paddr_t limit)
{
    BUG_ON(!active);
    bytes = ALIGN_UP(bytes, PAGE_SIZE);
    paddr_t best = 0;
    bool found = false;
    for (unsigned int i = 0; i < nr_free; i++) {
        const struct range *r = &free_ranges[i];
        paddr_t top = MIN(r->end, limit);
        if (top <= r->start || top - r->start < bytes)
            continue;
        paddr_t at = ALIGN_DOWN(top - bytes, align);
        if (at >= r->start && (!found || at > best)) {
            best = at;
            found = true;
        }
    }
    if (!found)
        panic("bootmem: out of memory %sallocating %llu bytes",
              limit == GiB(4) ? "below 4 GiB " : "", (unsigned long long)bytes);
    range_reserve(best, best + bytes);
    return best;
}

paddr_t bootmem_alloc(uint64_t bytes, uint64_t align)
{
    return bootmem_alloc_below(bytes, align, GiB(4));
}

paddr_t bootmem_alloc_high(uint64_t bytes, uint64_t align)
{
    return bootmem_alloc_below(bytes, align, ~(paddr_t)0);
}

uint64_t bootmem_handoff(void)
{
    uint64_t frames = 0;
    for (unsigned int i = 0; i < nr_free; i++) {
        uint64_t s = free_ranges[i].start >> PAGE_SHIFT;
        uint64_t e = MIN(free_ranges[i].end >> PAGE_SHIFT, max_pfn);
        if (s < e) {
            buddy_free_range(s, e);
            frames += e - s;
        }
    }
    active = false;
    return frames;
}

bool bootmem_active(void)
{
    return active;
}

paddr_t bootmem_ram_end(void)
{
    return ram_end;
}

uint64_t bootmem_usable_bytes(void)
{
    return usable_bytes;
}
