/* SPDX-License-Identifier: BSD-2-Clause */
/* Buddy frame allocator over the frame table, with a below-4-GiB zone. */
#include <basalt/lib.h>
#include <basalt/mm.h>
#include <basalt/spinlock.h>

/* Zone of a frame: low holds the frames below 4 GiB, which 32-bit users
 * (AP trampoline, bootstrap tables, legacy DMA) need; high the rest. No
 * block straddles the line: blocks are naturally aligned and at most 2^20
 * frames, and 0x100000 is a multiple of every block size. */
#define ZONE_LOW      0
#define ZONE_HIGH     1
#define NR_ZONES      2
#define LOW_LIMIT_PFN 0x100000ULL
BUILD_BUG_ON(LOW_LIMIT_PFN % (1ULL << MAX_ORDER) != 0);

struct page_info *frame_table;
uint64_t max_pfn;

/* The free lists are threaded through page_info by frame number, so the
 * free memory itself is never touched: the allocator works before any
 * mapping exists. */
static uint32_t buddy_heads[NR_ZONES][MAX_ORDER + 1];
static uint64_t buddy_free_frames[NR_ZONES];
static uint64_t buddy_total_frames;
static spinlock_t buddy_lock = SPINLOCK_INIT;

static unsigned int pfn_zone(uint64_t pfn)
{
    return pfn >= LOW_LIMIT_PFN ? ZONE_HIGH : ZONE_LOW;
}

static void list_push(unsigned int zone, unsigned int order, uint64_t pfn)
{
    struct page_info *pg = pfn_to_page(pfn);
    uint32_t old = buddy_heads[zone][order];

    pg->prev = PFN_NONE;
    pg->next = old;
    if (old != PFN_NONE)
        pfn_to_page(old)->prev = (uint32_t)pfn;
    buddy_heads[zone][order] = (uint32_t)pfn;
}

static void list_del(unsigned int zone, unsigned int order, uint64_t pfn)
{
    struct page_info *pg = pfn_to_page(pfn);

    if (pg->prev != PFN_NONE)
        pfn_to_page(pg->prev)->next = pg->next;
    else
        buddy_heads[zone][order] = pg->next;
    if (pg->next != PFN_NONE)
        pfn_to_page(pg->next)->prev = pg->prev;
    pg->next = pg->prev = PFN_NONE;
}

void buddy_init(void)
{
    /* Links are 32-bit frame numbers and PFN_NONE is the terminator. */
    if (max_pfn >= PFN_NONE)
        panic("buddy: max_pfn %#llx too large", (unsigned long long)max_pfn);
    for (uint64_t pfn = 0; pfn < max_pfn; pfn++) {
        struct page_info *pg = pfn_to_page(pfn);
        pg->next = pg->prev = PFN_NONE;
        pg->count_info = PGC_reserved;
        pg->type_info = 0;
        pg->owner = DOMID_NONE;
        pg->order = 0;
    }
    for (unsigned int z = 0; z < NR_ZONES; z++) {
        for (unsigned int o = 0; o <= MAX_ORDER; o++)
            buddy_heads[z][o] = PFN_NONE;
        buddy_free_frames[z] = 0;
    }
    buddy_total_frames = 0;
}

/* Put a block whose frames are already marked PGC_free into the lists,
 * merging with its buddy while the buddy is a free block of equal order. */
static void buddy_insert(uint64_t pfn, unsigned int order)
{
    unsigned int zone = pfn_zone(pfn);

    buddy_free_frames[zone] += 1ULL << order;
    while (order < MAX_ORDER) {
        uint64_t buddy = pfn ^ (1ULL << order);
        struct page_info *bp;

        if (buddy >= max_pfn || pfn_zone(buddy) != zone)
            break;
        bp = pfn_to_page(buddy);
        if ((bp->count_info & (PGC_free | PGC_head)) != (PGC_free | PGC_head) ||
            bp->order != order)
            break;
        list_del(zone, order, buddy);
        bp->count_info &= ~PGC_head;
        bp->order = 0;
        pfn &= ~(1ULL << order);
        order++;
    }
    pfn_to_page(pfn)->count_info |= PGC_head;
    pfn_to_page(pfn)->order = (uint8_t)order;
    list_push(zone, order, pfn);
}

/* Mark the frames of a block free. 'want' is the state every frame must be
 * in (PGC_reserved for a new range, 0 for an allocated block); anything
 * else means a double free or a free of a frame never given out. */
static void buddy_mark_free(uint64_t pfn, unsigned int order, uint64_t want)
{
    for (uint64_t i = 0; i < (1ULL << order); i++) {
        struct page_info *pg = pfn_to_page(pfn + i);
        uint64_t state = pg->count_info & (PGC_free | PGC_reserved);

        if (state != want)
            panic("buddy: bad free of frame %#llx (count_info %#llx)",
                  (unsigned long long)(pfn + i),
                  (unsigned long long)pg->count_info);
        pg->count_info = PGC_free;
        pg->type_info = 0;
        pg->owner = DOMID_NONE;
        pg->order = 0;
        pg->next = pg->prev = PFN_NONE;
    }
}

/* Largest naturally aligned block starting at pfn that fits below end. */
static unsigned int block_order(uint64_t pfn, uint64_t end)
{
    unsigned int order = MAX_ORDER;

    if (pfn != 0 && (unsigned int)__builtin_ctzll(pfn) < order)
        order = (unsigned int)__builtin_ctzll(pfn);
    while ((1ULL << order) > end - pfn)
        order--;
    return order;
}

void buddy_free_range(uint64_t start_pfn, uint64_t end_pfn)
{
    /* The range comes from the firmware memory map: clamp, don't trust. */
    if (end_pfn > max_pfn)
        end_pfn = max_pfn;
    spin_lock(&buddy_lock);
    while (start_pfn < end_pfn) {
        unsigned int order = block_order(start_pfn, end_pfn);

        buddy_mark_free(start_pfn, order, PGC_reserved);
        buddy_total_frames += 1ULL << order;
        buddy_insert(start_pfn, order);
        start_pfn += 1ULL << order;
    }
    spin_unlock(&buddy_lock);
}

/* Smallest free block of at least 'order' in a zone, or PFN_NONE. */
static uint64_t zone_take(unsigned int zone, unsigned int order,
                          unsigned int *found)
{
    for (unsigned int o = order; o <= MAX_ORDER; o++) {
        uint32_t pfn = buddy_heads[zone][o];
        if (pfn == PFN_NONE)
            continue;
        list_del(zone, o, pfn);
        *found = o;
        return pfn;
    }
    return PFN_NONE;
}

/* Split a free block of order 'have' down to 'order', returning the upper
 * halves to the lists, then hand out the lower block. */
static void buddy_split_claim(uint64_t pfn, unsigned int have,
                              unsigned int order)
{
    unsigned int zone = pfn_zone(pfn);

    while (have > order) {
        uint64_t half = pfn + (1ULL << --have);
        pfn_to_page(half)->count_info |= PGC_head;
        pfn_to_page(half)->order = (uint8_t)have;
        list_push(zone, have, half);
    }
    buddy_free_frames[zone] -= 1ULL << order;
    for (uint64_t i = 0; i < (1ULL << order); i++) {
        struct page_info *pg = pfn_to_page(pfn + i);
        BUG_ON(!(pg->count_info & PGC_free));
        pg->count_info = 0;
        pg->type_info = 0;
        pg->owner = DOMID_NONE;
        pg->order = 0;
        pg->next = pg->prev = PFN_NONE;
    }
}

struct page_info *alloc_pages(unsigned int order, bool low)
{
    uint64_t pfn = PFN_NONE;
    unsigned int have = 0;

    if (order > MAX_ORDER)
        return NULL;
    spin_lock(&buddy_lock);
    /* High memory first: keep the scarce low frames for those who must
     * have them. */
    if (!low)
        pfn = zone_take(ZONE_HIGH, order, &have);
    if (pfn == PFN_NONE)
        pfn = zone_take(ZONE_LOW, order, &have);
    if (pfn != PFN_NONE)
        buddy_split_claim(pfn, have, order);
    spin_unlock(&buddy_lock);
    return pfn == PFN_NONE ? NULL : pfn_to_page(pfn);
}

void free_pages(struct page_info *pg, unsigned int order)
{
    uintptr_t off = (uintptr_t)pg - (uintptr_t)frame_table;
    uint64_t pfn = off / sizeof(*pg);

    if (order > MAX_ORDER)
        panic("buddy: free of order %u", order);
    if (off % sizeof(*pg) || pfn >= max_pfn ||
        (1ULL << order) > max_pfn - pfn || (pfn & ((1ULL << order) - 1)))
        panic("buddy: free of bad block %p order %u", (void *)pg, order);
    spin_lock(&buddy_lock);
    buddy_mark_free(pfn, order, 0);
    buddy_insert(pfn, order);
    spin_unlock(&buddy_lock);
}

uint64_t buddy_free_count(void)
{
    uint64_t n;

    spin_lock(&buddy_lock);
    n = buddy_free_frames[ZONE_LOW] + buddy_free_frames[ZONE_HIGH];
    spin_unlock(&buddy_lock);
    return n;
}

uint64_t buddy_total_count(void)
{
    uint64_t n;

    spin_lock(&buddy_lock);
    n = buddy_total_frames;
    spin_unlock(&buddy_lock);
    return n;
}

/* One listed block: aligned, inside its zone, every frame free, only the
 * first a head. */
static int check_block(unsigned int zone, unsigned int order, uint64_t pfn)
{
    struct page_info *pg = pfn_to_page(pfn);

    if ((pfn & ((1ULL << order) - 1)) || (1ULL << order) > max_pfn - pfn ||
        pfn_zone(pfn) != zone) {
        printk("buddy: block %#llx order %u misplaced\n",
               (unsigned long long)pfn, order);
        return -1;
    }
    if ((pg->count_info & (PGC_free | PGC_head | PGC_reserved)) !=
            (PGC_free | PGC_head) ||
        pg->order != order) {
        printk("buddy: head %#llx order %u bad state %#llx/%u\n",
               (unsigned long long)pfn, order,
               (unsigned long long)pg->count_info, pg->order);
        return -1;
    }
    for (uint64_t i = 1; i < (1ULL << order); i++) {
        uint64_t flags = pfn_to_page(pfn + i)->count_info;
        if ((flags & (PGC_free | PGC_head | PGC_reserved)) != PGC_free) {
            printk("buddy: frame %#llx in block %#llx bad state %#llx\n",
                   (unsigned long long)(pfn + i), (unsigned long long)pfn,
                   (unsigned long long)flags);
            return -1;
        }
    }
    return 0;
}

/* Walk one list; bounded so a cycle is reported, not followed forever. */
static int check_list(unsigned int zone, unsigned int order, uint64_t *blocks,
                      uint64_t *frames)
{
    uint32_t prev = PFN_NONE, pfn = buddy_heads[zone][order];
    uint64_t steps = 0;

    for (; pfn != PFN_NONE; prev = pfn, pfn = pfn_to_page(pfn)->next) {
        if (pfn >= max_pfn || ++steps > max_pfn) {
            printk("buddy: list %u/%u runs away at %#x\n", zone, order, pfn);
            return -1;
        }
        if (pfn_to_page(pfn)->prev != prev) {
            printk("buddy: list %u/%u: %#x prev %#x, want %#x\n", zone, order,
                   pfn, pfn_to_page(pfn)->prev, prev);
            return -1;
        }
        if (check_block(zone, order, pfn))
            return -1;
        *frames += 1ULL << order;
    }
    *blocks += steps;
    return 0;
}

/* Frame-table side: count heads and free frames; free excludes reserved. */
static int check_table(uint64_t *heads, uint64_t *frames)
{
    for (uint64_t pfn = 0; pfn < max_pfn; pfn++) {
        uint64_t flags = pfn_to_page(pfn)->count_info;
        if ((flags & PGC_free) && (flags & PGC_reserved)) {
            printk("buddy: frame %#llx free and reserved\n",
                   (unsigned long long)pfn);
            return -1;
        }
        if ((flags & PGC_head) && !(flags & PGC_free)) {
            printk("buddy: frame %#llx head but not free\n",
                   (unsigned long long)pfn);
            return -1;
        }
        *heads += !!(flags & PGC_head);
        *frames += !!(flags & PGC_free);
    }
    return 0;
}

/* Listed blocks are disjoint (no head inside another block, no head listed
 * twice since #listed == #heads), all free, and their sizes add up to the
 * free frames in the table and to the counters: so they cover exactly the
 * free frames. */
static int buddy_check_locked(void)
{
    uint64_t blocks = 0, listed = 0, heads = 0, table_free = 0, counted = 0;

    for (unsigned int z = 0; z < NR_ZONES; z++) {
        uint64_t zone_frames = 0;
        for (unsigned int o = 0; o <= MAX_ORDER; o++)
            if (check_list(z, o, &blocks, &zone_frames))
                return -1;
        if (zone_frames != buddy_free_frames[z]) {
            printk("buddy: zone %u lists hold %#llx frames, count %#llx\n", z,
                   (unsigned long long)zone_frames,
                   (unsigned long long)buddy_free_frames[z]);
            return -1;
        }
        listed += zone_frames;
        counted += buddy_free_frames[z];
    }
    if (check_table(&heads, &table_free))
        return -1;
    if (heads != blocks || table_free != listed || listed != counted ||
        counted > buddy_total_frames) {
        printk("buddy: %#llx heads/%#llx listed blocks, %#llx free frames/"
               "%#llx listed\n",
               (unsigned long long)heads, (unsigned long long)blocks,
               (unsigned long long)table_free, (unsigned long long)listed);
        return -1;
    }
    return 0;
}

int buddy_check(void)
{
    int rc;

    spin_lock(&buddy_lock);
    rc = buddy_check_locked();
    spin_unlock(&buddy_lock);
    return rc;
}
