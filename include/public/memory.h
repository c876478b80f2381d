/* SPDX-License-Identifier: BSD-2-Clause */
/* Memory reservation and memory maps in the Xen PV ABI, written for
 * Basalt: the HYPERVISOR_memory_op commands and their arguments. */
#ifndef BASALT_PUBLIC_MEMORY_H
#define BASALT_PUBLIC_MEMORY_H

#include "xen.h"

/* HYPERVISOR_memory_op(cmd, arg): cmd is one of these. */
#define XENMEM_increase_reservation 0
#define XENMEM_decrease_reservation 1
#define XENMEM_maximum_ram_page     2 /* arg unused; returns max MFN */
#define XENMEM_current_reservation  3 /* arg: domid_t; returns pages */
#define XENMEM_maximum_reservation  4 /* arg: domid_t; returns pages */
#define XENMEM_machphys_mfn_list    5
#define XENMEM_populate_physmap     6
#define XENMEM_add_to_physmap       7
/* 8 was translate_gpfn_list, removed. */
#define XENMEM_memory_map                 9
#define XENMEM_machine_memory_map         10
#define XENMEM_exchange                   11
#define XENMEM_machphys_mapping           12
#define XENMEM_set_memory_map             13
#define XENMEM_maximum_gpfn               14 /* arg: domid_t */
#define XENMEM_remove_from_physmap        15
#define XENMEM_set_pod_target             16
#define XENMEM_get_pod_target             17
#define XENMEM_get_sharing_freed_pages    18
#define XENMEM_get_sharing_shared_pages   19
#define XENMEM_paging_op                  20
#define XENMEM_access_op                  21
#define XENMEM_sharing_op                 22
#define XENMEM_add_to_physmap_batch       23
#define XENMEM_claim_pages                24
#define XENMEM_machphys_compat_mfn_list   25
#define XENMEM_get_vnumainfo              26
#define XENMEM_reserved_device_memory_map 27
#define XENMEM_acquire_resource           28

/* Reservation ops resume a preempted batch at the extent in cmd's bits
 * above MEMOP_EXTENT_SHIFT. */
#define MEMOP_EXTENT_SHIFT 6
#define MEMOP_CMD_MASK     ((1 << MEMOP_EXTENT_SHIFT) - 1)

/* xen_memory_reservation.mem_flags */
#define XENMEMF_address_bits(x)     (x)
#define XENMEMF_get_address_bits(x) ((x)&0xffu)
#define XENMEMF_node(x)             (((x) + 1) << 8)
#define XENMEMF_get_node(x)         ((((x) >> 8) - 1) & 0xffu)
#define XENMEMF_populate_on_demand  (1 << 16)
#define XENMEMF_exact_node_request  (1 << 17)
#define XENMEMF_exact_node(n)       (XENMEMF_node(n) | XENMEMF_exact_node_request)
#define XENMEMF_vnode               (1 << 18)

/* xen_add_to_physmap.space */
#define XENMAPSPACE_shared_info  0
#define XENMAPSPACE_grant_table  1
#define XENMAPSPACE_gmfn         2
#define XENMAPSPACE_gmfn_range   3
#define XENMAPSPACE_gmfn_foreign 4
#define XENMAPSPACE_dev_mmio     5
/* Set in idx with XENMAPSPACE_grant_table: map a status frame. */
#define XENMAPIDX_grant_table_status 0x80000000

/* E820 entry types, as the BIOS defines them. */
#define XEN_E820_RAM      1
#define XEN_E820_RESERVED 2
#define XEN_E820_ACPI     3
#define XEN_E820_NVS      4
#define XEN_E820_UNUSABLE 5

#ifndef __ASSEMBLY__

/*
 * increase/decrease_reservation and populate_physmap: nr_extents extents
 * of 2^extent_order pages each, listed at extent_start (frames out for
 * increase, GMFNs in for decrease, GPFNs in/out for populate).
 */
struct xen_memory_reservation {
    XEN_GUEST_HANDLE(xen_pfn_t) extent_start;
    xen_ulong_t nr_extents;
    unsigned int extent_order;
    unsigned int mem_flags; /* XENMEMF_* */
    domid_t domid;
};
typedef struct xen_memory_reservation xen_memory_reservation_t;
DEFINE_XEN_GUEST_HANDLE(xen_memory_reservation_t);

/* Trade the in extents for out extents atomically. */
struct xen_memory_exchange {
    struct xen_memory_reservation in;
    struct xen_memory_reservation out;
    xen_ulong_t nr_exchanged; /* OUT; the caller must pass 0 */
};
typedef struct xen_memory_exchange xen_memory_exchange_t;
DEFINE_XEN_GUEST_HANDLE(xen_memory_exchange_t);

/* MFNs of the 2 MiB chunks backing the machine-to-phys table. */
struct xen_machphys_mfn_list {
    unsigned int max_extents;
    XEN_GUEST_HANDLE(xen_pfn_t) extent_start;
    unsigned int nr_extents; /* OUT */
};
typedef struct xen_machphys_mfn_list xen_machphys_mfn_list_t;
DEFINE_XEN_GUEST_HANDLE(xen_machphys_mfn_list_t);

/* Where the machine-to-phys table is mapped in guest VA space. */
struct xen_machphys_mapping {
    xen_ulong_t v_start, v_end;
    xen_ulong_t max_mfn;
};
typedef struct xen_machphys_mapping xen_machphys_mapping_t;
DEFINE_XEN_GUEST_HANDLE(xen_machphys_mapping_t);

/* Make a page of space (shared info, grant frame, ...) appear at gpfn. */
struct xen_add_to_physmap {
    domid_t domid;
    uint16_t size; /* pages, for XENMAPSPACE_gmfn_range */
    unsigned int space;
    xen_ulong_t idx;
    xen_pfn_t gpfn;
};
typedef struct xen_add_to_physmap xen_add_to_physmap_t;
DEFINE_XEN_GUEST_HANDLE(xen_add_to_physmap_t);

struct xen_add_to_physmap_batch {
    domid_t domid;
    uint16_t space;
    uint16_t size;
    union {
        domid_t foreign_domid; /* XENMAPSPACE_gmfn_foreign */
        uint16_t res0;         /* otherwise 0 */
    } u;
    XEN_GUEST_HANDLE(xen_ulong_t) idxs;
    XEN_GUEST_HANDLE(xen_pfn_t) gpfns;
    XEN_GUEST_HANDLE(int) errs; /* OUT: one code per index */
};
typedef struct xen_add_to_physmap_batch xen_add_to_physmap_batch_t;
DEFINE_XEN_GUEST_HANDLE(xen_add_to_physmap_batch_t);

struct xen_remove_from_physmap {
    domid_t domid;
    xen_pfn_t gpfn;
};
typedef struct xen_remove_from_physmap xen_remove_from_physmap_t;
DEFINE_XEN_GUEST_HANDLE(xen_remove_from_physmap_t);

/*
 * memory_map / machine_memory_map: nr_entries is the buffer's capacity in,
 * the count written out. The buffer holds struct xen_e820_entry items.
 */
struct xen_memory_map {
    unsigned int nr_entries;
    XEN_GUEST_HANDLE(void) buffer;
};
typedef struct xen_memory_map xen_memory_map_t;
DEFINE_XEN_GUEST_HANDLE(xen_memory_map_t);

/* set_memory_map: the toolstack sets a domain's pseudo-physical map. */
struct xen_foreign_memory_map {
    domid_t domid;
    struct xen_memory_map map;
};
typedef struct xen_foreign_memory_map xen_foreign_memory_map_t;
DEFINE_XEN_GUEST_HANDLE(xen_foreign_memory_map_t);

/* The BIOS INT 15h/E820 record: 20 bytes, no padding. */
struct xen_e820_entry {
    uint64_t addr;
    uint64_t size;
    uint32_t type; /* XEN_E820_* */
} __attribute__((packed));

struct xen_pod_target {
    uint64_t target_pages; /* IN */
    uint64_t tot_pages;    /* OUT */
    uint64_t pod_cache_pages;
    uint64_t pod_entries;
    domid_t domid; /* IN */
};
typedef struct xen_pod_target xen_pod_target_t;

XEN_ABI_SIZE(struct xen_memory_reservation, 32);
XEN_ABI_OFFSET(struct xen_memory_reservation, nr_extents, 8);
XEN_ABI_OFFSET(struct xen_memory_reservation, extent_order, 16);
XEN_ABI_OFFSET(struct xen_memory_reservation, domid, 24);
XEN_ABI_SIZE(struct xen_memory_exchange, 72);
XEN_ABI_SIZE(struct xen_machphys_mfn_list, 24);
XEN_ABI_OFFSET(struct xen_machphys_mfn_list, extent_start, 8);
XEN_ABI_SIZE(struct xen_machphys_mapping, 24);
XEN_ABI_SIZE(struct xen_add_to_physmap, 24);
XEN_ABI_OFFSET(struct xen_add_to_physmap, idx, 8);
XEN_ABI_SIZE(struct xen_add_to_physmap_batch, 32);
XEN_ABI_SIZE(struct xen_remove_from_physmap, 16);
XEN_ABI_SIZE(struct xen_memory_map, 16);
XEN_ABI_OFFSET(struct xen_memory_map, buffer, 8);
XEN_ABI_SIZE(struct xen_foreign_memory_map, 24);
XEN_ABI_SIZE(struct xen_e820_entry, 20);
XEN_ABI_SIZE(struct xen_pod_target, 40);

#endif /* !__ASSEMBLY__ */

#endif
