/* SPDX-License-Identifier: BSD-2-Clause */
/* xen_version: Basalt reports the Xen ABI version it implements (4.17),
 * its capabilities and feature bits. */
#include <basalt/lib.h>
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

static long version_features(uint64_t arg)
{
    struct xen_feature_info fi;
    if (copy_from_guest(&fi, arg, sizeof(fi)))
        return -EFAULT;
    if (fi.submap_idx != 0)
        return -EINVAL;
    /* PV memory is not translated: guest frame lists hold machine frames. */
    fi.submap = 1u << XENFEAT_direct_mapped;
    if (current_domain->privileged)
        fi.submap |= 1u << XENFEAT_dom0;
    return copy_to_guest(arg, &fi, sizeof(fi)) ? -EFAULT : 0;
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
    case XENVER_guest_handle: { /* dom0's handle (UUID) is all zero */
        static const xen_domain_handle_t handle;
        return copy_to_guest(arg, handle, sizeof(handle)) ? -EFAULT : 0;
    }
    default:
        return -ENOSYS;
    }
}
