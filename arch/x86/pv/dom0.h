/* SPDX-License-Identifier: BSD-2-Clause */
/* Private to the dom0 builder: the bootstrap region's layout. */
#ifndef PV_DOM0_H
#define PV_DOM0_H

#include <basalt/domain.h>

/* Guest-virtual addresses of the start-of-day elements (public/xen.h):
 * kernel, initrd, frame list, start_info, page tables, stack, padding. */
struct dom0_layout {
    uint64_t v_start, v_end; /* the whole bootstrap region */
    uint64_t kern_start, kern_end;
    uint64_t initrd_start, initrd_len; /* mod_start, mod_len; 0: none */
    uint64_t p2m_start;                /* mfn_list */
    uint64_t si_start;                 /* start_info */
    uint64_t pt_start, nr_pt_frames;
    uint64_t stack_start, stack_end;
};

/* Machine address behind guest-virtual 'va' in the bootstrap region. */
static inline uint64_t dom0_va_to_maddr(const struct domain *d,
                                        const struct dom0_layout *l,
                                        uint64_t va)
{
    return (d->p2m[(va - l->v_start) >> 12] << 12) | (va & 0xfff);
}

/* Count and build the bootstrap page tables (dom0_pagetables.c). */
uint64_t dom0_pt_frames_needed(uint64_t v_start, uint64_t v_end);
/* Write them into the frames at [pt_start, ...), mapping the region 1:1
 * onto the domain's first frames, page tables read-only. Returns the L4's
 * machine frame. */
uint64_t dom0_build_page_tables(struct domain *d, const struct dom0_layout *l);

#endif
