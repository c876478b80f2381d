/* SPDX-License-Identifier: BSD-2-Clause */
/* Address to function name, by binary search in the generated table. */
#include <basalt/symbols.h>
#include <basalt/types.h>

extern char _etext[];

const char *symbol_lookup(unsigned long addr, unsigned long *offset)
{
    unsigned int lo = 0, hi = symbols_count;
    if (!hi || addr < symbols_table[0].addr || addr >= (unsigned long)_etext)
        return NULL;
    while (hi - lo > 1) { /* invariant: table[lo].addr <= addr */
        unsigned int mid = lo + (hi - lo) / 2;
        if (symbols_table[mid].addr <= addr)
            lo = mid;
        else
            hi = mid;
    }
    *offset = addr - symbols_table[lo].addr;
    return symbols_table[lo].name;
}
