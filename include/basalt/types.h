/* SPDX-License-Identifier: BSD-2-Clause */
/* Fixed-width types from compiler builtins: the same header serves the
 * freestanding hypervisor and the host unit tests. */
#ifndef BASALT_TYPES_H
#define BASALT_TYPES_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

typedef uint64_t paddr_t;
typedef uint64_t mfn_t;
typedef int64_t s_time_t; /* nanoseconds of system time (signed, as Xen) */

#define ARRAY_SIZE(a)    (sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a)   (((x) + ((a)-1)) & ~((typeof(x))(a)-1))
#define ALIGN_DOWN(x, a) ((x) & ~((typeof(x))(a)-1))
#define MIN(a, b)        ((a) < (b) ? (a) : (b))
#define MAX(a, b)        ((a) > (b) ? (a) : (b))
#define BUILD_BUG_ON(c)  _Static_assert(!(c), #c)

#define KiB(x) ((uint64_t)(x) << 10)
#define MiB(x) ((uint64_t)(x) << 20)
#define GiB(x) ((uint64_t)(x) << 30)

#define __packed     __attribute__((packed))
#define __aligned(x) __attribute__((aligned(x)))
#define __noreturn   __attribute__((noreturn))
#define __unused     __attribute__((unused))
#define __section(s) __attribute__((section(s)))
#define __used       __attribute__((used))
#define likely(x)    __builtin_expect(!!(x), 1)
#define unlikely(x)  __builtin_expect(!!(x), 0)

#endif
