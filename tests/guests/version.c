/* SPDX-License-Identifier: BSD-2-Clause */
/* PV test kernel: xen_version's feature bits, command line and build id
 * (hypercall_basic.c covers the strings and return codes). */
#include "memory_util.h"
#include "test.h"

#define EPERM   1
#define EFAULT  14
#define EINVAL  22
#define ENODATA 61

#define BAD_LOW ((void *)0x1000UL)

static char buf[1024 + 64];

static void check_features(void)
{
    struct xen_feature_info fi = {.submap_idx = 0};
    /* Xen 4.17's PV dom0 value; Basalt has no GNTTABOP_map_grant_ref yet,
     * so no gnttab_map_avail_bits. */
    unsigned int want = memu_on_basalt() ? 0x22860 : 0x228e0;

    CHECK_EQ("get_features", HYPERVISOR_xen_version(XENVER_get_features, &fi),
             0);
    printf("info: features %#x\n", fi.submap);
    CHECK_EQ("features for a PV dom0", fi.submap, want);
}

static void check_commandline(void)
{
    long rc;

    memset(buf, 0x5a, sizeof(buf));
    rc = HYPERVISOR_xen_version(XENVER_commandline, buf);
    printf("info: commandline \"%.1024s\"\n", buf);
    CHECK_EQ("commandline", rc, 0);
    CHECK("commandline not empty (both runs pass options)", buf[0] != 0);
    CHECK("commandline terminated in 1024 bytes",
          strnlen(buf, 1024) < 1024 && (unsigned char)buf[1024] == 0x5a);
    CHECK_EQ("commandline bad pointer",
             HYPERVISOR_xen_version(XENVER_commandline, BAD_LOW), -EFAULT);
}

/* Xen's image has a 20-byte build id; Basalt's has none. */
static void check_build_id(void)
{
    struct xen_build_id *id = (void *)buf;
    long want = memu_on_basalt() ? -ENODATA : 20;

    id->len = 64;
    CHECK_EQ("build_id", HYPERVISOR_xen_version(XENVER_build_id, id), want);
    CHECK_EQ("build_id size only",
             HYPERVISOR_xen_version(XENVER_build_id, NULL), want);
    id->len = 0;
    CHECK_EQ("build_id len 0", HYPERVISOR_xen_version(XENVER_build_id, id),
             -EINVAL);
    CHECK_EQ("build_id bad pointer",
             HYPERVISOR_xen_version(XENVER_build_id, BAD_LOW), -EFAULT);
    if (!memu_on_basalt()) {
        id->len = 4;
        CHECK_EQ("build_id buffer too small",
                 HYPERVISOR_xen_version(XENVER_build_id, id), -105);
    }
}

int guest_main(struct start_info *si)
{
    (void)si;
    printf("info: version test on %s\n", memu_on_basalt() ? "Basalt" : "Xen");
    check_features();
    check_commandline();
    check_build_id();
    CHECK_EQ("platform_parameters bad pointer",
             HYPERVISOR_xen_version(XENVER_platform_parameters, BAD_LOW),
             -EFAULT);
    return test_summary();
}
