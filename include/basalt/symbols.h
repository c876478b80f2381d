/* SPDX-License-Identifier: BSD-2-Clause */
/* The hypervisor's own text symbols, for naming addresses in panics. */
#ifndef BASALT_SYMBOLS_H
#define BASALT_SYMBOLS_H

struct symbol {
    unsigned long addr;
    const char *name;
};

extern const struct symbol symbols_table[];
extern const unsigned int symbols_count;

/* The function containing 'addr' and the offset into it, or NULL. */
const char *symbol_lookup(unsigned long addr, unsigned long *offset);

#endif
