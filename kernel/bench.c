/* SPDX-License-Identifier: BSD-2-Clause */
/* Micro-benchmarks of the foundation's hot paths (command line `bench`):
 * median TSC cycles per operation over 1,000 runs after a warm-up. Under
 * QEMU -icount shift=0 the TSC counts instructions, so results repeat. */
#include <basalt/lib.h>
#include <basalt/mm.h>
#include <basalt/setup.h>
#include <basalt/spinlock.h>
#include <basalt/time.h>
#include <asm/config.h>
#include <asm/msr.h>
#include <asm/percpu.h>
#include <asm/processor.h>
#include <asm/smp.h>

#define BENCH_RUNS   1000
#define BENCH_WARMUP 100

static uint64_t samples[BENCH_RUNS];

static void sort_u64(uint64_t *a, unsigned int n)
{
    for (unsigned int i = 1; i < n; i++) /* insertion sort: n is small */
        for (unsigned int j = i; j && a[j - 1] > a[j]; j--) {
            uint64_t t = a[j];
            a[j] = a[j - 1];
            a[j - 1] = t;
        }
}

/* Time one call of op(arg) BENCH_RUNS times; the TSC reads themselves
 * are subtracted using an empty measurement. */
static uint64_t bench_median(void (*op)(void *), void *arg)
{
    for (unsigned int i = 0; i < BENCH_WARMUP; i++)
        op(arg);
    for (unsigned int i = 0; i < BENCH_RUNS; i++) {
        uint64_t t0 = rdtsc();
        op(arg);
        samples[i] = rdtsc() - t0;
    }
    sort_u64(samples, BENCH_RUNS);
    return samples[BENCH_RUNS / 2];
}

static void op_nothing(void *arg)
{
    (void)arg;
}

static void op_now(void *arg)
{
    *(volatile s_time_t *)arg = NOW();
}

static void op_spinlock(void *arg)
{
    spin_lock(arg);
    spin_unlock(arg);
}

static void op_alloc_free(void *arg)
{
    (void)arg;
    free_pages(alloc_pages(0, false), 0);
}

static void op_noop_fn(void *arg)
{
    (void)arg;
}

static void op_ipi(void *arg)
{
    smp_call_function(*(unsigned int *)arg, op_noop_fn, NULL);
}

static void op_tlb_flush(void *arg)
{
    flush_tlb_mask(*(uint64_t *)arg, NULL);
}

static void bench_report(const char *name, uint64_t cycles, uint64_t base)
{
    printk("bench: %-28s %6llu cycles\n", name,
           (unsigned long long)(cycles > base ? cycles - base : 0));
}

void bench_run(void)
{
    static spinlock_t lock = SPINLOCK_INIT;
    volatile s_time_t t;
    unsigned int other = 1;
    uint64_t all = 0;
    for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
        if (per_cpu(cpu)->online)
            all |= 1ULL << cpu;
    uint64_t base = bench_median(op_nothing, NULL);
    printk("bench: median of %u runs, TSC cycles per operation\n", BENCH_RUNS);
    bench_report("NOW()", bench_median(op_now, (void *)&t), base);
    bench_report("spin_lock+unlock", bench_median(op_spinlock, &lock), base);
    bench_report("alloc_pages+free_pages(0)", bench_median(op_alloc_free, NULL),
                 base);
    bench_report("local TLB flush (1 CPU)",
                 bench_median(op_tlb_flush, &(uint64_t){1}), base);
    if (nr_cpus_online > 1) {
        bench_report("IPI call round trip", bench_median(op_ipi, &other), base);
        bench_report("TLB shootdown (all CPUs)",
                     bench_median(op_tlb_flush, &all), base);
    }
    printk("bench: done\n");
}
