/* SPDX-License-Identifier: BSD-2-Clause */
/* memory_op sub-ops that are x86's: the pseudo-physical and machine memory
 * maps, and the machine-to-phys table's frames and location. */
#include <basalt/lib.h>
#include <basalt/bootinfo.h>
#include <basalt/domain.h>
#include <basalt/errno.h>
#include <basalt/mm.h>
#include <asm/config.h>
#include <asm/guest_access.h>
#include <asm/page.h>
#include <asm/paging.h>
#include <public/memory.h>

#define M2P_CHUNK_SHIFT 21 /* the table is built from 2 MiB frames */

/* A PV domain has a pseudo-physical map only when a toolstack set one
 * (set_memory_map, not there yet); without, Xen answers -ENOSYS and
 * guests assume one RAM range of nr_pages. */
static long memory_map(uint64_t arg)
{
    struct xen_memory_map map;

    if (copy_from_guest(&map, arg, sizeof(map)))
        return -EFAULT;
    return -ENOSYS;
}

/*
 * The firmware's map as the boot loader gave it (sorted and merged) for
 * the privileged domain. A NULL buffer asks only for the count. Xen wants
 * room for one entry more than its map (it may add a reserved range for
 * I/O memory dom0 is denied; Basalt has no I/O-memory permissions yet).
 */
static long memory_machine_map(uint64_t arg)
{
    struct xen_memory_map map;
    unsigned int n = boot_info.nr_memmap;
    uint64_t buf;

    if (!current_domain->privileged)
        return -EPERM;
    if (copy_from_guest(&map, arg, sizeof(map)))
        return -EFAULT;
    buf = (uint64_t)map.buffer.p;
    if (buf && map.nr_entries < n + 1)
        return -EINVAL;
    if (buf && !guest_range_ok(buf, 1))
        return -EFAULT;
    for (unsigned int i = 0; buf && i < n; i++) {
        const struct mem_range *r = &boot_info.memmap[i];
        struct xen_e820_entry e = {r->base, r->len, r->type};

        if (copy_to_guest(buf + i * sizeof(e), &e, sizeof(e)))
            return -EFAULT;
    }
    map.nr_entries = n;
    return copy_to_guest(arg, &map, sizeof(map)) ? -EFAULT : 0;
}

/* The frame behind a hypervisor address mapped by a 1 GiB, 2 MiB or 4 KiB
 * leaf of the idle page table; 0 if not mapped. */
static uint64_t memory_idle_mfn(uint64_t va)
{
    pte_t e = idle_l4[l4_index(va)];
    unsigned int shift = 39;

    while ((e & _PAGE_PRESENT) && shift > 12) {
        if (shift < 39 && (e & _PAGE_PSE))
            break;
        shift -= 9;
        e = ((const pte_t *)__va(e & PADDR_MASK))[(va >> shift) & 511];
    }
    if (!(e & _PAGE_PRESENT))
        return 0;
    /* A large leaf's bit 12 is its PAT bit, not an address bit. */
    return ((e & PADDR_MASK & ~((1ULL << shift) - 1)) |
            (va & ((1ULL << shift) - 1))) >>
           PAGE_SHIFT;
}

/* The first frame of each 2 MiB chunk of the M2P, up to max_extents. */
static long memory_machphys_mfn_list(uint64_t arg)
{
    struct xen_machphys_mfn_list l;
    uint64_t end = MACH2PHYS_VIRT_START + max_pfn * sizeof(uint64_t);
    uint64_t va = MACH2PHYS_VIRT_START, mfn;
    unsigned int i;

    if (copy_from_guest(&l, arg, sizeof(l)))
        return -EFAULT;
    for (i = 0; i != l.max_extents && va < end;
         i++, va += 1ULL << M2P_CHUNK_SHIFT) {
        mfn = memory_idle_mfn(va);
        if (copy_to_guest((uint64_t)l.extent_start.p + i * 8ULL, &mfn, 8))
            return -EFAULT;
    }
    l.nr_extents = i;
    return copy_to_guest(arg, &l, sizeof(l)) ? -EFAULT : 0;
}

/* Where the M2P is; the hardware domain learns the frames it covers. */
static long memory_machphys_mapping(uint64_t arg)
{
    struct xen_machphys_mapping m = {
        .v_start = MACH2PHYS_VIRT_START,
        .v_end = MACH2PHYS_VIRT_END,
        .max_mfn = ((MACH2PHYS_VIRT_END - MACH2PHYS_VIRT_START) >> 3) - 1,
    };

    if (current_domain->privileged)
        m.max_mfn = max_pfn - 1;
    return copy_to_guest(arg, &m, sizeof(m)) ? -EFAULT : 0;
}

/* add_to_physmap / remove_from_physmap place frames in a translated
 * guest's physmap; a PV guest has none (Xen: -EACCES once the arguments
 * and the domain are found good). */
static long memory_physmap(unsigned int op, uint64_t start, uint64_t arg)
{
    struct xen_add_to_physmap xatp;
    struct xen_remove_from_physmap xrfp;
    uint16_t domid;

    if (op == XENMEM_add_to_physmap) {
        if (start != (uint16_t)start)
            return -EDOM; /* more than xatp.size can resume */
        if (copy_from_guest(&xatp, arg, sizeof(xatp)))
            return -EFAULT;
        if (xatp.space == XENMAPSPACE_gmfn_foreign)
            return -ENOSYS; /* only through add_to_physmap_batch */
        domid = xatp.domid;
    } else {
        if (start)
            return -EINVAL;
        if (copy_from_guest(&xrfp, arg, sizeof(xrfp)))
            return -EFAULT;
        domid = xrfp.domid;
    }
    return domain_by_id(domid) ? -EACCES : -ESRCH;
}

long arch_memory_op(uint64_t cmd, uint64_t arg)
{
    unsigned int op = cmd & MEMOP_CMD_MASK;

    switch (op) {
    case XENMEM_add_to_physmap:
    case XENMEM_remove_from_physmap:
        return memory_physmap(op, cmd >> MEMOP_EXTENT_SHIFT, arg);
    case XENMEM_memory_map:
        return memory_map(arg);
    case XENMEM_machine_memory_map:
        return memory_machine_map(arg);
    case XENMEM_machphys_mfn_list:
        return memory_machphys_mfn_list(arg);
    case XENMEM_machphys_mapping:
        return memory_machphys_mapping(arg);
    default:
        return -ENOSYS;
    }
}
