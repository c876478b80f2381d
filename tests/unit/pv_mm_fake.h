/* SPDX-License-Identifier: BSD-2-Clause */
/* A fake machine for the PV page-table rule tests: 64 frames, their memory,
 * owners, and count checks. Included once by each test_pv_mm*.c binary. */
#ifndef UNIT_PV_MM_FAKE_H
#define UNIT_PV_MM_FAKE_H

#include <basalt/errno.h>
#include <asm/page.h>
#include <asm/pv_mm.h>

#define NFRAMES 64
#define DOM1    1
#define DOM2    2

/* Entry bits, short. */
#define P               _PAGE_PRESENT
#define RW              _PAGE_RW
#define US              _PAGE_USER
#define PWT             _PAGE_PWT
#define PCD             _PAGE_PCD
#define A               _PAGE_ACCESSED
#define D               _PAGE_DIRTY
#define PSE             _PAGE_PSE
#define PAT             _PAGE_PAT
#define G               _PAGE_GLOBAL
#define NX              _PAGE_NX
#define AVAIL           0xe00ULL
#define AVAIL_HIGH      0x7ff0000000000000ULL
#define PTE(pfn, flags) (((uint64_t)(pfn) << PAGE_SHIFT) | (flags))

/* What kernel/page_alloc.c defines in the hypervisor. */
struct page_info *frame_table;
uint64_t max_pfn;

static struct page_info ft[NFRAMES];
static uint64_t mem[NFRAMES][PV_PT_ENTRIES] __attribute__((aligned(4096)));
static unsigned int free_calls, flushes;
static struct page_info *freed;

static uint64_t *fake_map(uint64_t pfn)
{
    if (pfn >= NFRAMES)
        abort(); /* the rules must never map a frame outside the table */
    return mem[pfn];
}

static void fake_free(struct page_info *pg)
{
    free_calls++;
    freed = pg;
    CHECK_EQ(pg->count_info & PGC_count_mask, 0);
    CHECK_EQ(pg->type_info & PGT_count_mask, 0);
}

static void fake_flush(struct page_info *pg)
{
    (void)pg;
    flushes++;
}

/* Frames 0-39 belong to domain 1, 40-51 to domain 2, 52-55 to the
 * hypervisor (whose L4 entries point there), 56-63 are free. */
static domid_t fake_owner(uint64_t pfn)
{
    if (pfn < 40)
        return DOM1;
    if (pfn < 52)
        return DOM2;
    return pfn < 56 ? DOMID_XEN_OWNER : DOMID_NONE;
}

static void fake_reset(void)
{
    memset(ft, 0, sizeof(ft));
    memset(mem, 0, sizeof(mem));
    frame_table = ft;
    max_pfn = NFRAMES;
    for (uint64_t pfn = 0; pfn < NFRAMES; pfn++) {
        ft[pfn].owner = fake_owner(pfn);
        if (ft[pfn].owner != DOMID_NONE)
            ft[pfn].count_info = PGC_allocated | 1;
    }
    memset(&pv_mm_ops, 0, sizeof(pv_mm_ops));
    pv_mm_ops.map_frame = fake_map;
    pv_mm_ops.free_page = fake_free;
    pv_mm_ops.flush_tlb = fake_flush;
    for (unsigned int i = 0; i < PV_L4_HV_SLOTS; i++)
        pv_mm_ops.hv_l4_entries[i] = PTE(52 + i % 4, P | RW | A);
    free_calls = flushes = 0;
    freed = NULL;
}

static uint64_t gen_count(uint64_t pfn)
{
    return ft[pfn].count_info & PGC_count_mask;
}

static uint64_t type_count(uint64_t pfn)
{
    return ft[pfn].type_info & PGT_count_mask;
}

#define CHECK_REFS(pfn, gen, type)                                             \
    do {                                                                       \
        CHECK_EQ(gen_count(pfn), gen);                                         \
        CHECK_EQ(type_count(pfn), type);                                       \
    } while (0)

/* Every frame back to its starting counts: the allocation reference only,
 * no type references, nothing pinned. */
static __unused void check_start(void)
{
    for (uint64_t pfn = 0; pfn < NFRAMES; pfn++) {
        CHECK_REFS(pfn, ft[pfn].owner != DOMID_NONE, 0);
        CHECK_EQ(ft[pfn].type_info & PGT_pinned, 0);
        CHECK_EQ(ft[pfn].count_info & ~PGC_count_mask,
                 ft[pfn].owner != DOMID_NONE ? PGC_allocated : 0);
    }
}

/* L4 (1) -> L3 (2) -> L2 (3) -> L1 (4) -> data 10 (rw), 11 (ro), 12 (rw). */
static __unused void build_chain(void)
{
    mem[1][0] = PTE(2, P | RW | US | A);
    mem[2][0] = PTE(3, P | RW | US);
    mem[3][0] = PTE(4, P | RW | US);
    mem[4][0] = PTE(10, P | RW | US);
    mem[4][1] = PTE(11, P | US);
    mem[4][2] = PTE(12, P | RW | US | NX);
}

#endif
