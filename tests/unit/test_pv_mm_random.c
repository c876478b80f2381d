/* SPDX-License-Identifier: BSD-2-Clause */
/* Randomized test of the PV page-table rules: after every operation the
 * counts in page_info must equal those recomputed from the tables. */
#include "harness.h"
#include "pv_mm_fake.h"

#define POOL 24 /* domain 1's frames the random guest plays with */

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static unsigned int rnd(unsigned int n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned int)(rng % n);
}

static uint64_t rnd_entry(void)
{
    static const uint64_t flags[] = {
        P | RW | US | A, P | US, P | RW,  P | US | NX, P | RW | D | A,
        P | RW | US,     P | G,  P | PSE, P | PWT,     RW,
    };
    uint64_t pfn = rnd(8) ? rnd(POOL) : rnd(NFRAMES + 8);

    if (!rnd(3))
        return 0;
    return PTE(pfn, flags[rnd(ARRAY_SIZE(flags))]);
}

static unsigned int rnd_idx(void)
{
    static const unsigned int idx[] = {0, 1, 2, 3, 4, 511};

    return rnd(40) ? idx[rnd(ARRAY_SIZE(idx))] : HYPERVISOR_L4_FIRST + rnd(2);
}

/* Page-table level of a frame's type, 0 for other types. */
static unsigned int pv_level(uint64_t f)
{
    uint64_t t = ft[f].type_info & PGT_type_mask;

    return t >= PGT_l1_page_table && t <= PGT_l4_page_table
               ? (unsigned int)(t >> 60)
               : 0;
}

/* Expected counts from the contents of every validated table. */
static void recompute(uint64_t gen[NFRAMES], uint64_t typ[NFRAMES], int *bad)
{
    for (uint64_t f = 0; f < NFRAMES; f++) {
        bool pinned = ft[f].type_info & PGT_pinned;

        gen[f] = !!(ft[f].count_info & PGC_allocated) + pinned;
        typ[f] = pinned;
    }
    for (uint64_t t = 0; t < NFRAMES; t++) {
        uint64_t x = ft[t].type_info;
        unsigned int level = pv_level(t);

        if (!(x & PGT_count_mask) || !level)
            continue;
        *bad += !(x & PGT_validated);
        for (unsigned int i = 0; i < PV_PT_ENTRIES; i++) {
            uint64_t e = mem[t][i], tp = e >> PAGE_SHIFT & 0xffffffffffULL;
            uint64_t want =
                level > 1 ? (uint64_t)(level - 1) << 60 : PGT_writable_page;

            if (level == 4 && i >= HYPERVISOR_L4_FIRST &&
                i <= HYPERVISOR_L4_LAST) {
                *bad += e != pv_mm_ops.hv_l4_entries[i - HYPERVISOR_L4_FIRST];
                continue;
            }
            if (!(e & P))
                continue;
            if (tp >= NFRAMES || ft[tp].owner != ft[t].owner) {
                (*bad)++;
                continue;
            }
            gen[tp]++;
            if (level == 1 && !(e & RW))
                continue;
            typ[tp]++;
            /* The safety property itself: writable means not a table. */
            *bad += (ft[tp].type_info & (PGT_type_mask | PGT_validated)) !=
                    (want | PGT_validated);
        }
    }
}

static bool invariant_holds(unsigned int step)
{
    uint64_t gen[NFRAMES], typ[NFRAMES];
    int bad = 0;

    recompute(gen, typ, &bad);
    for (uint64_t f = 0; f < NFRAMES; f++) {
        if (gen[f] == gen_count(f) && typ[f] == type_count(f))
            continue;
        fprintf(stderr,
                "    step %u: frame %llu counts %llu/%llu, want "
                "%llu/%llu\n",
                step, (unsigned long long)f, (unsigned long long)gen_count(f),
                (unsigned long long)type_count(f), (unsigned long long)gen[f],
                (unsigned long long)typ[f]);
        bad++;
    }
    return bad == 0;
}

static struct page_info ft_before[NFRAMES];
static uint64_t mem_before[NFRAMES][PV_PT_ENTRIES];

/* A failed operation leaves counts and memory as they were (a subtree that
 * was validated and dropped again may keep its new type, at count 0). */
static bool unchanged(void)
{
    for (uint64_t f = 0; f < NFRAMES; f++) {
        uint64_t keep = PGT_count_mask | PGT_pinned;

        if (type_count(f))
            keep = ~0ULL;
        if (ft[f].count_info != ft_before[f].count_info ||
            (ft[f].type_info & keep) != (ft_before[f].type_info & keep))
            return false;
    }
    /* ... and a validated subtree keeps the _PAGE_USER it was given. */
    for (uint64_t f = 0; f < NFRAMES; f++)
        for (unsigned int i = 0; i < PV_PT_ENTRIES; i++)
            if ((mem[f][i] ^ mem_before[f][i]) & ~(uint64_t)_PAGE_USER)
                return false;
    return true;
}

/* Mostly a table in use (updates to anything else just fail). */
static uint64_t rnd_table(void)
{
    uint64_t live[POOL];
    unsigned int n = 0;

    for (uint64_t f = 0; f < POOL; f++)
        if (type_count(f) && pv_level(f))
            live[n++] = f;
    return n && rnd(4) ? live[rnd(n)] : rnd(POOL);
}

/* One random guest action; returns which kind (0 write, 1 mod, 2 pin,
 * 3 unpin) and its result in *rc. Arguments are drawn one statement at a
 * time so every compiler replays the same walk. */
static unsigned int random_op(int *rc)
{
    unsigned int kind = rnd(10), idx = rnd_idx();
    domid_t d = rnd(16) ? DOM1 : DOM2;
    uint64_t f = kind >= 3 && kind < 6 ? rnd_table() : rnd(POOL);
    uint64_t val = rnd_entry();
    unsigned int arg = rnd(6);

    *rc = 0;
    if (kind < 3) {
        /* The guest writes only frames that are not page tables in use. */
        if (!type_count(f) || !pv_level(f))
            mem[f][idx] = val;
        return 0;
    }
    if (kind < 6) {
        *rc = pv_mod_entry(d, &ft[f], idx, val, arg & 1);
        return 1;
    }
    if (kind < 8) {
        *rc = pv_pin_table(d, &ft[f], arg);
        return 2;
    }
    *rc = pv_unpin_table(d, &ft[f]);
    return 3;
}

TEST(random_ops_keep_counts_exact)
{
    unsigned int ok[4] = {0}, failed[4] = {0}, live[5] = {0};

    fake_reset();
    for (unsigned int step = 0; step < 20000; step++) {
        int rc;
        unsigned int kind;

        memcpy(ft_before, ft, sizeof(ft));
        memcpy(mem_before, mem, sizeof(mem));
        kind = random_op(&rc);
        if (rc) {
            failed[kind]++;
            CHECK(unchanged());
        } else {
            ok[kind]++;
        }
        for (uint64_t f = 0; f < NFRAMES; f++)
            if (type_count(f) && pv_level(f))
                live[pv_level(f)]++;
        if (!invariant_holds(step)) {
            CHECK(0);
            break;
        }
    }
    printf("    mod %u/%u, pin %u/%u, unpin %u/%u (ok/failed); live tables "
           "L1-L4 %u %u %u %u (frame-steps)\n",
           ok[1], failed[1], ok[2], failed[2], ok[3], failed[3], live[1],
           live[2], live[3], live[4]);
    /* The walk must exercise both outcomes of each operation. */
    for (unsigned int k = 1; k < 4; k++)
        CHECK(ok[k] > 50 && failed[k] > 50);
    for (unsigned int level = 1; level <= 4; level++)
        CHECK(live[level] > 100);
    /* Unpinning everything leaves no validated table and no extra count. */
    for (uint64_t f = 0; f < NFRAMES; f++)
        if (ft[f].type_info & PGT_pinned)
            CHECK_EQ(pv_unpin_table(ft[f].owner, &ft[f]), 0);
    check_start();
    CHECK_EQ(free_calls, 0);
}
