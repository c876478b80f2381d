/* SPDX-License-Identifier: BSD-2-Clause */
/* The core Xen PV guest ABI (Xen 4.17, x86_64), written for Basalt:
 * hypercall numbers, VIRQs, MMU ops, shared_info and start_info. */
#ifndef BASALT_PUBLIC_XEN_H
#define BASALT_PUBLIC_XEN_H

#include "arch-x86/xen.h"

/* Hypercall numbers: the index into the hypercall page and our table. */
#define __HYPERVISOR_set_trap_table    0
#define __HYPERVISOR_mmu_update        1
#define __HYPERVISOR_set_gdt           2
#define __HYPERVISOR_stack_switch      3
#define __HYPERVISOR_set_callbacks     4
#define __HYPERVISOR_fpu_taskswitch    5
#define __HYPERVISOR_sched_op_compat   6
#define __HYPERVISOR_platform_op       7
#define __HYPERVISOR_set_debugreg      8
#define __HYPERVISOR_get_debugreg      9
#define __HYPERVISOR_update_descriptor 10
/* 11 is unused. */
#define __HYPERVISOR_memory_op                     12
#define __HYPERVISOR_multicall                     13
#define __HYPERVISOR_update_va_mapping             14
#define __HYPERVISOR_set_timer_op                  15
#define __HYPERVISOR_event_channel_op_compat       16
#define __HYPERVISOR_xen_version                   17
#define __HYPERVISOR_console_io                    18
#define __HYPERVISOR_physdev_op_compat             19
#define __HYPERVISOR_grant_table_op                20
#define __HYPERVISOR_vm_assist                     21
#define __HYPERVISOR_update_va_mapping_otherdomain 22
#define __HYPERVISOR_iret                          23
#define __HYPERVISOR_vcpu_op                       24
#define __HYPERVISOR_set_segment_base              25
#define __HYPERVISOR_mmuext_op                     26
#define __HYPERVISOR_xsm_op                        27
#define __HYPERVISOR_nmi_op                        28
#define __HYPERVISOR_sched_op                      29
#define __HYPERVISOR_callback_op                   30
#define __HYPERVISOR_xenoprof_op                   31
#define __HYPERVISOR_event_channel_op              32
#define __HYPERVISOR_physdev_op                    33
#define __HYPERVISOR_hvm_op                        34
#define __HYPERVISOR_sysctl                        35
#define __HYPERVISOR_domctl                        36
#define __HYPERVISOR_kexec_op                      37
#define __HYPERVISOR_tmem_op                       38
#define __HYPERVISOR_argo_op                       39
#define __HYPERVISOR_xenpmu_op                     40
#define __HYPERVISOR_dm_op                         41
#define __HYPERVISOR_hypfs_op                      42
#define __HYPERVISOR_arch_0                        48
#define __HYPERVISOR_arch_1                        49
#define __HYPERVISOR_arch_2                        50
#define __HYPERVISOR_arch_3                        51
#define __HYPERVISOR_arch_4                        52
#define __HYPERVISOR_arch_5                        53
#define __HYPERVISOR_arch_6                        54
#define __HYPERVISOR_arch_7                        55
/* Size of the dispatch table: one slot per possible number above. */
#define XEN_NR_HYPERCALLS 64

/*
 * Virtual interrupts. Per-vcpu ones (TIMER, DEBUG, XENOPROF, XENPMU) bind
 * once on each vcpu; the others are global and bind on vcpu 0 first.
 */
#define VIRQ_TIMER      0
#define VIRQ_DEBUG      1
#define VIRQ_CONSOLE    2 /* dom0: input on the hypervisor console */
#define VIRQ_DOM_EXC    3 /* dom0: some domain needs attention */
#define VIRQ_TBUF       4
#define VIRQ_DEBUGGER   6
#define VIRQ_XENOPROF   7
#define VIRQ_CON_RING   8 /* dom0: hypervisor console ring has data */
#define VIRQ_PCPU_STATE 9
#define VIRQ_MEM_EVENT  10
#define VIRQ_ARGO       11
#define VIRQ_ENOMEM     12
#define VIRQ_XENPMU     13
#define VIRQ_ARCH_0     16
#define VIRQ_ARCH_1     17
#define VIRQ_ARCH_2     18
#define VIRQ_ARCH_3     19
#define VIRQ_ARCH_4     20
#define VIRQ_ARCH_5     21
#define VIRQ_ARCH_6     22
#define VIRQ_ARCH_7     23
#define NR_VIRQS        24

/*
 * HYPERVISOR_mmu_update(reqs, count, done, foreigndom): the low two bits
 * of each request's ptr choose the command, the rest is a machine address.
 */
#define MMU_NORMAL_PT_UPDATE       0 /* checked *ptr = val */
#define MMU_MACHPHYS_UPDATE        1 /* M2P entry of frame ptr = val */
#define MMU_PT_UPDATE_PRESERVE_AD  2 /* as NORMAL, keep the A/D bits */
#define MMU_PT_UPDATE_NO_TRANSLATE 3 /* as NORMAL, val not translated */

/* HYPERVISOR_mmuext_op commands (struct mmuext_op.cmd). */
#define MMUEXT_PIN_L1_TABLE       0
#define MMUEXT_PIN_L2_TABLE       1
#define MMUEXT_PIN_L3_TABLE       2
#define MMUEXT_PIN_L4_TABLE       3
#define MMUEXT_UNPIN_TABLE        4
#define MMUEXT_NEW_BASEPTR        5
#define MMUEXT_TLB_FLUSH_LOCAL    6
#define MMUEXT_INVLPG_LOCAL       7
#define MMUEXT_TLB_FLUSH_MULTI    8
#define MMUEXT_INVLPG_MULTI       9
#define MMUEXT_TLB_FLUSH_ALL      10
#define MMUEXT_INVLPG_ALL         11
#define MMUEXT_FLUSH_CACHE        12
#define MMUEXT_SET_LDT            13
#define MMUEXT_NEW_USER_BASEPTR   15
#define MMUEXT_CLEAR_PAGE         16
#define MMUEXT_COPY_PAGE          17
#define MMUEXT_FLUSH_CACHE_GLOBAL 18
#define MMUEXT_MARK_SUPER         19
#define MMUEXT_UNMARK_SUPER       20

/*
 * update_va_mapping flags: a flush type in bits 0-1, then a scope. For
 * UVMF_MULTI the caller ORs in a pointer to a vcpu bitmap.
 */
#define UVMF_NONE           (XEN_UL(0) << 0)
#define UVMF_TLB_FLUSH      (XEN_UL(1) << 0)
#define UVMF_INVLPG         (XEN_UL(2) << 0)
#define UVMF_FLUSHTYPE_MASK (XEN_UL(3) << 0)
#define UVMF_MULTI          (XEN_UL(0) << 2)
#define UVMF_LOCAL          (XEN_UL(0) << 2)
#define UVMF_ALL            (XEN_UL(1) << 2)

/* HYPERVISOR_console_io(cmd, count, buffer). */
#define CONSOLEIO_write 0
#define CONSOLEIO_read  1

/* HYPERVISOR_vm_assist(cmd, type). */
#define VMASST_CMD_enable                0
#define VMASST_CMD_disable               1
#define VMASST_TYPE_4gb_segments         0
#define VMASST_TYPE_4gb_segments_notify  1
#define VMASST_TYPE_writable_pagetables  2
#define VMASST_TYPE_pae_extended_cr3     3
#define VMASST_TYPE_architectural_iopl   4
#define VMASST_TYPE_runstate_update_flag 5
#define VMASST_TYPE_m2p_strict           32

/* Domain ids at and above 0x7FF0 are names, not domains. */
#define DOMID_FIRST_RESERVED XEN_U(0x7FF0)
#define DOMID_SELF           XEN_U(0x7FF0)
#define DOMID_IO             XEN_U(0x7FF1)
#define DOMID_XEN            XEN_U(0x7FF2)
#define DOMID_COW            XEN_U(0x7FF3)
#define DOMID_INVALID        XEN_U(0x7FF4)
#define DOMID_IDLE           XEN_U(0x7FFF)
#define DOMID_MASK           XEN_U(0x7FFF)

/* start_info.flags */
#define SIF_PRIVILEGED      (1 << 0)
#define SIF_INITDOMAIN      (1 << 1)
#define SIF_MULTIBOOT_MOD   (1 << 2) /* mod_start is a multiboot module */
#define SIF_MOD_START_PFN   (1 << 3) /* mod_start is a PFN, not a VA */
#define SIF_VIRT_P2M_4TOOLS (1 << 4)
#define SIF_PM_MASK         (0xFF << 8)

#define MAX_GUEST_CMDLINE 1024
/* start_info.magic as Xen writes it for a 64-bit PV guest. */
#define XEN_START_INFO_MAGIC "xen-3.0-x86_64"

/* vcpu_time_info.flags */
#define XEN_PVCLOCK_TSC_STABLE_BIT (1 << 0)
#define XEN_PVCLOCK_GUEST_STOPPED  (1 << 1)

/* dom0_vga_console_info.video_type */
#define XEN_VGATYPE_TEXT_MODE_3 0x03
#define XEN_VGATYPE_VESA_LFB    0x23
#define XEN_VGATYPE_EFI_LFB     0x70

#ifndef __ASSEMBLY__

typedef uint16_t domid_t;
typedef uint8_t xen_domain_handle_t[16];
typedef struct {
    uint8_t a[16];
} xen_uuid_t;

__DEFINE_XEN_GUEST_HANDLE(char, char);
__DEFINE_XEN_GUEST_HANDLE(uchar, unsigned char);
__DEFINE_XEN_GUEST_HANDLE(int, int);
__DEFINE_XEN_GUEST_HANDLE(uint, unsigned int);
__DEFINE_XEN_GUEST_HANDLE(void, void);
__DEFINE_XEN_GUEST_HANDLE(uint64_t, uint64_t);
__DEFINE_XEN_GUEST_HANDLE(xen_pfn_t, xen_pfn_t);
__DEFINE_XEN_GUEST_HANDLE(xen_ulong_t, xen_ulong_t);
__DEFINE_XEN_GUEST_HANDLE(uint8, uint8_t);
__DEFINE_XEN_GUEST_HANDLE(uint16, uint16_t);
__DEFINE_XEN_GUEST_HANDLE(uint32, uint32_t);
__DEFINE_XEN_GUEST_HANDLE(uint64, uint64_t);

/* One HYPERVISOR_mmu_update request. */
struct mmu_update {
    uint64_t ptr; /* machine address of the entry, low 2 bits = MMU_* */
    uint64_t val;
};
typedef struct mmu_update mmu_update_t;
DEFINE_XEN_GUEST_HANDLE(mmu_update_t);

/* One HYPERVISOR_mmuext_op request; which arg is used depends on cmd. */
struct mmuext_op {
    unsigned int cmd; /* MMUEXT_* */
    union {
        xen_pfn_t mfn;             /* pin/unpin, baseptrs, pages, super */
        unsigned long linear_addr; /* INVLPG_*, SET_LDT */
    } arg1;
    union {
        unsigned int nr_ents;                  /* SET_LDT */
        XEN_GUEST_HANDLE(const_void) vcpumask; /* *_MULTI */
        xen_pfn_t src_mfn;                     /* COPY_PAGE */
    } arg2;
};
typedef struct mmuext_op mmuext_op_t;
DEFINE_XEN_GUEST_HANDLE(mmuext_op_t);

/* One call of a HYPERVISOR_multicall batch; result is written back. */
struct multicall_entry {
    xen_ulong_t op, result;
    xen_ulong_t args[6];
};
typedef struct multicall_entry multicall_entry_t;
DEFINE_XEN_GUEST_HANDLE(multicall_entry_t);

/*
 * Per-vcpu time base. version is odd while we update it; the guest reads
 * until it sees the same even version before and after. Current time is
 * system_time + ((((tsc - tsc_timestamp) << tsc_shift) * mul) >> 32),
 * where a negative tsc_shift means a right shift.
 */
struct vcpu_time_info {
    uint32_t version;
    uint32_t pad0;
    uint64_t tsc_timestamp;
    uint64_t system_time; /* ns since boot */
    uint32_t tsc_to_system_mul;
    int8_t tsc_shift;
    uint8_t flags; /* XEN_PVCLOCK_* */
    uint8_t pad1[2];
};
typedef struct vcpu_time_info vcpu_time_info_t;

/*
 * Per-vcpu event state. We set evtchn_upcall_pending; the guest clears it
 * before scanning. A non-zero evtchn_upcall_mask holds off the upcall (the
 * guest's interrupt flag). Each bit of evtchn_pending_sel covers one word
 * of shared_info.evtchn_pending.
 */
struct vcpu_info {
    uint8_t evtchn_upcall_pending;
    uint8_t evtchn_upcall_mask;
    xen_ulong_t evtchn_pending_sel;
    struct arch_vcpu_info arch;
    struct vcpu_time_info time;
};
typedef struct vcpu_info vcpu_info_t;

/*
 * The shared info page. evtchn_pending/mask are the 2-level event channel
 * bitmaps (port p is bit p % 64 of word p / 64). wc_* is the wall clock at
 * system time 0, versioned like vcpu_time_info.
 */
struct shared_info {
    struct vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS];
    xen_ulong_t evtchn_pending[sizeof(xen_ulong_t) * 8];
    xen_ulong_t evtchn_mask[sizeof(xen_ulong_t) * 8];
    uint32_t wc_version;
    uint32_t wc_sec;
    uint32_t wc_nsec;
    uint32_t wc_sec_hi;
    struct arch_shared_info arch;
};
typedef struct shared_info shared_info_t;

/*
 * Handed to a PV guest in RSI at start of day (see ARCHITECTURE.md for the
 * layout of the initial mapping). Console: domU uses the ring page and
 * event channel; dom0 instead finds a dom0_vga_console_info at info_off
 * bytes from the start of this structure.
 */
struct start_info {
    char magic[32]; /* XEN_START_INFO_MAGIC */
    unsigned long nr_pages;
    unsigned long shared_info; /* machine address */
    uint32_t flags;            /* SIF_* */
    xen_pfn_t store_mfn;
    uint32_t store_evtchn;
    union {
        struct {
            xen_pfn_t mfn;
            uint32_t evtchn;
        } domU;
        struct {
            uint32_t info_off;
            uint32_t info_size;
        } dom0;
    } console;
    /* Only valid at first boot, not after resume. */
    unsigned long pt_base;      /* VA of the top-level page table */
    unsigned long nr_pt_frames; /* frames of bootstrap page tables */
    unsigned long mfn_list;     /* VA of the p2m array */
    unsigned long mod_start;    /* VA (or PFN, SIF_MOD_START_PFN) of initrd */
    unsigned long mod_len;
    int8_t cmd_line[MAX_GUEST_CMDLINE];
    unsigned long first_p2m_pfn; /* initial p2m frames (XEN_ELFNOTE_INIT_P2M) */
    unsigned long nr_p2m_frames;
};
typedef struct start_info start_info_t;

/* A module list inside a SIF_MULTIBOOT_MOD initrd; ends at mod_start 0. */
struct xen_multiboot_mod_list {
    uint32_t mod_start;
    uint32_t mod_end; /* inclusive */
    uint32_t cmdline;
    uint32_t pad;
};

/* dom0's boot console description (start_info.console.dom0). */
struct dom0_vga_console_info {
    uint8_t video_type; /* XEN_VGATYPE_* */
    union {
        struct {
            uint16_t font_height;
            uint16_t cursor_x, cursor_y;
            uint16_t rows, columns;
        } text_mode_3;
        struct {
            uint16_t width, height;
            uint16_t bytes_per_line;
            uint16_t bits_per_pixel;
            uint32_t lfb_base;
            uint32_t lfb_size; /* in 64 KiB units */
            uint8_t red_pos, red_size;
            uint8_t green_pos, green_size;
            uint8_t blue_pos, blue_size;
            uint8_t rsvd_pos, rsvd_size;
            uint32_t gbl_caps;
            uint16_t mode_attrs;
            uint16_t pad;
            uint32_t ext_lfb_base; /* bits 63:32 of the LFB address */
        } vesa_lfb;
    } u;
};
typedef struct dom0_vga_console_info dom0_vga_console_info_t;

XEN_ABI_SIZE(domid_t, 2);
XEN_ABI_SIZE(struct mmu_update, 16);
XEN_ABI_SIZE(struct mmuext_op, 24);
XEN_ABI_OFFSET(struct mmuext_op, arg1, 8);
XEN_ABI_OFFSET(struct mmuext_op, arg2, 16);
XEN_ABI_SIZE(struct multicall_entry, 64);
XEN_ABI_SIZE(struct vcpu_time_info, 32);
XEN_ABI_OFFSET(struct vcpu_time_info, tsc_to_system_mul, 24);
XEN_ABI_OFFSET(struct vcpu_time_info, flags, 29);
XEN_ABI_SIZE(struct vcpu_info, 64);
XEN_ABI_OFFSET(struct vcpu_info, evtchn_pending_sel, 8);
XEN_ABI_OFFSET(struct vcpu_info, arch, 16);
XEN_ABI_OFFSET(struct vcpu_info, time, 32);
XEN_ABI_SIZE(struct shared_info, 3136);
XEN_ABI_OFFSET(struct shared_info, evtchn_pending, 2048);
XEN_ABI_OFFSET(struct shared_info, evtchn_mask, 2560);
XEN_ABI_OFFSET(struct shared_info, wc_version, 3072);
XEN_ABI_OFFSET(struct shared_info, arch, 3088);
XEN_ABI_SIZE(struct start_info, 1168);
XEN_ABI_OFFSET(struct start_info, flags, 48);
XEN_ABI_OFFSET(struct start_info, store_mfn, 56);
XEN_ABI_OFFSET(struct start_info, console, 72);
XEN_ABI_OFFSET(struct start_info, pt_base, 88);
XEN_ABI_OFFSET(struct start_info, cmd_line, 128);
XEN_ABI_OFFSET(struct start_info, first_p2m_pfn, 1152);
XEN_ABI_SIZE(struct xen_multiboot_mod_list, 16);
XEN_ABI_SIZE(struct dom0_vga_console_info, 40);
XEN_ABI_OFFSET(struct dom0_vga_console_info, u, 4);

#endif /* !__ASSEMBLY__ */

#endif
