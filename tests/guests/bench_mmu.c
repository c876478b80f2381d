/* SPDX-License-Identifier: BSD-2-Clause */
/* PV page-table benchmarks: mmu_update of one PTE and of a 512-entry batch,
 * update_va_mapping with INVLPG, MMUEXT_TLB_FLUSH_LOCAL (median cycles). */
#include "hypercall.h"
#include "lib.h"
#include "bench.h"
#include "mmu_util.h"

/* mmu benchmarks (needs "mmu_util.h"): scratch page 0 of the boot stack's
 * padding flips between its own frame and a spare one, so every call
 * really changes a PTE (references taken and dropped); the batch maps
 * 512 of our frames read-only into a private pinned L1, next call unmaps. */
#define BENCH_BATCH_VA 0xffffffffa0000000UL /* L2 slot 256: unused */
static struct mmu_update bench_req, bench_map[512], bench_unmap[512];
static unsigned long bench_va, bench_val[2];
static unsigned int bench_flip, bench_batch_flip;

static int bench_mmu_setup(void)
{
    unsigned long l1 = mmuu_spare_mfn(0);
    struct mmu_update hook = {mmuu_entry_maddr(BENCH_BATCH_VA, 2),
                              l1 << 12 | MMUU_TABLE};
    struct mmuext_op pin = {.cmd = MMUEXT_PIN_L1_TABLE};

    bench_va = (unsigned long)mmuu_scratch(0);
    bench_val[0] = mmuu_entry(bench_va, 1);
    bench_val[1] = mmuu_spare_mfn(1) << 12 | MMUU_DATA;
    bench_req.ptr = mmuu_entry_maddr(bench_va, 1);
    /* A zeroed frame, no longer mapped writable, becomes the L1. */
    HYPERVISOR_update_va_mapping(bench_va, l1 << 12 | MMUU_DATA, UVMF_INVLPG);
    memset((void *)bench_va, 0, 4096);
    HYPERVISOR_update_va_mapping(bench_va, bench_val[0], UVMF_INVLPG);
    pin.arg1.mfn = l1;
    for (unsigned int i = 0; i < 512; i++) {
        bench_map[i] = (struct mmu_update){(l1 << 12) + i * 8,
                                           mmuu_mfn(i) << 12 | MMUU_RO};
        bench_unmap[i] = (struct mmu_update){(l1 << 12) + i * 8, 0};
    }
    return HYPERVISOR_mmuext_op(&pin, 1, NULL, DOMID_SELF) ||
           HYPERVISOR_mmu_update(&hook, 1, NULL, DOMID_SELF);
}

static void bench_mmu_update_one(void)
{
    bench_req.val = bench_val[bench_flip ^= 1];
    HYPERVISOR_mmu_update(&bench_req, 1, NULL, DOMID_SELF);
}

/* Divide by 512 for the per-entry figure. */
static void bench_mmu_update_batch(void)
{
    HYPERVISOR_mmu_update((bench_batch_flip ^= 1) ? bench_map : bench_unmap,
                          512, NULL, DOMID_SELF);
}

static void bench_update_va_mapping_invlpg(void)
{
    HYPERVISOR_update_va_mapping(bench_va, bench_val[bench_flip ^= 1],
                                 UVMF_INVLPG);
}

static void bench_tlb_flush_local(void)
{
    static const struct mmuext_op op = {.cmd = MMUEXT_TLB_FLUSH_LOCAL};

    HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}
int guest_main(struct start_info *si)
{
    (void)si;
    unsigned long empty = bench_empty();
    if (bench_mmu_setup())
        return 1;
    printf("bench: mmu_update 1 PTE %lu cycles\n",
           bench(bench_mmu_update_one) - empty);
    printf("bench: mmu_update 512 batch, per entry %lu cycles\n",
           (bench(bench_mmu_update_batch) - empty) / 512);
    printf("bench: update_va_mapping+INVLPG %lu cycles\n",
           bench(bench_update_va_mapping_invlpg) - empty);
    printf("bench: MMUEXT_TLB_FLUSH_LOCAL %lu cycles\n",
           bench(bench_tlb_flush_local) - empty);
    HYPERVISOR_update_va_mapping(bench_va, bench_val[0], UVMF_INVLPG);
    return 0;
}
