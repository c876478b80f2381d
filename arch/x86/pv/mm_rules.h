/* SPDX-License-Identifier: BSD-2-Clause */
/* Between the PV type rules (mm_rules.c) and table validation (mm_validate.c).
 */
#ifndef PV_MM_RULES_H
#define PV_MM_RULES_H

#include <asm/pv_mm.h>

/* The page-table level of a type: PGT_ln_page_table is n << 60. */
static inline unsigned int pv_type_level(uint64_t type)
{
    return (unsigned int)((type & PGT_type_mask) >> 60);
}

static inline bool pv_type_is_pt(uint64_t type)
{
    unsigned int level = pv_type_level(type);

    return level >= 1 && level <= 4;
}

/* Take the references of every entry of a frame that has just been given
 * page-table type 'type' (count 1, not yet validated). On failure nothing is
 * left held. L4s get the hypervisor slots written on success. */
int pv_validate_table(struct page_info *pg, uint64_t type);
/* Drop the references a validated table's entries hold. */
void pv_devalidate_table(struct page_info *pg, uint64_t type);
/* pg points at an entry of the frame table. */
bool pv_page_in_table(const struct page_info *pg);

#endif
