/* SPDX-License-Identifier: BSD-2-Clause */
/* Benchmark harness for bench_* kernels: median TSC cycles of an op. */
#ifndef GUEST_BENCH_H
#define GUEST_BENCH_H

#define BENCH_RUNS   1000
#define BENCH_WARMUP 100

static unsigned long bench_samples[BENCH_RUNS];

static inline unsigned long rdtsc_ordered(void)
{
    unsigned int lo, hi;
    __asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi)::"memory");
    return (unsigned long)hi << 32 | lo;
}

static inline unsigned long bench_median(unsigned long *a, int n)
{
    for (int i = 1; i < n; i++) /* insertion sort: n is small */
        for (int j = i; j && a[j - 1] > a[j]; j--) {
            unsigned long t = a[j];
            a[j] = a[j - 1];
            a[j - 1] = t;
        }
    return a[n / 2];
}

/* Median cycles of one call of fn after a warm-up; callers subtract the
 * cost of an empty op (bench_empty) themselves. */
static inline unsigned long bench(void (*fn)(void))
{
    for (int i = 0; i < BENCH_WARMUP; i++)
        fn();
    for (int i = 0; i < BENCH_RUNS; i++) {
        unsigned long t0 = rdtsc_ordered();
        fn();
        bench_samples[i] = rdtsc_ordered() - t0;
    }
    return bench_median(bench_samples, BENCH_RUNS);
}

static void bench_op_empty(void)
{
}

static inline unsigned long bench_empty(void)
{
    return bench(bench_op_empty);
}

#endif
