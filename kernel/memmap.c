/* SPDX-License-Identifier: BSD-2-Clause */
/* Memory map clean-up: sorted, non-overlapping, merged ranges. */
#include <basalt/bootinfo.h>
#include <basalt/lib.h>

/* Splitting can need up to 2n - 1 pieces. These are static because the
 * boot stack is small; the map is cleaned once, on the boot CPU. */
static uint64_t memmap_points[2 * BOOT_MAX_MEMMAP];
static struct mem_range memmap_out[2 * BOOT_MAX_MEMMAP];

/* How strict a type is: where ranges overlap, the stricter one wins.
 * Any type we do not know is treated as reserved. */
static unsigned int memmap_rank(uint32_t type)
{
    static const uint8_t rank[] = {
        [MEM_USABLE] = 1,   [MEM_ACPI_RECLAIM] = 2, [MEM_ACPI_NVS] = 3,
        [MEM_RESERVED] = 4, [MEM_BAD] = 5,
    };

    if (type < ARRAY_SIZE(rank) && rank[type])
        return rank[type];
    return rank[MEM_RESERVED];
}

static uint32_t memmap_type(uint32_t type)
{
    return type >= MEM_USABLE && type <= MEM_BAD ? type : MEM_RESERVED;
}

/* Exclusive end; a range running past 2^64 - 1 is clamped there. */
static uint64_t memmap_end(const struct mem_range *r)
{
    return r->len > UINT64_MAX - r->base ? UINT64_MAX : r->base + r->len;
}

/* Insert x into the sorted, duplicate-free points[0..n); returns new n. */
static unsigned int memmap_add_point(unsigned int n, uint64_t x)
{
    unsigned int i = n;

    while (i > 0 && memmap_points[i - 1] > x)
        i--;
    if (i > 0 && memmap_points[i - 1] == x)
        return n;
    memmove(&memmap_points[i + 1], &memmap_points[i],
            (n - i) * sizeof(memmap_points[0]));
    memmap_points[i] = x;
    return n + 1;
}

/* The strictest type covering [lo, hi), 0 if none. Points are all the
 * range edges, so a range covers a whole piece or none of it. */
static uint32_t memmap_cover(const struct mem_range *map, unsigned int n,
                             uint64_t lo, uint64_t hi)
{
    uint32_t best = 0;

    for (unsigned int i = 0; i < n; i++) {
        if (map[i].base > lo || memmap_end(&map[i]) < hi)
            continue;
        if (!best || memmap_rank(map[i].type) > memmap_rank(best))
            best = memmap_type(map[i].type);
    }
    return best;
}

/* Append [lo, hi) to the output, joining a touching same-type range. */
static unsigned int memmap_emit(unsigned int n, uint64_t lo, uint64_t hi,
                                uint32_t type)
{
    struct mem_range *last = n ? &memmap_out[n - 1] : NULL;

    if (last && last->type == type && last->base + last->len == lo) {
        last->len += hi - lo;
        return n;
    }
    memmap_out[n] = (struct mem_range){lo, hi - lo, type};
    return n + 1;
}

/* Too many pieces: drop the smallest usable ranges first, which only
 * costs some RAM; the holes they leave are simply not used. */
static unsigned int memmap_shrink(unsigned int n)
{
    unsigned int victim;

    if (n <= BOOT_MAX_MEMMAP)
        return n;
    printk("warning: memory map needs %u entries, dropping the smallest "
           "usable ones\n",
           n);
    while (n > BOOT_MAX_MEMMAP) {
        victim = n;
        for (unsigned int i = 0; i < n; i++)
            if (memmap_out[i].type == MEM_USABLE &&
                (victim == n || memmap_out[i].len < memmap_out[victim].len))
                victim = i;
        if (victim == n)
            return BOOT_MAX_MEMMAP; /* nothing usable: cut the top */
        memmove(&memmap_out[victim], &memmap_out[victim + 1],
                (n - victim - 1) * sizeof(memmap_out[0]));
        n--;
    }
    return n;
}

void memmap_sanitize(struct boot_info *bi)
{
    unsigned int n = MIN(bi->nr_memmap, BOOT_MAX_MEMMAP), np = 0, nout = 0;
    uint32_t type;

    for (unsigned int i = 0; i < n; i++) {
        if (memmap_end(&bi->memmap[i]) == bi->memmap[i].base)
            continue; /* empty: contributes nothing */
        np = memmap_add_point(np, bi->memmap[i].base);
        np = memmap_add_point(np, memmap_end(&bi->memmap[i]));
    }
    for (unsigned int i = 0; i + 1 < np; i++) {
        type =
            memmap_cover(bi->memmap, n, memmap_points[i], memmap_points[i + 1]);
        if (type)
            nout =
                memmap_emit(nout, memmap_points[i], memmap_points[i + 1], type);
    }
    nout = memmap_shrink(nout);
    memcpy(bi->memmap, memmap_out, nout * sizeof(memmap_out[0]));
    bi->nr_memmap = nout;
}
