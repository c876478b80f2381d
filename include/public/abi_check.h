/* SPDX-License-Identifier: BSD-2-Clause */
/* Compile-time layout checks for the public headers: every shared
 * structure states its Xen size and key offsets, so a wrong field breaks
 * the build, not a guest. */
#ifndef BASALT_PUBLIC_ABI_CHECK_H
#define BASALT_PUBLIC_ABI_CHECK_H

#define XEN_ABI_SIZE(type, size)                                               \
    _Static_assert(sizeof(type) == (size), "Xen ABI size: " #type)
#define XEN_ABI_OFFSET(type, field, off)                                       \
    _Static_assert(__builtin_offsetof(type, field) == (off),                   \
                   "Xen ABI offset: " #type "." #field)

#endif
