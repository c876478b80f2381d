/* SPDX-License-Identifier: BSD-2-Clause */
/* Ticket spinlocks: fair, FIFO, one cache line of state. */
#ifndef BASALT_SPINLOCK_H
#define BASALT_SPINLOCK_H

#include <basalt/types.h>

typedef struct {
    volatile uint16_t head;               /* ticket being served */
    volatile uint16_t tail;               /* next ticket to hand out */
} __attribute__((aligned(4))) spinlock_t; /* trylock CASes both at once */

#define SPINLOCK_INIT                                                          \
    {                                                                          \
        0, 0                                                                   \
    }

static inline void cpu_relax(void)
{
#if defined(__x86_64__)
    __asm__ volatile("pause" ::: "memory");
#endif
}

static inline void spin_lock(spinlock_t *l)
{
    uint16_t me = __atomic_fetch_add(&l->tail, 1, __ATOMIC_RELAXED);
    while (__atomic_load_n(&l->head, __ATOMIC_ACQUIRE) != me)
        cpu_relax();
}

static inline bool spin_trylock(spinlock_t *l)
{
    uint16_t head = __atomic_load_n(&l->head, __ATOMIC_RELAXED);
    uint32_t old = ((uint32_t)head << 16) | head; /* free: head == tail */
    uint32_t new = ((uint32_t)(uint16_t)(head + 1) << 16) | head;
    return __atomic_compare_exchange_n((uint32_t *)l, &old, new, false,
                                       __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

static inline void spin_unlock(spinlock_t *l)
{
    __atomic_store_n(&l->head, (uint16_t)(l->head + 1), __ATOMIC_RELEASE);
}

static inline bool spin_is_locked(spinlock_t *l)
{
    return l->head != l->tail;
}

#endif
