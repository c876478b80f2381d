/* SPDX-License-Identifier: BSD-2-Clause */
/* PV test kernel: an unprivileged domain gets -EPERM for every domctl and
 * sysctl command number. Booted as dom0 (make test) it only checks that
 * the privileged domain is not refused; the sweep runs when the lead boots
 * it as a domU (xl create). */
#include "domctl_util.h"
#include "memory_util.h"
#include "test.h"

#define EPERM  1
#define EFAULT 14
#define EACCES 13
#define ESRCH  3
#define EINVAL 22

static char name[64];

static const char *named(const char *what, unsigned int cmd)
{
    snprintf(name, sizeof(name), "%s %u refused", what, cmd);
    return name;
}

static void sweep_domctl(unsigned int first, unsigned int last)
{
    struct xen_domctl d;

    for (unsigned int cmd = first; cmd <= last; cmd++) {
        /* Domain 0 exists on every hypervisor: the lookup succeeds and the
         * permission check is what answers. */
        dcu_init(&d, cmd, 0);
        d.u.createdomain.max_vcpus = 1;
        CHECK_EQ(named("domctl", cmd), dcu_domctl(&d), -EPERM);
    }
}

static void sweep_sysctl(unsigned int first, unsigned int last)
{
    struct xen_sysctl s;

    for (unsigned int cmd = first; cmd <= last; cmd++) {
        memset(&s, 0, sizeof(s));
        CHECK_EQ(named("sysctl", cmd), dcu_sysctl(&s, cmd), -EPERM);
    }
}

/* Basalt refuses before reading anything; Xen reads (and checks the
 * version) first. */
static void sweep_hostile(void)
{
    struct xen_domctl d;
    long bad_ptr = memu_on_basalt() ? -EPERM : -EFAULT;
    long bad_version = memu_on_basalt() ? -EPERM : -EACCES;

    CHECK_EQ("domctl bad pointer refused", dcu_domctl_raw(DCU_BAD_PTR),
             bad_ptr);
    CHECK_EQ("sysctl bad pointer refused", dcu_sysctl_raw(DCU_HV_PTR), bad_ptr);
    dcu_init(&d, XEN_DOMCTL_destroydomain, 0);
    d.interface_version = 1;
    CHECK_EQ("domctl bad version refused", dcu_domctl(&d), bad_version);
}

/* SCHEDOP_remote_shutdown: the toolstack's, refused to a domU; hostile
 * arguments from dom0. */
static void remote_shutdown_checks(bool privileged)
{
    struct sched_remote_shutdown rs = {0, SHUTDOWN_poweroff};
    if (!privileged) {
        CHECK_EQ("remote_shutdown refused to a domU",
                 HYPERVISOR_sched_op(SCHEDOP_remote_shutdown, &rs), -EPERM);
        return;
    }
    CHECK_EQ("remote_shutdown bad pointer",
             HYPERVISOR_sched_op(SCHEDOP_remote_shutdown, (void *)DCU_BAD_PTR),
             -EFAULT);
    rs.domain_id = 1000;
    CHECK_EQ("remote_shutdown no such domain",
             HYPERVISOR_sched_op(SCHEDOP_remote_shutdown, &rs), -ESRCH);
    if (memu_on_basalt()) { /* Xen would shut dom0 down: not on Xen */
        rs.domain_id = 0;
        rs.reason = 99;
        CHECK_EQ("remote_shutdown bad reason",
                 HYPERVISOR_sched_op(SCHEDOP_remote_shutdown, &rs), -EINVAL);
        rs.reason = SHUTDOWN_poweroff;
        CHECK_EQ("remote_shutdown of dom0 refused",
                 HYPERVISOR_sched_op(SCHEDOP_remote_shutdown, &rs), -EINVAL);
    }
}

int guest_main(struct start_info *si)
{
    struct xen_domctl_getdomaininfo i;
    struct xen_sysctl s;

    if (si->flags & SIF_PRIVILEGED) {
        printf("info: privileged: the -EPERM sweep runs as a domU\n");
        CHECK_EQ("dom0 may use domctl", dcu_info(0, &i), 0);
        memset(&s, 0, sizeof(s));
        CHECK_EQ("dom0 may use sysctl", dcu_sysctl(&s, XEN_SYSCTL_physinfo), 0);
        remote_shutdown_checks(true);
        return test_summary();
    }
    sweep_domctl(0, 100);
    sweep_domctl(1000, 1003);
    sweep_sysctl(0, 40);
    sweep_hostile();
    remote_shutdown_checks(false);
    return test_summary();
}
