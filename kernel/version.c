/* SPDX-License-Identifier: BSD-2-Clause */
/* xen_version: Basalt reports the Xen ABI version it implements (4.17),
 * its capabilities and feature bits. */
#include <basalt/lib.h>
#include <basalt/bootinfo.h>
#include <basalt/domain.h>
#include <basalt/errno.h>
#include <asm/config.h>
#include <asm/guest_access.h>
#include <public/version.h>
#include <public/xen.h>

#define BASALT_XEN_MAJOR 4
#define BASALT_XEN_MINOR 17

static long version_copy_string(uint64_t arg, const char *s, size_t size)
{
    char buf[1024] = {0};
    strlcpy(buf, s, size);
    return copy_to_guest(arg, buf, size) ? -EFAULT : 0;
}

static long version_compile_info(uint64_t arg)
{
    struct xen_compile_info ci;
    memset(&ci, 0, sizeof(ci));
    strlcpy(ci.compiler, __VERSION__, sizeof(ci.compiler));
    strlcpy(ci.compile_by, "basalt", sizeof(ci.compile_by));
    return copy_to_guest(arg, &ci, sizeof(ci)) ? -EFAULT : 0;
}

/*
 * What Basalt does for a PV guest, as Xen 4.17 reports it (0x228e0 for a
 * PV dom0) minus gnttab_map_avail_bits: no GNTTABOP_map_grant_ref yet.
 * Memory is not translated (frame lists hold machine frames, so
 * direct_mapped); mmu_update takes MMU_PT_UPDATE_PRESERVE_AD; mmuext_op
 * has CLEAR_PAGE/COPY_PAGE (highmem_assist); memory_op accepts
 * XENMEMF_vnode and, with no vNUMA, ignores the node, as Xen does.
 */
static long version_features(uint64_t arg)
{
    struct xen_feature_info fi;
    if (copy_from_guest(&fi, arg, sizeof(fi)))
        return -EFAULT;
    if (fi.submap_idx != 0)
        return -EINVAL;
    fi.submap =
        1u << XENFEAT_direct_mapped | 1u << XENFEAT_mmu_pt_update_preserve_ad |
        1u << XENFEAT_highmem_assist | 1u << XENFEAT_memory_op_vnode_supported;
    if (current_domain->privileged)
        fi.submap |= 1u << XENFEAT_dom0;
    return copy_to_guest(arg, &fi, sizeof(fi)) ? -EFAULT : 0;
}

/* The hypervisor's command line for the privileged domain; others get
 * Xen's "<denied>". */
static long version_commandline(uint64_t arg)
{
    static const char denied[] = "<denied>";

    if (!current_domain->privileged)
        return copy_to_guest(arg, denied, sizeof(denied)) ? -EFAULT : 0;
    return version_copy_string(arg, boot_info.cmdline,
                               sizeof(xen_commandline_t));
}

/* Basalt's image carries no build id (the linker drops .note.*): after
 * Xen's argument checks, -ENODATA as Xen answers without one. */
static long version_build_id(uint64_t arg)
{
    struct xen_build_id id;

    if (!current_domain->privileged)
        return -EPERM;
    if (arg && copy_from_guest(&id, arg, sizeof(id)))
        return -EFAULT;
    if (arg && id.len == 0)
        return -EINVAL;
    return -ENODATA;
}

long do_xen_version(uint64_t cmd, uint64_t arg)
{
    struct xen_platform_parameters pp = {HYPERVISOR_VIRT_START};
    switch (cmd) {
    case XENVER_version:
        return BASALT_XEN_MAJOR << 16 | BASALT_XEN_MINOR;
    case XENVER_extraversion:
        return version_copy_string(arg, "-basalt", XEN_EXTRAVERSION_LEN);
    case XENVER_capabilities:
        return version_copy_string(arg, "xen-3.0-x86_64 ",
                                   XEN_CAPABILITIES_INFO_LEN);
    case XENVER_changeset:
        return version_copy_string(arg, "", XEN_CHANGESET_INFO_LEN);
    case XENVER_platform_parameters:
        return copy_to_guest(arg, &pp, sizeof(pp)) ? -EFAULT : 0;
    case XENVER_get_features:
        return version_features(arg);
    case XENVER_compile_info:
        return version_compile_info(arg);
    case XENVER_pagesize:
        return arg ? -EINVAL : 4096;
    case XENVER_commandline:
        return version_commandline(arg);
    case XENVER_build_id:
        return version_build_id(arg);
    case XENVER_guest_handle: { /* dom0's handle (UUID) is all zero */
        static const xen_domain_handle_t handle;
        return copy_to_guest(arg, handle, sizeof(handle)) ? -EFAULT : 0;
    }
    default:
        return -ENOSYS;
    }
}
