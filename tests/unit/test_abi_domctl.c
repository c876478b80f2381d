/* SPDX-License-Identifier: BSD-2-Clause */
/* Host checks of domctl.h and sysctl.h against Xen 4.17's x86_64 values
 * (numbers from xen/include/public, layouts measured with Xen's headers). */
#include "harness.h"
#include <stddef.h>
#include <public/domctl.h>
#include <public/sysctl.h>

TEST(abi_domctl_numbers)
{
    CHECK_EQ(XEN_DOMCTL_INTERFACE_VERSION, 0x15);
    CHECK_EQ(XEN_DOMCTL_createdomain, 1);
    CHECK_EQ(XEN_DOMCTL_destroydomain, 2);
    CHECK_EQ(XEN_DOMCTL_pausedomain, 3);
    CHECK_EQ(XEN_DOMCTL_unpausedomain, 4);
    CHECK_EQ(XEN_DOMCTL_getdomaininfo, 5);
    CHECK_EQ(XEN_DOMCTL_setvcpuaffinity, 9);
    CHECK_EQ(XEN_DOMCTL_max_mem, 11);
    CHECK_EQ(XEN_DOMCTL_setvcpucontext, 12);
    CHECK_EQ(XEN_DOMCTL_getvcpucontext, 13);
    CHECK_EQ(XEN_DOMCTL_getvcpuinfo, 14);
    CHECK_EQ(XEN_DOMCTL_max_vcpus, 15);
    CHECK_EQ(XEN_DOMCTL_scheduler_op, 16);
    CHECK_EQ(XEN_DOMCTL_getvcpuaffinity, 25);
    CHECK_EQ(XEN_DOMCTL_set_address_size, 35);
    CHECK_EQ(XEN_DOMCTL_get_cpu_policy, 82);
    CHECK_EQ(XEN_DOMCTL_set_paging_mempool_size, 86);
    CHECK_EQ(XEN_DOMCTL_gdbsx_domstatus, 1003);
    CHECK_EQ(XEN_DOMINF_shutdown, 4);
    CHECK_EQ(XEN_DOMINF_paused, 8);
    CHECK_EQ(XEN_DOMINF_running, 32);
    CHECK_EQ(XEN_DOMINF_hap, 256);
    CHECK_EQ(XEN_DOMINF_shutdownshift, 16);
    CHECK_EQ(XEN_DOMCTL_CDF_vpmu, 0x80);
    CHECK_EQ(XEN_VCPUAFFINITY_FORCE, 4);
    CHECK_EQ(XEN_SCHEDULER_CREDIT, 5);
    CHECK_EQ(XEN_DOMCTL_SCHEDOP_getinfo, 1);
    CHECK_EQ(XEN_INVALID_MAX_VCPU_ID, 0xffffffffu);
}

TEST(abi_domctl_layout)
{
    CHECK_EQ(sizeof(struct xen_domctl), 144);
    CHECK_EQ(offsetof(struct xen_domctl, domain), 8);
    CHECK_EQ(offsetof(struct xen_domctl, u), 16);
    CHECK_EQ(sizeof(struct xen_domctl_createdomain), 64);
    CHECK_EQ(offsetof(struct xen_domctl_createdomain, iommu_opts), 24);
    CHECK_EQ(offsetof(struct xen_domctl_createdomain, vmtrace_size), 48);
    CHECK_EQ(offsetof(struct xen_domctl_createdomain, arch.misc_flags), 60);
    CHECK_EQ(sizeof(struct xen_domctl_getdomaininfo), 112);
    CHECK_EQ(offsetof(struct xen_domctl_getdomaininfo, max_pages), 16);
    CHECK_EQ(offsetof(struct xen_domctl_getdomaininfo, paged_pages), 40);
    CHECK_EQ(offsetof(struct xen_domctl_getdomaininfo, ssidref), 72);
    CHECK_EQ(offsetof(struct xen_domctl_getdomaininfo, handle), 76);
    CHECK_EQ(offsetof(struct xen_domctl_getdomaininfo, arch_config), 104);
    CHECK_EQ(sizeof(struct xen_domctl_vcpucontext), 16);
    CHECK_EQ(sizeof(struct xen_domctl_getvcpuinfo), 24);
    CHECK_EQ(offsetof(struct xen_domctl_getvcpuinfo, blocked), 5);
    CHECK_EQ(sizeof(struct xen_domctl_vcpuaffinity), 40);
    CHECK_EQ(offsetof(struct xen_domctl_vcpuaffinity, cpumap_soft.nr_bits), 32);
    CHECK_EQ(sizeof(struct xen_domctl_scheduler_op), 24);
    CHECK_EQ(offsetof(struct xen_domctl_scheduler_op, u.credit.cap), 10);
    CHECK_EQ(sizeof(struct xen_domctl_max_mem), 8);
    CHECK_EQ(sizeof(struct xen_domctl_shadow_op), 40);
    CHECK_EQ(sizeof(struct xen_domctl_settimeoffset), 8);
}

TEST(abi_sysctl)
{
    CHECK_EQ(XEN_SYSCTL_INTERFACE_VERSION, 0x15);
    CHECK_EQ(XEN_SYSCTL_readconsole, 1);
    CHECK_EQ(XEN_SYSCTL_physinfo, 3);
    CHECK_EQ(XEN_SYSCTL_sched_id, 4);
    CHECK_EQ(XEN_SYSCTL_getdomaininfolist, 6);
    CHECK_EQ(XEN_SYSCTL_getcpuinfo, 8);
    CHECK_EQ(XEN_SYSCTL_page_offline_op, 14);
    CHECK_EQ(XEN_SYSCTL_get_cpu_policy, 29);
    CHECK_EQ(XEN_SYSCTL_PHYSCAP_pv, 2);
    CHECK_EQ(XEN_SYSCTL_PHYSCAP_gnttab_v2, 0x200);
    CHECK_EQ(sizeof(struct xen_sysctl), 136);
    CHECK_EQ(offsetof(struct xen_sysctl, u), 8);
    CHECK_EQ(sizeof(struct xen_sysctl_readconsole), 24);
    CHECK_EQ(offsetof(struct xen_sysctl_readconsole, count), 16);
    CHECK_EQ(sizeof(struct xen_sysctl_physinfo), 112);
    CHECK_EQ(offsetof(struct xen_sysctl_physinfo, nr_cpus), 8);
    CHECK_EQ(offsetof(struct xen_sysctl_physinfo, free_pages), 48);
    CHECK_EQ(offsetof(struct xen_sysctl_physinfo, max_mfn), 72);
    CHECK_EQ(sizeof(struct xen_sysctl_getdomaininfolist), 24);
    CHECK_EQ(offsetof(struct xen_sysctl_getdomaininfolist, num_domains), 16);
    CHECK_EQ(sizeof(struct xen_sysctl_getcpuinfo), 24);
    CHECK_EQ(sizeof(struct xen_sysctl_cpuinfo), 8);
}
