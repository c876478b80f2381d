/* SPDX-License-Identifier: BSD-2-Clause */
/* PV benchmark kernel: the cost of a null hypercall (xen_version) round
 * trip from the guest's call to its return, median of 1,000 runs after a
 * warm-up, in TSC cycles (guest instructions under QEMU -icount). */
#include "hypercall.h"
#include "lib.h"

#define RUNS   1000
#define WARMUP 100

static unsigned long samples[RUNS];

static inline unsigned long rdtsc_ordered(void)
{
    unsigned int lo, hi;
    __asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi)::"memory");
    return (unsigned long)hi << 32 | lo;
}

static unsigned long median(unsigned long *a, int n)
{
    for (int i = 1; i < n; i++) /* insertion sort: n is small */
        for (int j = i; j && a[j - 1] > a[j]; j--) {
            unsigned long t = a[j];
            a[j] = a[j - 1];
            a[j - 1] = t;
        }
    return a[n / 2];
}

/* Median cycles of one call of fn, minus nothing: callers subtract the
 * empty measurement themselves. */
static unsigned long bench(void (*fn)(void))
{
    for (int i = 0; i < WARMUP; i++)
        fn();
    for (int i = 0; i < RUNS; i++) {
        unsigned long t0 = rdtsc_ordered();
        fn();
        samples[i] = rdtsc_ordered() - t0;
    }
    return median(samples, RUNS);
}

static void op_empty(void)
{
}

static void op_null_hypercall(void)
{
    HYPERVISOR_xen_version(XENVER_version, NULL);
}

int guest_main(struct start_info *si)
{
    (void)si;
    unsigned long empty = bench(op_empty);
    unsigned long null = bench(op_null_hypercall);
    printf("bench: null hypercall (xen_version) %lu cycles\n", null - empty);
    return 0;
}
