/* SPDX-License-Identifier: BSD-2-Clause */
/* Checking one entry of a parsed memory map (the test's struct boot_info
 * is called 'bi'). */
#ifndef UNIT_MEMMAP_CHECK_H
#define UNIT_MEMMAP_CHECK_H

#include "harness.h"

#define CHECK_RANGE(i, b, l, t)                                                \
    do {                                                                       \
        CHECK_EQ(bi.memmap[i].base, b);                                        \
        CHECK_EQ(bi.memmap[i].len, l);                                         \
        CHECK_EQ(bi.memmap[i].type, t);                                        \
    } while (0)

#endif
