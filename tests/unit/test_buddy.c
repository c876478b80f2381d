/* SPDX-License-Identifier: BSD-2-Clause */
/* Host tests of the buddy frame allocator (kernel/page_alloc.c). */
#include "harness.h"
#include <basalt/mm.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#define LOW_END  0x100000ULL /* first frame at 4 GiB */
#define BIG_PFNS 0x140000ULL /* 5 GiB of frames */

struct blk {
    uint64_t pfn;
    unsigned int order;
};

static void table_setup(uint64_t nr)
{
    free(frame_table);
    frame_table = calloc(nr, sizeof(*frame_table));
    max_pfn = nr;
    buddy_init();
}

/* Free blocks per order; with want, compare against it instead. */
static void order_histogram(uint64_t hist[MAX_ORDER + 1], const uint64_t *want)
{
    memset(hist, 0, sizeof(uint64_t) * (MAX_ORDER + 1));
    for (uint64_t pfn = 0; pfn < max_pfn; pfn++)
        if (frame_table[pfn].count_info & PGC_head)
            hist[frame_table[pfn].order]++;
    for (int o = 0; want && o <= MAX_ORDER; o++)
        CHECK_EQ(hist[o], want[o]);
}

/* The free block structure, as the documented page_info state shows it. */
static void check_blocks(const struct blk *want, size_t nwant)
{
    size_t n = 0;
    for (uint64_t pfn = 0; pfn < max_pfn; pfn++) {
        if (!(frame_table[pfn].count_info & PGC_head))
            continue;
        if (n < nwant) {
            CHECK_EQ(pfn, want[n].pfn);
            CHECK_EQ(frame_table[pfn].order, want[n].order);
        }
        n++;
    }
    CHECK_EQ(n, nwant);
}

/* Run bad_free(which) in a child; it must die of SIGABRT (panic) and not
 * return. */
static void bad_free(int which);
static void expect_panic(int which)
{
    pid_t pid = fork();
    int status = 0;
    if (pid == 0) {
        freopen("/dev/null", "w", stderr);
        bad_free(which);
        _exit(0);
    }
    CHECK(pid > 0);
    CHECK_EQ(waitpid(pid, &status, 0), pid);
    CHECK(WIFSIGNALED(status));
    CHECK_EQ(WTERMSIG(status), SIGABRT);
}

TEST(buddy_init_reserves_everything)
{
    table_setup(0x1000);
    frame_table[5].count_info = 123; /* stale garbage is overwritten */
    buddy_init();
    for (uint64_t pfn = 0; pfn < max_pfn; pfn++) {
        CHECK_EQ(frame_table[pfn].count_info, PGC_reserved);
        CHECK_EQ(frame_table[pfn].owner, DOMID_NONE);
        CHECK_EQ(frame_table[pfn].next, PFN_NONE);
        CHECK_EQ(frame_table[pfn].prev, PFN_NONE);
    }
    CHECK_EQ(buddy_free_count(), 0);
    CHECK_EQ(buddy_total_count(), 0);
    CHECK(alloc_pages(0, false) == NULL);
    CHECK_EQ(buddy_check(), 0);
}

TEST(buddy_free_count_with_holes)
{
    table_setup(BIG_PFNS);
    buddy_free_range(0, 0x9f);
    buddy_free_range(0x100, 0x7fe0);
    buddy_free_range(0x100000, 0x13ff00);
    uint64_t want = 0x9f + (0x7fe0 - 0x100) + (0x13ff00 - 0x100000);
    CHECK_EQ(buddy_free_count(), want);
    CHECK_EQ(buddy_total_count(), want);
    CHECK_EQ(frame_table[0x9f].count_info, PGC_reserved);
    CHECK_EQ(frame_table[0x7fe0].count_info, PGC_reserved);
    CHECK_EQ(buddy_check(), 0);
}

TEST(buddy_odd_ranges_exact_blocks)
{
    static const struct blk want[] = {
        {0x0, 7},     {0x80, 4},    {0x90, 3},    {0x98, 2},    {0x9c, 1},
        {0x9e, 0},    {0x100, 8},   {0x200, 9},   {0x400, 10},  {0x800, 11},
        {0x1000, 12}, {0x2000, 13}, {0x4000, 13}, {0x6000, 12}, {0x7000, 11},
        {0x7800, 10}, {0x7c00, 9},  {0x7e00, 8},  {0x7f00, 7},  {0x7f80, 6},
        {0x7fc0, 5},
    };
    table_setup(0x10000);
    buddy_free_range(0, 0x9f);
    buddy_free_range(0x100, 0x7fe0);
    check_blocks(want, ARRAY_SIZE(want));
    CHECK_EQ(buddy_check(), 0);
}

TEST(buddy_adjacent_ranges_merge)
{
    static const struct blk one[] = {{0x0, 10}};
    table_setup(0x800);
    buddy_free_range(0, 0x40);
    buddy_free_range(0x40, 0x80);
    for (uint64_t pfn = 0x80; pfn < 0x400; pfn++)
        buddy_free_range(pfn, pfn + 1);
    check_blocks(one, 1);
    CHECK_EQ(buddy_free_count(), 0x400);
    CHECK_EQ(buddy_check(), 0);
}

TEST(buddy_range_clamped_to_table)
{
    table_setup(0x300);
    buddy_free_range(0x100, 0x100000);
    CHECK_EQ(buddy_free_count(), 0x200);
    buddy_free_range(0x400, 0x500); /* wholly past the end */
    CHECK_EQ(buddy_free_count(), 0x200);
    CHECK_EQ(buddy_check(), 0);
}

TEST(buddy_no_block_crosses_4g)
{
    static const struct blk want[] = {{0xf0000, 16}, {0x100000, 16}};
    table_setup(0x110000);
    buddy_free_range(0xf0000, 0x110000);
    check_blocks(want, 2);
    buddy_init();
    buddy_free_range(0, 0x110000);
    static const struct blk whole[] = {{0x0, 20}, {0x100000, 16}};
    check_blocks(whole, 2);
    CHECK_EQ(buddy_check(), 0);
}

TEST(buddy_alignment_and_state)
{
    table_setup(BIG_PFNS);
    buddy_free_range(0x3, 0x13fffd);
    for (unsigned int o = 0; o <= 18; o++) {
        for (int i = 0; i < 2; i++) {
            struct page_info *pg = alloc_pages(o, i);
            CHECK(pg != NULL);
            if (!pg)
                return;
            uint64_t pfn = page_to_pfn(pg);
            CHECK_EQ(pfn & ((1ULL << o) - 1), 0);
            CHECK(pfn + (1ULL << o) <= max_pfn);
            for (uint64_t f = 0; f < (1ULL << o); f++) {
                CHECK_EQ(pg[f].count_info, 0);
                CHECK_EQ(pg[f].owner, DOMID_NONE);
                CHECK_EQ(pg[f].type_info, 0);
            }
        }
    }
    CHECK_EQ(buddy_check(), 0);
}

TEST(buddy_low_never_above_4g)
{
    table_setup(BIG_PFNS);
    buddy_free_range(0x10, 0x13ffff);
    uint64_t n = 0;
    struct page_info *pg;
    while ((pg = alloc_pages(3, true)) != NULL) {
        CHECK(page_to_pfn(pg) + 8 <= LOW_END);
        n += 8;
    }
    CHECK_EQ(n, LOW_END - 0x10);
    /* The low zone is now empty; high memory is untouched. */
    CHECK(alloc_pages(0, true) == NULL);
    CHECK_EQ(buddy_free_count(), 0x13ffff - LOW_END);
    pg = alloc_pages(0, false);
    CHECK(pg && page_to_pfn(pg) >= LOW_END);
    CHECK_EQ(buddy_check(), 0);
}

TEST(buddy_prefers_high_memory)
{
    table_setup(BIG_PFNS);
    buddy_free_range(0, BIG_PFNS);
    struct page_info *pg = alloc_pages(0, false);
    CHECK(pg && page_to_pfn(pg) >= LOW_END);
    free_pages(pg, 0);
    /* All of high memory as one block, then the low zone serves. */
    pg = alloc_pages(18, false);
    CHECK(pg && page_to_pfn(pg) == LOW_END);
    pg = alloc_pages(0, false);
    CHECK(pg && page_to_pfn(pg) < LOW_END);
    /* An order the high zone can't hold falls back to low memory. */
    table_setup(BIG_PFNS);
    buddy_free_range(0, BIG_PFNS);
    pg = alloc_pages(20, false);
    CHECK(pg && page_to_pfn(pg) == 0);
    CHECK(alloc_pages(MAX_ORDER + 1, false) == NULL);
    CHECK_EQ(buddy_check(), 0);
}

TEST(buddy_count_tracks_each_call)
{
    table_setup(0x4000);
    buddy_free_range(1, 0x4000);
    uint64_t before = buddy_free_count();
    struct page_info *a = alloc_pages(5, false);
    CHECK_EQ(buddy_free_count(), before - 32);
    struct page_info *b = alloc_pages(0, true);
    CHECK_EQ(buddy_free_count(), before - 33);
    free_pages(a, 5);
    CHECK_EQ(buddy_free_count(), before - 1);
    free_pages(b, 0);
    CHECK_EQ(buddy_free_count(), before);
    CHECK_EQ(buddy_total_count(), 0x3fff);
    CHECK_EQ(frame_table[page_to_pfn(a)].count_info, PGC_free | PGC_head);
    CHECK_EQ(buddy_check(), 0);
}

TEST(buddy_split_then_merge_restores)
{
    uint64_t before[MAX_ORDER + 1], after[MAX_ORDER + 1];
    struct page_info *pgs[64];
    unsigned int ords[64];
    table_setup(BIG_PFNS);
    buddy_free_range(0x9, 0x9f);
    buddy_free_range(0x100, 0xbffff);
    buddy_free_range(0x100000, 0x13c000);
    order_histogram(before, NULL);
    uint64_t free0 = buddy_free_count();
    for (int i = 0; i < 64; i++) {
        ords[i] = (unsigned int)(i * 7) % 13;
        pgs[i] = alloc_pages(ords[i], i % 3 == 0);
        CHECK(pgs[i] != NULL);
    }
    CHECK_EQ(buddy_check(), 0);
    for (int i = 63; i >= 0; i -= 2) /* free in a scrambled order */
        free_pages(pgs[i], ords[i]);
    for (int i = 0; i < 64; i += 2)
        free_pages(pgs[i], ords[i]);
    order_histogram(after, before);
    CHECK_EQ(buddy_free_count(), free0);
    CHECK_EQ(buddy_check(), 0);
}

TEST(buddy_exhaustion_then_recovery)
{
    static const struct blk one[] = {{0x0, 8}};
    struct page_info *pgs[256];
    table_setup(0x100);
    buddy_free_range(0, 0x100);
    for (int i = 0; i < 256; i++)
        pgs[i] = alloc_pages(0, false);
    CHECK(pgs[0] && pgs[255]);
    CHECK(alloc_pages(0, false) == NULL);
    CHECK(alloc_pages(0, true) == NULL);
    CHECK_EQ(buddy_free_count(), 0);
    free_pages(pgs[77], 0);
    CHECK(alloc_pages(1, false) == NULL);
    CHECK(alloc_pages(0, false) == pgs[77]);
    for (int i = 0; i < 256; i++)
        free_pages(pgs[i], 0);
    check_blocks(one, 1);
    CHECK_EQ(buddy_free_count(), 0x100);
    CHECK_EQ(buddy_check(), 0);
}

/* xorshift64: fixed seed, so a failure replays exactly. */
static uint64_t rng_state;
static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

TEST(buddy_random_stress)
{
    enum { SLOTS = 512, OPS = 20000 };
    static struct page_info *pgs[SLOTS];
    static unsigned int ords[SLOTS];
    uint64_t before[MAX_ORDER + 1], after[MAX_ORDER + 1], held = 0;
    table_setup(BIG_PFNS);
    buddy_free_range(0x1, 0x9f);
    buddy_free_range(0x100, 0xdffe0);
    buddy_free_range(0x100000, 0x13ff00);
    order_histogram(before, NULL);
    uint64_t free0 = buddy_free_count();
    rng_state = 0x9e3779b97f4a7c15ULL;
    for (int op = 0; op < OPS; op++) {
        unsigned int s = (unsigned int)(rng() % SLOTS);
        if (pgs[s]) {
            free_pages(pgs[s], ords[s]);
            held -= 1ULL << ords[s];
            pgs[s] = NULL;
        } else {
            bool low = rng() % 4 == 0;
            ords[s] = (unsigned int)(rng() % 11);
            pgs[s] = alloc_pages(ords[s], low);
            CHECK(pgs[s] != NULL);
            if (pgs[s])
                held += 1ULL << ords[s];
            CHECK(!pgs[s] || !low || page_to_pfn(pgs[s]) < LOW_END);
        }
        CHECK_EQ(buddy_free_count(), free0 - held);
        if (op % 64 == 0)
            CHECK_EQ(buddy_check(), 0);
    }
    CHECK_EQ(buddy_check(), 0);
    for (int s = 0; s < SLOTS; s++)
        if (pgs[s])
            free_pages(pgs[s], ords[s]);
    CHECK_EQ(buddy_free_count(), free0);
    order_histogram(after, before);
    CHECK_EQ(buddy_check(), 0);
}

TEST(buddy_check_detects_corruption)
{
    table_setup(0x400);
    buddy_free_range(0, 0x400);
    struct page_info *pg = alloc_pages(0, false); /* splits the block */
    uint32_t head = frame_table[0x200].next;
    CHECK_EQ(buddy_check(), 0);
    frame_table[0x3ff].count_info &= ~PGC_free;
    CHECK_EQ(buddy_check(), -1);
    CHECK(strstr(unit_log, "buddy: frame 0x3ff in block 0x200") != NULL);
    frame_table[0x3ff].count_info |= PGC_free;
    frame_table[0x200].next = 0x200; /* a cycle */
    unit_log_clear();
    CHECK_EQ(buddy_check(), -1);
    CHECK(strstr(unit_log, "buddy:") != NULL);
    frame_table[0x200].next = head;
    frame_table[0x7].count_info |= PGC_head; /* stray head in a block */
    CHECK_EQ(buddy_check(), -1);
    frame_table[0x7].count_info &= ~PGC_head;
    pg->count_info = PGC_free; /* free but in no list */
    CHECK_EQ(buddy_check(), -1);
    pg->count_info = 0;
    CHECK_EQ(buddy_check(), 0);
}

/* Each case ends in one bad free, which must panic; pool of 256 frames. */
static void bad_free(int which)
{
    table_setup(0x100);
    buddy_free_range(0, which == 1 ? 0x80 : 0x100);
    struct page_info *pg = alloc_pages(2, false);
    switch (which) {
    case 0: /* double free */
        free_pages(pg, 2);
        free_pages(pg, 2);
        break;
    case 1: /* a reserved frame */
        free_pages(&frame_table[0x80], 0);
        break;
    case 2: /* a frame never allocated, still free */
        free_pages(pg + 4, 0);
        break;
    case 3: /* misaligned for its order */
        free_pages(pg + 1, 1);
        break;
    case 4:
        free_pages(pg, MAX_ORDER + 1);
        break;
    case 5: /* runs past the end of the table */
        free_pages(&frame_table[0xfe], 2);
        break;
    case 6: /* the same range handed over twice */
        buddy_free_range(0x18, 0x19);
        break;
    }
}

TEST(buddy_double_free_panics)
{
    expect_panic(0);
}

TEST(buddy_bad_frees_panic)
{
    for (int which = 1; which <= 6; which++)
        expect_panic(which);
}
