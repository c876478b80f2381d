/* SPDX-License-Identifier: BSD-2-Clause */
/* Time for dom0: the pvclock of vCPU 0 and shared_info's wall clock. */
#include "os_priv.h"

static inline uint64_t os_rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi)::"memory");
    return (uint64_t)hi << 32 | lo;
}

/* Xen's formula with a 128-bit product, retried until the version is
 * even and unchanged (the hypervisor updates it under an odd version). */
uint64_t os_now_ns(void)
{
    const volatile struct vcpu_time_info *t = &os_vcpu->time;
    uint32_t v;
    uint64_t ns;
    do {
        v = t->version;
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        uint64_t d = os_rdtsc() - t->tsc_timestamp;
        int shift = t->tsc_shift;
        d = shift < 0 ? d >> -shift : d << shift;
        ns = t->system_time +
             (uint64_t)(((unsigned __int128)d * t->tsc_to_system_mul) >> 32);
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
    } while ((v & 1) || v != t->version);
    return ns;
}

/* The wall clock at system time 0 plus the time since. */
void os_wallclock(uint64_t *sec, uint32_t *nsec)
{
    uint32_t v, wsec, wnsec, whi;
    do {
        v = os_shared->wc_version;
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        wsec = os_shared->wc_sec;
        wnsec = os_shared->wc_nsec;
        whi = os_shared->wc_sec_hi;
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
    } while ((v & 1) || v != os_shared->wc_version);
    uint64_t ns = (uint64_t)wnsec + os_now_ns();
    *sec = ((uint64_t)whi << 32 | wsec) + ns / 1000000000u;
    *nsec = ns % 1000000000u;
}
