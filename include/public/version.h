/* SPDX-License-Identifier: BSD-2-Clause */
/* HYPERVISOR_xen_version in the Xen PV ABI, written for Basalt: the
 * queries, their buffers, and the XENFEAT_* bits of get_features. */
#ifndef BASALT_PUBLIC_VERSION_H
#define BASALT_PUBLIC_VERSION_H

#include "xen.h"

/* HYPERVISOR_xen_version(cmd, arg): all return 0 except where noted. */
#define XENVER_version             0 /* arg unused; returns major << 16 | minor */
#define XENVER_extraversion        1  /* arg: xen_extraversion_t */
#define XENVER_compile_info        2  /* arg: struct xen_compile_info */
#define XENVER_capabilities        3  /* arg: xen_capabilities_info_t */
#define XENVER_changeset           4  /* arg: xen_changeset_info_t */
#define XENVER_platform_parameters 5  /* arg: xen_platform_parameters */
#define XENVER_get_features        6  /* arg: struct xen_feature_info */
#define XENVER_pagesize            7  /* arg unused; returns the page size */
#define XENVER_guest_handle        8  /* arg: xen_domain_handle_t */
#define XENVER_commandline         9  /* arg: xen_commandline_t */
#define XENVER_build_id            10 /* arg: struct xen_build_id; ret bytes */

/*
 * Feature bits of XENVER_get_features, submap 0. Number 12 is retired and
 * must not be reused.
 */
#define XENFEAT_writable_page_tables       0
#define XENFEAT_writable_descriptor_tables 1
#define XENFEAT_auto_translated_physmap    2
#define XENFEAT_supervisor_mode_kernel     3
#define XENFEAT_pae_pgdir_above_4gb        4
#define XENFEAT_mmu_pt_update_preserve_ad  5
#define XENFEAT_highmem_assist             6
#define XENFEAT_gnttab_map_avail_bits      7
#define XENFEAT_hvm_callback_vector        8
#define XENFEAT_hvm_safe_pvclock           9
#define XENFEAT_hvm_pirqs                  10
#define XENFEAT_dom0                       11
#define XENFEAT_memory_op_vnode_supported  13
#define XENFEAT_ARM_SMCCC_supported        14
#define XENFEAT_linux_rsdp_unrestricted    15
#define XENFEAT_not_direct_mapped          16
#define XENFEAT_direct_mapped              17
#define XENFEAT_NR_SUBMAPS                 1

#ifndef __ASSEMBLY__

typedef char xen_extraversion_t[16];
#define XEN_EXTRAVERSION_LEN (sizeof(xen_extraversion_t))

struct xen_compile_info {
    char compiler[64];
    char compile_by[16];
    char compile_domain[32];
    char compile_date[32];
};
typedef struct xen_compile_info xen_compile_info_t;

typedef char xen_capabilities_info_t[1024];
#define XEN_CAPABILITIES_INFO_LEN (sizeof(xen_capabilities_info_t))

typedef char xen_changeset_info_t[64];
#define XEN_CHANGESET_INFO_LEN (sizeof(xen_changeset_info_t))

/* The lowest VA the hypervisor reserves (HYPERVISOR_VIRT_START). */
struct xen_platform_parameters {
    xen_ulong_t virt_start;
};
typedef struct xen_platform_parameters xen_platform_parameters_t;

struct xen_feature_info {
    unsigned int submap_idx; /* IN: which 32-bit word of features */
    uint32_t submap;         /* OUT */
};
typedef struct xen_feature_info xen_feature_info_t;

typedef char xen_commandline_t[1024];

/* len is the buffer size in; the call returns the bytes written. */
struct xen_build_id {
    uint32_t len;
    unsigned char buf[];
};
typedef struct xen_build_id xen_build_id_t;

XEN_ABI_SIZE(xen_extraversion_t, 16);
XEN_ABI_SIZE(struct xen_compile_info, 144);
XEN_ABI_OFFSET(struct xen_compile_info, compile_date, 112);
XEN_ABI_SIZE(xen_capabilities_info_t, 1024);
XEN_ABI_SIZE(xen_changeset_info_t, 64);
XEN_ABI_SIZE(struct xen_platform_parameters, 8);
XEN_ABI_SIZE(struct xen_feature_info, 8);
XEN_ABI_SIZE(xen_commandline_t, 1024);
XEN_ABI_SIZE(struct xen_build_id, 4);

#endif /* !__ASSEMBLY__ */

#endif
