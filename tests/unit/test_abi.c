/* SPDX-License-Identifier: BSD-2-Clause */
/* Host checks of the public Xen ABI headers: sizes, offsets and numbers
 * against Xen 4.17's x86_64 values (tools/include/xen-foreign sizes). */
#include "harness.h"
#include <stddef.h>
#include <public/xen.h>
#include <public/event_channel.h>
#include <public/sched.h>
#include <public/memory.h>
#include <public/vcpu.h>
#include <public/version.h>
#include <public/callback.h>
#include <public/physdev.h>
#include <public/grant_table.h>
#include <public/elfnote.h>
#include <public/io/console.h>

TEST(abi_arch_x86_64_layout)
{
    CHECK_EQ(__HYPERVISOR_VIRT_START, 0xFFFF800000000000ULL);
    CHECK_EQ(__HYPERVISOR_VIRT_END, 0xFFFF880000000000ULL);
    CHECK_EQ(MACH2PHYS_NR_ENTRIES, 1ULL << 35);
    CHECK_EQ(FLAT_KERNEL_CS, 0xe033);
    CHECK_EQ(FLAT_USER_SS, 0xe02b);
    CHECK_EQ(SEGBASE_GS_USER_SEL, 3);
    CHECK_EQ(VGCF_in_syscall, 0x100);
    CHECK_EQ(VGCF_online, 0x20);
    CHECK_EQ(sizeof(struct iret_context), 72);
    CHECK_EQ(sizeof(struct trap_info), 16);
    CHECK_EQ(offsetof(struct trap_info, address), 8);
    CHECK_EQ(sizeof(struct cpu_user_regs), 200);
    CHECK_EQ(offsetof(struct cpu_user_regs, rax), 80);
    CHECK_EQ(offsetof(struct cpu_user_regs, rdi), 112);
    CHECK_EQ(offsetof(struct cpu_user_regs, entry_vector), 124);
    CHECK_EQ(offsetof(struct cpu_user_regs, rip), 128);
    CHECK_EQ(offsetof(struct cpu_user_regs, cs), 136);
    CHECK_EQ(offsetof(struct cpu_user_regs, saved_upcall_mask), 140);
    CHECK_EQ(offsetof(struct cpu_user_regs, rsp), 152);
    CHECK_EQ(offsetof(struct cpu_user_regs, gs), 192);
    CHECK_EQ(sizeof(struct arch_vcpu_info), 16);
    CHECK_EQ(sizeof(struct vcpu_guest_context), 5168);
    CHECK_EQ(offsetof(struct vcpu_guest_context, flags), 512);
    CHECK_EQ(offsetof(struct vcpu_guest_context, gdt_frames), 4832);
    CHECK_EQ(offsetof(struct vcpu_guest_context, kernel_ss), 4968);
    CHECK_EQ(offsetof(struct vcpu_guest_context, syscall_callback_eip), 5128);
    CHECK_EQ(offsetof(struct vcpu_guest_context, vm_assist), 5136);
    CHECK_EQ(offsetof(struct vcpu_guest_context, gs_base_user), 5160);
    CHECK_EQ(sizeof(struct arch_shared_info), 48);
    CHECK_EQ(sizeof(xen_callback_t), 8);
    CHECK_EQ(sizeof(XEN_GUEST_HANDLE(void)), 8);
    CHECK_EQ(XEN_LEGACY_MAX_VCPUS, 32);
}

TEST(abi_xen_h)
{
    CHECK_EQ(__HYPERVISOR_set_trap_table, 0);
    CHECK_EQ(__HYPERVISOR_update_descriptor, 10);
    CHECK_EQ(__HYPERVISOR_memory_op, 12);
    CHECK_EQ(__HYPERVISOR_console_io, 18);
    CHECK_EQ(__HYPERVISOR_iret, 23);
    CHECK_EQ(__HYPERVISOR_mmuext_op, 26);
    CHECK_EQ(__HYPERVISOR_sched_op, 29);
    CHECK_EQ(__HYPERVISOR_event_channel_op, 32);
    CHECK_EQ(__HYPERVISOR_domctl, 36);
    CHECK_EQ(__HYPERVISOR_hypfs_op, 42);
    CHECK_EQ(__HYPERVISOR_arch_7, 55);
    CHECK(__HYPERVISOR_arch_7 < XEN_NR_HYPERCALLS);
    CHECK_EQ(VIRQ_CON_RING, 8);
    CHECK_EQ(VIRQ_XENPMU, 13);
    CHECK_EQ(NR_VIRQS, 24);
    CHECK_EQ(MMU_PT_UPDATE_NO_TRANSLATE, 3);
    CHECK_EQ(MMUEXT_NEW_USER_BASEPTR, 15);
    CHECK_EQ(MMUEXT_UNMARK_SUPER, 20);
    CHECK_EQ(UVMF_ALL, 4);
    CHECK_EQ(VMASST_TYPE_m2p_strict, 32);
    CHECK_EQ(DOMID_SELF, 0x7FF0);
    CHECK_EQ(DOMID_IDLE, 0x7FFF);
    CHECK_EQ(SIF_MOD_START_PFN, 8);
    CHECK_EQ(sizeof(struct mmu_update), 16);
    CHECK_EQ(sizeof(struct mmuext_op), 24);
    CHECK_EQ(offsetof(struct mmuext_op, arg2), 16);
    CHECK_EQ(sizeof(struct multicall_entry), 64);
    CHECK_EQ(offsetof(struct multicall_entry, args), 16);
    CHECK_EQ(sizeof(struct vcpu_time_info), 32);
    CHECK_EQ(offsetof(struct vcpu_time_info, system_time), 16);
    CHECK_EQ(offsetof(struct vcpu_time_info, tsc_shift), 28);
    CHECK_EQ(sizeof(struct vcpu_info), 64);
    CHECK_EQ(offsetof(struct vcpu_info, evtchn_upcall_mask), 1);
    CHECK_EQ(offsetof(struct vcpu_info, time), 32);
    CHECK_EQ(sizeof(struct shared_info), 3136);
    CHECK_EQ(offsetof(struct shared_info, evtchn_pending), 2048);
    CHECK_EQ(offsetof(struct shared_info, evtchn_mask), 2560);
    CHECK_EQ(offsetof(struct shared_info, wc_sec_hi), 3084);
    CHECK_EQ(offsetof(struct shared_info, arch.p2m_generation), 3128);
    CHECK_EQ(sizeof(struct start_info), 1168);
    CHECK_EQ(offsetof(struct start_info, shared_info), 40);
    CHECK_EQ(offsetof(struct start_info, store_evtchn), 64);
    CHECK_EQ(offsetof(struct start_info, console.domU.evtchn), 80);
    CHECK_EQ(offsetof(struct start_info, console.dom0.info_size), 76);
    CHECK_EQ(offsetof(struct start_info, mod_len), 120);
    CHECK_EQ(offsetof(struct start_info, nr_p2m_frames), 1160);
    CHECK_EQ(sizeof(struct dom0_vga_console_info), 40);
    CHECK_EQ(offsetof(struct dom0_vga_console_info, u.vesa_lfb.lfb_base), 12);
    CHECK_EQ(offsetof(struct dom0_vga_console_info, u.vesa_lfb.gbl_caps), 28);
    CHECK_EQ(offsetof(struct dom0_vga_console_info, u.vesa_lfb.ext_lfb_base),
             36);
    CHECK_EQ(sizeof(XEN_START_INFO_MAGIC), 15);
}

TEST(abi_event_channel_h)
{
    CHECK_EQ(EVTCHNOP_bind_interdomain, 0);
    CHECK_EQ(EVTCHNOP_alloc_unbound, 6);
    CHECK_EQ(EVTCHNOP_unmask, 9);
    CHECK_EQ(EVTCHNOP_set_priority, 13);
    CHECK_EQ(EVTCHNSTAT_ipi, 5);
    CHECK_EQ(EVTCHN_2L_NR_CHANNELS, 4096);
    CHECK_EQ(EVTCHN_FIFO_NR_CHANNELS, 131072);
    CHECK_EQ(sizeof(evtchn_port_t), 4);
    CHECK_EQ(sizeof(struct evtchn_alloc_unbound), 8);
    CHECK_EQ(offsetof(struct evtchn_alloc_unbound, port), 4);
    CHECK_EQ(sizeof(struct evtchn_bind_interdomain), 12);
    CHECK_EQ(offsetof(struct evtchn_bind_interdomain, local_port), 8);
    CHECK_EQ(sizeof(struct evtchn_bind_virq), 12);
    CHECK_EQ(offsetof(struct evtchn_bind_virq, port), 8);
    CHECK_EQ(sizeof(struct evtchn_status), 24);
    CHECK_EQ(offsetof(struct evtchn_status, status), 8);
    CHECK_EQ(offsetof(struct evtchn_status, u.interdomain.port), 20);
    CHECK_EQ(sizeof(struct evtchn_init_control), 24);
    CHECK_EQ(sizeof(struct evtchn_op), 28);
    CHECK_EQ(offsetof(struct evtchn_op, u), 4);
    CHECK_EQ(sizeof(struct evtchn_fifo_control_block), 72);
}

TEST(abi_sched_h)
{
    CHECK_EQ(SCHEDOP_yield, 0);
    CHECK_EQ(SCHEDOP_block, 1);
    CHECK_EQ(SCHEDOP_shutdown, 2);
    CHECK_EQ(SCHEDOP_poll, 3);
    CHECK_EQ(SCHEDOP_remote_shutdown, 4);
    CHECK_EQ(SCHEDOP_pin_override, 7);
    CHECK_EQ(SHUTDOWN_crash, 3);
    CHECK_EQ(SHUTDOWN_soft_reset, 5);
    CHECK_EQ(sizeof(struct sched_shutdown), 4);
    CHECK_EQ(sizeof(struct sched_poll), 24);
    CHECK_EQ(offsetof(struct sched_poll, timeout), 16);
    CHECK_EQ(sizeof(struct sched_remote_shutdown), 8);
    CHECK_EQ(offsetof(struct sched_remote_shutdown, reason), 4);
}

TEST(abi_memory_h)
{
    CHECK_EQ(XENMEM_increase_reservation, 0);
    CHECK_EQ(XENMEM_maximum_ram_page, 2);
    CHECK_EQ(XENMEM_populate_physmap, 6);
    CHECK_EQ(XENMEM_memory_map, 9);
    CHECK_EQ(XENMEM_machine_memory_map, 10);
    CHECK_EQ(XENMEM_machphys_mapping, 12);
    CHECK_EQ(XENMEM_add_to_physmap_batch, 23);
    CHECK_EQ(XENMEM_acquire_resource, 28);
    CHECK_EQ(XENMEMF_node(0), 0x100);
    CHECK_EQ(sizeof(struct xen_memory_reservation), 32);
    CHECK_EQ(offsetof(struct xen_memory_reservation, mem_flags), 20);
    CHECK_EQ(offsetof(struct xen_memory_reservation, domid), 24);
    CHECK_EQ(sizeof(struct xen_memory_exchange), 72);
    CHECK_EQ(offsetof(struct xen_memory_exchange, nr_exchanged), 64);
    CHECK_EQ(sizeof(struct xen_machphys_mfn_list), 24);
    CHECK_EQ(offsetof(struct xen_machphys_mfn_list, nr_extents), 16);
    CHECK_EQ(sizeof(struct xen_add_to_physmap), 24);
    CHECK_EQ(offsetof(struct xen_add_to_physmap, space), 4);
    CHECK_EQ(offsetof(struct xen_add_to_physmap, gpfn), 16);
    CHECK_EQ(sizeof(struct xen_memory_map), 16);
    CHECK_EQ(offsetof(struct xen_foreign_memory_map, map), 8);
    CHECK_EQ(sizeof(struct xen_e820_entry), 20);
    CHECK_EQ(offsetof(struct xen_e820_entry, type), 16);
}

TEST(abi_vcpu_h)
{
    CHECK_EQ(VCPUOP_initialise, 0);
    CHECK_EQ(VCPUOP_register_runstate_memory_area, 5);
    CHECK_EQ(VCPUOP_set_singleshot_timer, 8);
    CHECK_EQ(VCPUOP_register_vcpu_info, 10);
    CHECK_EQ(VCPUOP_register_vcpu_time_memory_area, 13);
    CHECK_EQ(RUNSTATE_offline, 3);
    CHECK_EQ(VCPU_SSHOTTMR_future, 1);
    CHECK_EQ(XEN_RUNSTATE_UPDATE, 0x8000000000000000ULL);
    CHECK_EQ(sizeof(struct vcpu_runstate_info), 48);
    CHECK_EQ(offsetof(struct vcpu_runstate_info, time[3]), 40);
    CHECK_EQ(sizeof(struct vcpu_register_runstate_memory_area), 8);
    CHECK_EQ(sizeof(struct vcpu_set_singleshot_timer), 16);
    CHECK_EQ(offsetof(struct vcpu_set_singleshot_timer, flags), 8);
    CHECK_EQ(sizeof(struct vcpu_set_periodic_timer), 8);
    CHECK_EQ(sizeof(struct vcpu_register_vcpu_info), 16);
    CHECK_EQ(offsetof(struct vcpu_register_vcpu_info, rsvd), 12);
}

TEST(abi_version_h)
{
    CHECK_EQ(XENVER_version, 0);
    CHECK_EQ(XENVER_platform_parameters, 5);
    CHECK_EQ(XENVER_get_features, 6);
    CHECK_EQ(XENVER_build_id, 10);
    CHECK_EQ(XENFEAT_dom0, 11);
    CHECK_EQ(XENFEAT_not_direct_mapped, 16);
    CHECK_EQ(XENFEAT_direct_mapped, 17);
    CHECK_EQ(sizeof(xen_extraversion_t), 16);
    CHECK_EQ(sizeof(struct xen_compile_info), 144);
    CHECK_EQ(offsetof(struct xen_compile_info, compile_domain), 80);
    CHECK_EQ(sizeof(xen_capabilities_info_t), 1024);
    CHECK_EQ(sizeof(xen_changeset_info_t), 64);
    CHECK_EQ(sizeof(struct xen_platform_parameters), 8);
    CHECK_EQ(sizeof(struct xen_feature_info), 8);
    CHECK_EQ(offsetof(struct xen_feature_info, submap), 4);
    CHECK_EQ(offsetof(struct xen_build_id, buf), 4);
}

TEST(abi_callback_h)
{
    CHECK_EQ(CALLBACKOP_register, 0);
    CHECK_EQ(CALLBACKOP_unregister, 1);
    CHECK_EQ(CALLBACKTYPE_event, 0);
    CHECK_EQ(CALLBACKTYPE_failsafe, 1);
    CHECK_EQ(CALLBACKTYPE_syscall, 2);
    CHECK_EQ(CALLBACKTYPE_nmi, 4);
    CHECK_EQ(CALLBACKTYPE_sysenter, 5);
    CHECK_EQ(CALLBACKTYPE_syscall32, 7);
    CHECK_EQ(CALLBACKF_mask_events, 1);
    CHECK_EQ(sizeof(struct callback_register), 16);
    CHECK_EQ(offsetof(struct callback_register, flags), 2);
    CHECK_EQ(offsetof(struct callback_register, address), 8);
    CHECK_EQ(sizeof(struct callback_unregister), 4);
}

TEST(abi_physdev_h)
{
    CHECK_EQ(PHYSDEVOP_irq_status_query, 5);
    CHECK_EQ(PHYSDEVOP_set_iopl, 6);
    CHECK_EQ(PHYSDEVOP_set_iobitmap, 7);
    CHECK_EQ(PHYSDEVOP_eoi, 12);
    CHECK_EQ(PHYSDEVOP_map_pirq, 13);
    CHECK_EQ(PHYSDEVOP_pirq_eoi_gmfn_v2, 28);
    CHECK_EQ(PHYSDEVOP_release_msix, 31);
    CHECK_EQ(sizeof(struct physdev_set_iopl), 4);
    CHECK_EQ(sizeof(struct physdev_set_iobitmap), 16);
    CHECK_EQ(offsetof(struct physdev_set_iobitmap, nr_ports), 8);
    CHECK_EQ(sizeof(struct physdev_irq_status_query), 8);
    CHECK_EQ(sizeof(struct physdev_map_pirq), 40);
    CHECK_EQ(offsetof(struct physdev_map_pirq, type), 4);
    CHECK_EQ(offsetof(struct physdev_map_pirq, entry_nr), 24);
    CHECK_EQ(sizeof(struct physdev_op), 24);
}

TEST(abi_grant_table_h)
{
    CHECK_EQ(GNTTABOP_map_grant_ref, 0);
    CHECK_EQ(GNTTABOP_setup_table, 2);
    CHECK_EQ(GNTTABOP_copy, 5);
    CHECK_EQ(GNTTABOP_query_size, 6);
    CHECK_EQ(GNTTABOP_set_version, 8);
    CHECK_EQ(GNTTABOP_get_version, 10);
    CHECK_EQ(GNTTABOP_cache_flush, 12);
    CHECK_EQ(GTF_permit_access, 1);
    CHECK_EQ(GTF_readonly, 4);
    CHECK_EQ(GTF_writing, 16);
    CHECK_EQ(GTF_sub_page, 0x100);
    CHECK_EQ(GTF_transfer_completed, 8);
    CHECK_EQ(GNTMAP_contains_pte, 16);
    CHECK_EQ((int64_t)GNTST_no_space, -13);
    CHECK_EQ(sizeof(struct grant_entry_v1), 8);
    CHECK_EQ(offsetof(struct grant_entry_v1, domid), 2);
    CHECK_EQ(sizeof(union grant_entry_v2), 16);
    CHECK_EQ(offsetof(union grant_entry_v2, transitive.gref), 8);
    CHECK_EQ(sizeof(struct gnttab_map_grant_ref), 32);
    CHECK_EQ(offsetof(struct gnttab_map_grant_ref, status), 18);
    CHECK_EQ(offsetof(struct gnttab_map_grant_ref, dev_bus_addr), 24);
    CHECK_EQ(sizeof(struct gnttab_setup_table), 24);
    CHECK_EQ(offsetof(struct gnttab_setup_table, nr_frames), 4);
    CHECK_EQ(sizeof(struct gnttab_query_size), 16);
    CHECK_EQ(offsetof(struct gnttab_query_size, status), 12);
    CHECK_EQ(sizeof(struct gnttab_copy), 40);
    CHECK_EQ(offsetof(struct gnttab_copy, dest), 16);
    CHECK_EQ(offsetof(struct gnttab_copy, status), 36);
    CHECK_EQ(sizeof(struct gnttab_set_version), 4);
    CHECK_EQ(sizeof(struct gnttab_get_version), 8);
    CHECK_EQ(offsetof(struct gnttab_get_version, version), 4);
}

TEST(abi_elfnote_h)
{
    CHECK_EQ(XEN_ELFNOTE_INFO, 0);
    CHECK_EQ(XEN_ELFNOTE_ENTRY, 1);
    CHECK_EQ(XEN_ELFNOTE_HYPERCALL_PAGE, 2);
    CHECK_EQ(XEN_ELFNOTE_VIRT_BASE, 3);
    CHECK_EQ(XEN_ELFNOTE_GUEST_OS, 6);
    CHECK_EQ(XEN_ELFNOTE_FEATURES, 10);
    CHECK_EQ(XEN_ELFNOTE_HV_START_LOW, 12);
    CHECK_EQ(XEN_ELFNOTE_INIT_P2M, 15);
    CHECK_EQ(XEN_ELFNOTE_SUPPORTED_FEATURES, 17);
    CHECK_EQ(XEN_ELFNOTE_PHYS32_ENTRY, 18);
    CHECK_EQ(XEN_ELFNOTE_PHYS32_RELOC, 19);
    CHECK_EQ(XEN_ELFNOTE_CRASH_INFO, 0x1000001);
}

TEST(abi_io_console_h)
{
    struct xencons_interface intf;

    CHECK_EQ(sizeof(XENCONS_RING_IDX), 4);
    CHECK_EQ(sizeof(struct xencons_interface), 3088);
    CHECK_EQ(offsetof(struct xencons_interface, out), 1024);
    CHECK_EQ(offsetof(struct xencons_interface, in_cons), 3072);
    CHECK_EQ(offsetof(struct xencons_interface, in_prod), 3076);
    CHECK_EQ(offsetof(struct xencons_interface, out_cons), 3080);
    CHECK_EQ(offsetof(struct xencons_interface, out_prod), 3084);
    CHECK_EQ(MASK_XENCONS_IDX(1030u, intf.in), 6);
    CHECK_EQ(MASK_XENCONS_IDX(2050u, intf.out), 2);
}
