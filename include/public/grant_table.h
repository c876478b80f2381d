/* SPDX-License-Identifier: BSD-2-Clause */
/* Grant tables in the Xen PV ABI, written for Basalt: the shared entry
 * formats, the GNTTABOP_* commands, map flags and status codes. */
#ifndef BASALT_PUBLIC_GRANT_TABLE_H
#define BASALT_PUBLIC_GRANT_TABLE_H

#include "xen.h"

/* Entries 0-7 survive a version change; tools may fill 0 and 1. */
#define GNTTAB_NR_RESERVED_ENTRIES 8
#define GNTTAB_RESERVED_CONSOLE    0
#define GNTTAB_RESERVED_XENSTORE   1

/* Entry type, in bits 0-1 of flags. */
#define GTF_invalid         (XEN_U(0) << 0)
#define GTF_permit_access   (XEN_U(1) << 0)
#define GTF_accept_transfer (XEN_U(2) << 0)
#define GTF_transitive      (XEN_U(3) << 0)
#define GTF_type_mask       (XEN_U(3) << 0)

/* GTF_permit_access: readonly and cache bits are the granter's; reading
 * and writing are ours, kept while the grant is in use. */
#define _GTF_readonly 2
#define GTF_readonly  (XEN_U(1) << _GTF_readonly)
#define _GTF_reading  3
#define GTF_reading   (XEN_U(1) << _GTF_reading)
#define _GTF_writing  4
#define GTF_writing   (XEN_U(1) << _GTF_writing)
#define _GTF_PWT      5
#define GTF_PWT       (XEN_U(1) << _GTF_PWT)
#define _GTF_PCD      6
#define GTF_PCD       (XEN_U(1) << _GTF_PCD)
#define _GTF_PAT      7
#define GTF_PAT       (XEN_U(1) << _GTF_PAT)
#define _GTF_sub_page 8
#define GTF_sub_page  (XEN_U(1) << _GTF_sub_page)

/* GTF_accept_transfer: we set committed, then completed after frame. */
#define _GTF_transfer_committed 2
#define GTF_transfer_committed  (XEN_U(1) << _GTF_transfer_committed)
#define _GTF_transfer_completed 3
#define GTF_transfer_completed  (XEN_U(1) << _GTF_transfer_completed)

/* HYPERVISOR_grant_table_op(cmd, args, count). */
#define GNTTABOP_map_grant_ref     0
#define GNTTABOP_unmap_grant_ref   1
#define GNTTABOP_setup_table       2
#define GNTTABOP_dump_table        3
#define GNTTABOP_transfer          4
#define GNTTABOP_copy              5
#define GNTTABOP_query_size        6
#define GNTTABOP_unmap_and_replace 7
#define GNTTABOP_set_version       8
#define GNTTABOP_get_status_frames 9
#define GNTTABOP_get_version       10
#define GNTTABOP_swap_grant_ref    11
#define GNTTABOP_cache_flush       12

/* gnttab_map_grant_ref.flags */
#define _GNTMAP_device_map      0
#define GNTMAP_device_map       (1 << _GNTMAP_device_map)
#define _GNTMAP_host_map        1
#define GNTMAP_host_map         (1 << _GNTMAP_host_map)
#define _GNTMAP_readonly        2
#define GNTMAP_readonly         (1 << _GNTMAP_readonly)
#define _GNTMAP_application_map 3 /* user-accessible host mapping */
#define GNTMAP_application_map  (1 << _GNTMAP_application_map)
#define _GNTMAP_contains_pte    4 /* host_addr is a PTE's machine address */
#define GNTMAP_contains_pte     (1 << _GNTMAP_contains_pte)
#define _GNTMAP_can_fail        5
#define GNTMAP_can_fail         (1 << _GNTMAP_can_fail)
#define _GNTMAP_guest_avail0    16
#define GNTMAP_guest_avail_mask ((uint32_t)~0 << _GNTMAP_guest_avail0)

/* gnttab_copy.flags: which side is a grant reference (else a GMFN). */
#define _GNTCOPY_source_gref 0
#define GNTCOPY_source_gref  (1 << _GNTCOPY_source_gref)
#define _GNTCOPY_dest_gref   1
#define GNTCOPY_dest_gref    (1 << _GNTCOPY_dest_gref)

/* gnttab_cache_flush.op */
#define GNTTAB_CACHE_CLEAN       (1 << 0)
#define GNTTAB_CACHE_INVAL       (1 << 1)
#define GNTTAB_CACHE_SOURCE_GREF (XEN_U(1) << 31)

/* Per-operation status codes; all errors are negative. */
#define GNTST_okay              (0)
#define GNTST_general_error     (-1)
#define GNTST_bad_domain        (-2)
#define GNTST_bad_gntref        (-3)
#define GNTST_bad_handle        (-4)
#define GNTST_bad_virt_addr     (-5)
#define GNTST_bad_dev_addr      (-6)
#define GNTST_no_device_space   (-7)
#define GNTST_permission_denied (-8)
#define GNTST_bad_page          (-9)
#define GNTST_bad_copy_arg      (-10)
#define GNTST_address_too_big   (-11)
#define GNTST_eagain            (-12)
#define GNTST_no_space          (-13)

#ifndef __ASSEMBLY__

typedef uint32_t grant_ref_t;
typedef uint32_t grant_handle_t;
typedef uint16_t grant_status_t;

/* Version 1 entry: frame is the GFN granted (or the MFN transferred). */
struct grant_entry_v1 {
    uint16_t flags; /* GTF_* */
    domid_t domid;  /* the domain being granted access */
    uint32_t frame;
};
typedef struct grant_entry_v1 grant_entry_v1_t;

/* Version 2: the same header, the rest depends on the type; 16 bytes. */
struct grant_entry_header {
    uint16_t flags;
    domid_t domid;
};
typedef struct grant_entry_header grant_entry_header_t;

union grant_entry_v2 {
    struct grant_entry_header hdr;
    struct {
        struct grant_entry_header hdr;
        uint32_t pad0;
        uint64_t frame;
    } full_page;
    struct {
        struct grant_entry_header hdr;
        uint16_t page_off;
        uint16_t length;
        uint64_t frame;
    } sub_page;
    struct {
        struct grant_entry_header hdr;
        domid_t trans_domid;
        uint16_t pad0;
        grant_ref_t gref;
    } transitive;
    uint32_t __spacer[4];
};
typedef union grant_entry_v2 grant_entry_v2_t;

struct gnttab_map_grant_ref {
    uint64_t host_addr;    /* IN */
    uint32_t flags;        /* IN: GNTMAP_* */
    grant_ref_t ref;       /* IN */
    domid_t dom;           /* IN */
    int16_t status;        /* OUT: GNTST_* */
    grant_handle_t handle; /* OUT */
    uint64_t dev_bus_addr; /* OUT */
};
typedef struct gnttab_map_grant_ref gnttab_map_grant_ref_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_map_grant_ref_t);

struct gnttab_unmap_grant_ref {
    uint64_t host_addr;
    uint64_t dev_bus_addr;
    grant_handle_t handle;
    int16_t status; /* OUT */
};
typedef struct gnttab_unmap_grant_ref gnttab_unmap_grant_ref_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_unmap_grant_ref_t);

/* Grow dom's table to nr_frames and return the frames' numbers. */
struct gnttab_setup_table {
    domid_t dom;
    uint32_t nr_frames;
    int16_t status; /* OUT */
    XEN_GUEST_HANDLE(xen_pfn_t) frame_list;
};
typedef struct gnttab_setup_table gnttab_setup_table_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_setup_table_t);

struct gnttab_dump_table {
    domid_t dom;
    int16_t status; /* OUT */
};
typedef struct gnttab_dump_table gnttab_dump_table_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_dump_table_t);

struct gnttab_transfer {
    xen_pfn_t mfn;
    domid_t domid;
    grant_ref_t ref;
    int16_t status; /* OUT */
};
typedef struct gnttab_transfer gnttab_transfer_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_transfer_t);

struct gnttab_copy_ptr {
    union {
        grant_ref_t ref;
        xen_pfn_t gmfn;
    } u;
    domid_t domid;
    uint16_t offset;
};

/* Copy len bytes, neither side crossing its page. */
struct gnttab_copy {
    struct gnttab_copy_ptr source, dest;
    uint16_t len;
    uint16_t flags; /* GNTCOPY_* */
    int16_t status; /* OUT */
};
typedef struct gnttab_copy gnttab_copy_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_copy_t);

struct gnttab_query_size {
    domid_t dom;
    uint32_t nr_frames;     /* OUT */
    uint32_t max_nr_frames; /* OUT */
    int16_t status;         /* OUT */
};
typedef struct gnttab_query_size gnttab_query_size_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_query_size_t);

struct gnttab_unmap_and_replace {
    uint64_t host_addr;
    uint64_t new_addr;
    grant_handle_t handle;
    int16_t status; /* OUT */
};
typedef struct gnttab_unmap_and_replace gnttab_unmap_and_replace_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_unmap_and_replace_t);

/* Choose table version 1 or 2 before any grant is in use. */
struct gnttab_set_version {
    uint32_t version; /* IN/OUT */
};
typedef struct gnttab_set_version gnttab_set_version_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_set_version_t);

struct gnttab_get_status_frames {
    uint32_t nr_frames;
    domid_t dom;
    int16_t status; /* OUT */
    XEN_GUEST_HANDLE(uint64_t) frame_list;
};
typedef struct gnttab_get_status_frames gnttab_get_status_frames_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_get_status_frames_t);

struct gnttab_get_version {
    domid_t dom;
    uint16_t pad;
    uint32_t version; /* OUT */
};
typedef struct gnttab_get_version gnttab_get_version_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_get_version_t);

struct gnttab_swap_grant_ref {
    grant_ref_t ref_a;
    grant_ref_t ref_b;
    int16_t status; /* OUT */
};
typedef struct gnttab_swap_grant_ref gnttab_swap_grant_ref_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_swap_grant_ref_t);

struct gnttab_cache_flush {
    union {
        uint64_t dev_bus_addr;
        grant_ref_t ref;
    } a;
    uint16_t offset;
    uint16_t length;
    uint32_t op; /* GNTTAB_CACHE_* */
};
typedef struct gnttab_cache_flush gnttab_cache_flush_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_cache_flush_t);

XEN_ABI_SIZE(struct grant_entry_v1, 8);
XEN_ABI_OFFSET(struct grant_entry_v1, frame, 4);
XEN_ABI_SIZE(union grant_entry_v2, 16);
XEN_ABI_OFFSET(union grant_entry_v2, full_page.frame, 8);
XEN_ABI_SIZE(struct gnttab_map_grant_ref, 32);
XEN_ABI_OFFSET(struct gnttab_map_grant_ref, dom, 16);
XEN_ABI_OFFSET(struct gnttab_map_grant_ref, handle, 20);
XEN_ABI_SIZE(struct gnttab_unmap_grant_ref, 24);
XEN_ABI_SIZE(struct gnttab_setup_table, 24);
XEN_ABI_OFFSET(struct gnttab_setup_table, status, 8);
XEN_ABI_OFFSET(struct gnttab_setup_table, frame_list, 16);
XEN_ABI_SIZE(struct gnttab_dump_table, 4);
XEN_ABI_SIZE(struct gnttab_transfer, 24);
XEN_ABI_SIZE(struct gnttab_copy, 40);
XEN_ABI_OFFSET(struct gnttab_copy, len, 32);
XEN_ABI_SIZE(struct gnttab_query_size, 16);
XEN_ABI_SIZE(struct gnttab_unmap_and_replace, 24);
XEN_ABI_SIZE(struct gnttab_set_version, 4);
XEN_ABI_SIZE(struct gnttab_get_status_frames, 16);
XEN_ABI_SIZE(struct gnttab_get_version, 8);
XEN_ABI_SIZE(struct gnttab_swap_grant_ref, 12);
XEN_ABI_SIZE(struct gnttab_cache_flush, 16);

#endif /* !__ASSEMBLY__ */

#endif
