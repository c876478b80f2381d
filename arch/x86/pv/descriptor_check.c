/* SPDX-License-Identifier: BSD-2-Clause */
/* Which segment descriptors a 64-bit PV guest may put in its GDT or LDT. */
#include <basalt/errno.h>
#include <asm/desc.h>
#include <asm/pv_mm.h>

/* Bits of a descriptor's high dword (Xen's _SEGMENT_*). */
#define SEG_TYPE      (15U << 8)
#define SEG_S         (1U << 12) /* code or data, not a system descriptor */
#define SEG_DPL       (3U << 13)
#define SEG_P         (1U << 15)
#define SEG_CALL_GATE (12U << 8) /* 64-bit call gate */

/*
 * A call gate ignores its selector's RPL, so it may target only a guest
 * segment (GDT below the reserved page, or any LDT selector) or the flat
 * kernel code segment; never the hypervisor's own.
 */
static bool desc_gate_target_ok(unsigned int sel)
{
    return (sel >> 3) < GDT_RESERVED_FIRST || sel == GUEST_CS64 || (sel & 4);
}

/*
 * Xen's check_descriptor for a 64-bit PV domain. The guest kernel runs in
 * ring 3, so every code and data segment gets DPL 3 (a lower DPL is raised,
 * not refused: the guest cannot reach rings 0-2 through it). A call gate
 * gets DPL 0, so using one faults and the gate's original DPL is kept in
 * its selector's RPL; its target must be a guest code segment. Every other
 * system descriptor (LDT, TSS, interrupt and trap gates) is refused; a
 * present type-0 one is the harmless upper half of a call gate.
 */
bool pv_check_descriptor(uint64_t *desc)
{
    uint32_t a = (uint32_t)*desc, b = (uint32_t)(*desc >> 32);
    unsigned int dpl, sel;

    if (!(b & SEG_P))
        return true; /* loading it faults */
    dpl = (b & SEG_DPL) >> 13;
    if (dpl < 3)
        dpl = 3;
    b = (b & ~SEG_DPL) | (dpl << 13);
    if (!(b & SEG_S))
        goto system;
    *desc = (uint64_t)b << 32 | a;
    return true;

system:
    if ((b & SEG_TYPE) == 0)
        return true;
    if ((b & SEG_TYPE) != SEG_CALL_GATE)
        return false;
    sel = a >> 16;
    if (!desc_gate_target_ok(sel))
        return false;
    b &= ~SEG_DPL;
    sel = (sel & ~3U) | dpl;
    a = (a & 0xffff) | sel << 16;
    if (b & 0xff) /* reserved in a 64-bit gate */
        return false;
    *desc = (uint64_t)b << 32 | a;
    return true;
}

/* The frame is the hypervisor's mapping of a guest frame that is becoming
 * a descriptor page: as in Xen, its descriptors are fixed up in place. */
int pv_check_seg_desc_page(const uint64_t *descs)
{
    uint64_t *d = (uint64_t *)descs;

    for (unsigned int i = 0; i < PV_PT_ENTRIES; i++)
        if (!pv_check_descriptor(&d[i]))
            return -EINVAL;
    return 0;
}
