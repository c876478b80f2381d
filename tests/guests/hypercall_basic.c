/* SPDX-License-Identifier: BSD-2-Clause */
/* PV test kernel: xen_version, console_io and sched_op return values. */
#include "hypercall.h"
#include "test.h"

#define EINVAL 22
#define E2BIG  7
#define EFAULT 14
#define ENOSYS 38

/* Addresses a guest may pass but never own: unmapped, Xen's, non-canonical. */
#define BAD_LOW        ((void *)0x1000UL)
#define BAD_HYPERVISOR ((void *)0xffff830000000000UL)
#define BAD_NONCANON   ((void *)0x8000000000000000UL)

/* A result buffer with a guard behind it: catches writes past the end. */
struct guarded {
    char buf[1024];
    unsigned char guard[64];
};

static struct guarded gbuf;

static void guard_arm(void)
{
    memset(gbuf.buf, 0x5a, sizeof(gbuf.buf));
    memset(gbuf.guard, 0xa5, sizeof(gbuf.guard));
}

static int guard_intact(void)
{
    for (unsigned long i = 0; i < sizeof(gbuf.guard); i++)
        if (gbuf.guard[i] != 0xa5)
            return 0;
    return 1;
}

static void check_version_strings(void)
{
    long ver = HYPERVISOR_xen_version(XENVER_version, NULL);

    printf("info: XENVER_version %#lx\n", ver);
    CHECK("XENVER_version major >= 3", (ver >> 16) >= 3);

    guard_arm();
    CHECK_EQ("XENVER_extraversion",
             HYPERVISOR_xen_version(XENVER_extraversion, gbuf.buf), 0);
    printf("info: extraversion \"%.16s\"\n", gbuf.buf);
    CHECK("extraversion terminated in 16 bytes",
          strnlen(gbuf.buf, XEN_EXTRAVERSION_LEN) < XEN_EXTRAVERSION_LEN);
    CHECK("extraversion wrote 16 bytes only", gbuf.buf[16] == 0x5a);

    guard_arm();
    CHECK_EQ("XENVER_capabilities",
             HYPERVISOR_xen_version(XENVER_capabilities, gbuf.buf), 0);
    printf("info: capabilities \"%.1024s\"\n", gbuf.buf);
    CHECK("capabilities has xen-3.0-x86_64",
          strstr(gbuf.buf, "xen-3.0-x86_64") != NULL);
    CHECK("capabilities within 1024 bytes", guard_intact());
}

/* Build facts: recorded for comparison, only the return codes checked. */
static void check_version_info(void)
{
    struct xen_compile_info *ci = (void *)gbuf.buf;
    xen_domain_handle_t handle;
    long rc;

    guard_arm();
    CHECK_EQ("XENVER_compile_info",
             HYPERVISOR_xen_version(XENVER_compile_info, ci), 0);
    printf("info: compiler \"%.64s\" by \"%.16s\" domain \"%.32s\" "
           "date \"%.32s\"\n",
           ci->compiler, ci->compile_by, ci->compile_domain, ci->compile_date);

    guard_arm();
    CHECK_EQ("XENVER_changeset",
             HYPERVISOR_xen_version(XENVER_changeset, gbuf.buf), 0);
    printf("info: changeset \"%.64s\"\n", gbuf.buf);

    guard_arm();
    *(uint32_t *)gbuf.buf = 64;
    rc = HYPERVISOR_xen_version(XENVER_build_id, gbuf.buf);
    printf("info: XENVER_build_id(len 64) -> %ld\n", rc);

    guard_arm();
    rc = HYPERVISOR_xen_version(XENVER_commandline, gbuf.buf);
    printf("info: XENVER_commandline rc %ld \"%.1024s\"\n", rc,
           rc ? "" : gbuf.buf);

    memset(handle, 0x5a, sizeof(handle));
    CHECK_EQ("XENVER_guest_handle",
             HYPERVISOR_xen_version(XENVER_guest_handle, handle), 0);
    printf("info: guest_handle[0..3] %02x%02x%02x%02x\n", handle[0], handle[1],
           handle[2], handle[3]);
}

static void check_version_values(void)
{
    struct xen_platform_parameters pp = {0};
    struct xen_feature_info fi = {.submap_idx = 0};

    CHECK_EQ("XENVER_platform_parameters",
             HYPERVISOR_xen_version(XENVER_platform_parameters, &pp), 0);
    CHECK_EQ("platform virt_start", pp.virt_start, __HYPERVISOR_VIRT_START);

    CHECK_EQ("XENVER_get_features(0)",
             HYPERVISOR_xen_version(XENVER_get_features, &fi), 0);
    printf("info: features submap 0 = %#x\n", fi.submap);
    CHECK("feature dom0", fi.submap & (1U << XENFEAT_dom0));
    CHECK("feature direct_mapped", fi.submap & (1U << XENFEAT_direct_mapped));
    CHECK("feature !auto_translated_physmap",
          !(fi.submap & (1U << XENFEAT_auto_translated_physmap)));

    CHECK_EQ("XENVER_pagesize", HYPERVISOR_xen_version(XENVER_pagesize, NULL),
             4096);
}

static void check_version_errors(void)
{
    struct xen_feature_info fi = {.submap_idx = 1};

    CHECK_EQ("XENVER_get_features(1)",
             HYPERVISOR_xen_version(XENVER_get_features, &fi), -EINVAL);
    /* Xen insists on a NULL handle for pagesize. */
    CHECK_EQ("XENVER_pagesize with a buffer",
             HYPERVISOR_xen_version(XENVER_pagesize, gbuf.buf), -EINVAL);
    CHECK_EQ("XENVER unknown sub-op", HYPERVISOR_xen_version(64, gbuf.buf),
             -ENOSYS);
    CHECK_EQ("XENVER_capabilities bad pointer",
             HYPERVISOR_xen_version(XENVER_capabilities, BAD_LOW), -EFAULT);
    CHECK_EQ("XENVER_get_features bad pointer",
             HYPERVISOR_xen_version(XENVER_get_features, BAD_LOW), -EFAULT);
}

static void check_unknown_hypercalls(void)
{
    static const unsigned int nrs[] = {11, 63, 127};
    char name[48];

    for (unsigned int i = 0; i < sizeof(nrs) / sizeof(nrs[0]); i++) {
        snprintf(name, sizeof(name), "hypercall %u is ENOSYS", nrs[i]);
        CHECK_EQ(name, hypercall5(nrs[i], 0, 0, 0, 0, 0), -ENOSYS);
    }
}

static void check_console_io(void)
{
    static const char msg[] = "console_io: direct write\n";
    long rc;

    CHECK_EQ("console_io write",
             HYPERVISOR_console_io(CONSOLEIO_write, sizeof(msg) - 1, msg), 0);
    CHECK_EQ("console_io write 0 bytes",
             HYPERVISOR_console_io(CONSOLEIO_write, 0, BAD_LOW), 0);
    /*
     * Xen takes the count as unsigned: -1 with a valid buffer would copy
     * guest memory to the console until a fault. With an unmapped buffer
     * the first chunk faults, so a signed-count reading (0) shows up here.
     */
    CHECK_EQ("console_io write count -1, unmapped",
             HYPERVISOR_console_io(CONSOLEIO_write, -1, BAD_LOW), -EFAULT);
    CHECK_EQ("console_io write unmapped",
             HYPERVISOR_console_io(CONSOLEIO_write, 16, BAD_LOW), -EFAULT);
    CHECK_EQ("console_io write hypervisor address",
             HYPERVISOR_console_io(CONSOLEIO_write, 16, BAD_HYPERVISOR),
             -EFAULT);
    CHECK_EQ("console_io write non-canonical",
             HYPERVISOR_console_io(CONSOLEIO_write, 16, BAD_NONCANON), -EFAULT);
    CHECK_EQ("console_io unknown command", HYPERVISOR_console_io(7, 16, msg),
             -ENOSYS);
    CHECK_EQ("console_io read negative count",
             HYPERVISOR_console_io(CONSOLEIO_read, -1, gbuf.buf), -E2BIG);
    rc = HYPERVISOR_console_io(CONSOLEIO_read, 16, gbuf.buf);
    printf("info: console_io read 16 -> %ld\n", rc);
    CHECK("console_io read", rc >= 0 && rc <= 16);
}

static void check_sched_op(void)
{
    CHECK_EQ("SCHEDOP_yield", HYPERVISOR_sched_op(SCHEDOP_yield, NULL), 0);
    CHECK_EQ("SCHEDOP unknown", HYPERVISOR_sched_op(99, NULL), -ENOSYS);
    CHECK_EQ("SCHEDOP_shutdown bad pointer",
             HYPERVISOR_sched_op(SCHEDOP_shutdown, BAD_LOW), -EFAULT);
}

/* What the hypervisor wrote into the page: the stub layout is ABI-visible. */
static void check_hypercall_page(void)
{
    const unsigned char *p = (const unsigned char *)hypercall_page;

    for (unsigned int nr = 0; nr <= __HYPERVISOR_iret; nr += 23) {
        printf("info: stub %2u:", nr);
        for (unsigned int i = 0; i < 32; i++)
            printf(" %02x", p[nr * 32 + i]);
        printf("\n");
    }
    CHECK("hypercall page filled", p[0] != 0xcc);
}

int guest_main(struct start_info *si)
{
    (void)si;
    printf("hypercall_basic: start\n");
    check_hypercall_page();
    check_version_strings();
    check_version_info();
    check_version_values();
    check_version_errors();
    check_unknown_hypercalls();
    check_console_io();
    check_sched_op();
    return test_summary();
}
