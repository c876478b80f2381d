/* SPDX-License-Identifier: BSD-2-Clause */
/* x86_64 part of the Xen PV guest ABI, written for Basalt: guest handles,
 * trap table, register frame, vcpu context and the arch shared data. */
#ifndef BASALT_PUBLIC_ARCH_X86_XEN_H
#define BASALT_PUBLIC_ARCH_X86_XEN_H

#if !defined(__x86_64__)
#error "Basalt's public headers describe the x86_64 PV ABI only"
#endif

#include "xen-x86_64.h"

/* Plain-number helpers that also work in assembly (no suffixes there). */
#ifdef __ASSEMBLY__
#define XEN_U(x)   x
#define XEN_UL(x)  x
#define XEN_ULL(x) x
#else
#define XEN_U(x)   x##U
#define XEN_UL(x)  x##UL
#define XEN_ULL(x) x##ULL
#endif

/* vcpu_info[] slots in shared_info; later vcpus register their own. */
#define XEN_LEGACY_MAX_VCPUS 32
#define MAX_VIRT_CPUS        XEN_LEGACY_MAX_VCPUS

/* x86 hypercalls living in the arch range of xen.h. */
#define __HYPERVISOR_mca                __HYPERVISOR_arch_0
#define __HYPERVISOR_paging_domctl_cont __HYPERVISOR_arch_1

/*
 * Forced-emulation prefix: "ud2; .ascii \"xen\"" in front of CPUID makes a
 * PV guest's CPUID trap to the hypervisor, which then emulates it.
 */
#define XEN_EMULATE_PREFIX_BYTES 0x0f, 0x0b, 0x78, 0x65, 0x6e
#define XEN_EMULATE_PREFIX_LEN   5

/* Port 0xe9: each byte an HVM guest writes goes to the hypervisor log. */
#define XEN_HVM_DEBUGCONS_IOPORT 0xe9

/* trap_info.flags: bits 0-1 the DPL, bit 2 "mask events on entry". */
#define TI_GET_DPL(ti)      ((ti)->flags & 3)
#define TI_GET_IF(ti)       ((ti)->flags & 4)
#define TI_SET_DPL(ti, dpl) ((ti)->flags |= (dpl))
#define TI_SET_IF(ti, i)    ((ti)->flags |= ((!!(i)) << 2))

/* vcpu_guest_context.flags (VGCF_in_syscall is in xen-x86_64.h). */
#define VGCF_I387_VALID                (1 << 0)
#define VGCF_IN_KERNEL                 (1 << 2)
#define _VGCF_i387_valid               0
#define VGCF_i387_valid                (1 << _VGCF_i387_valid)
#define _VGCF_in_kernel                2
#define VGCF_in_kernel                 (1 << _VGCF_in_kernel)
#define _VGCF_failsafe_disables_events 3
#define VGCF_failsafe_disables_events  (1 << _VGCF_failsafe_disables_events)
#define _VGCF_syscall_disables_events  4
#define VGCF_syscall_disables_events   (1 << _VGCF_syscall_disables_events)
#define _VGCF_online                   5
#define VGCF_online                    (1 << _VGCF_online)

#ifndef __ASSEMBLY__
#include <stdint.h>

/*
 * A guest handle is a guest pointer wrapped in a struct so that C will not
 * let anyone dereference it by accident: 8 bytes, one pointer, the same
 * layout Xen uses. XEN_GUEST_HANDLE(name) names the type for "name".
 */
#define __DEFINE_XEN_GUEST_HANDLE(name, type)                                  \
    typedef struct {                                                           \
        type *p;                                                               \
    } xen_guest_handle_##name;                                                 \
    typedef struct {                                                           \
        const type *p;                                                         \
    } xen_guest_handle_const_##name
#define DEFINE_XEN_GUEST_HANDLE(name) __DEFINE_XEN_GUEST_HANDLE(name, name)
#define XEN_GUEST_HANDLE(name)        xen_guest_handle_##name
#define XEN_GUEST_HANDLE_PARAM(name)  XEN_GUEST_HANDLE(name)
#define set_xen_guest_handle(hnd, val)                                         \
    do {                                                                       \
        (hnd).p = (val);                                                       \
    } while (0)

typedef unsigned long xen_pfn_t;
typedef unsigned long xen_ulong_t;
typedef unsigned long xen_callback_t; /* a plain guest RIP on x86_64 */
typedef uint64_t tsc_timestamp_t;

#define xen_pfn_to_cr3(pfn) ((unsigned long)(pfn) << 12)
#define xen_cr3_to_pfn(cr3) ((unsigned long)(cr3) >> 12)

/*
 * HYPERVISOR_set_trap_table takes an array of these, ended by an entry
 * whose address is 0. Rings 1 and 2 do not exist for x86_64 guests, so a
 * DPL of 1 or 2 means "the guest kernel may INT to it".
 */
struct trap_info {
    uint8_t vector;
    uint8_t flags; /* TI_* */
    uint16_t cs;
    unsigned long address;
};
typedef struct trap_info trap_info_t;
DEFINE_XEN_GUEST_HANDLE(trap_info_t);

/*
 * Guest register frame. error_code and entry_vector are the hypervisor's;
 * saved_upcall_mask mirrors !RFLAGS.IF for the guest kernel.
 */
struct cpu_user_regs {
    uint64_t r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
    uint64_t rax, rcx, rdx, rsi, rdi;
    uint32_t error_code;
    uint32_t entry_vector;
    uint64_t rip;
    uint16_t cs, _pad0[1];
    uint8_t saved_upcall_mask;
    uint8_t _pad1[3];
    uint64_t rflags;
    uint64_t rsp;
    uint16_t ss, _pad2[3];
    uint16_t es, _pad3[3];
    uint16_t ds, _pad4[3];
    uint16_t fs, _pad5[3]; /* a non-null selector wins over fs_base */
    uint16_t gs, _pad6[3]; /* a non-null selector wins over gs_base_user */
};
typedef struct cpu_user_regs cpu_user_regs_t;
DEFINE_XEN_GUEST_HANDLE(cpu_user_regs_t);

/* Per-vcpu arch part of vcpu_info: the guest reads its fault address here. */
struct arch_vcpu_info {
    unsigned long cr2;
    unsigned long pad; /* keeps vcpu_info at 64 bytes */
};
typedef struct arch_vcpu_info arch_vcpu_info_t;

/* VCPUOP_initialise / DOMCTL_setvcpucontext: a full PV vcpu state. */
struct vcpu_guest_context {
    struct {
        char x[512]; /* FXSAVE image; first so it can be 16-byte aligned */
    } fpu_ctxt;
    unsigned long flags; /* VGCF_* */
    struct cpu_user_regs user_regs;
    struct trap_info trap_ctxt[256]; /* the virtual IDT */
    unsigned long ldt_base, ldt_ents;
    unsigned long gdt_frames[16], gdt_ents;
    unsigned long kernel_ss, kernel_sp;
    unsigned long ctrlreg[8]; /* ctrlreg[1] is the user page-table base */
    unsigned long debugreg[8];
    unsigned long event_callback_eip;
    unsigned long failsafe_callback_eip;
    unsigned long syscall_callback_eip;
    unsigned long vm_assist; /* bitmap of VMASST_TYPE_* */
    uint64_t fs_base;
    uint64_t gs_base_kernel;
    uint64_t gs_base_user;
};
typedef struct vcpu_guest_context vcpu_guest_context_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_guest_context_t);

/*
 * Arch part of shared_info. The p2m fields are written by the guest for
 * the tools: a 3-level frame list (0 = not set, ~0 = unusable) and/or a
 * linear list at p2m_vaddr in the address space of p2m_cr3, guarded by
 * p2m_generation (odd while being changed).
 */
struct arch_shared_info {
    unsigned long max_pfn;
    xen_pfn_t pfn_to_mfn_frame_list_list;
    unsigned long nmi_reason;
    unsigned long p2m_cr3;
    unsigned long p2m_vaddr;
    unsigned long p2m_generation;
};
typedef struct arch_shared_info arch_shared_info_t;

XEN_ABI_SIZE(struct trap_info, 16);
XEN_ABI_OFFSET(struct trap_info, address, 8);
XEN_ABI_SIZE(struct cpu_user_regs, 200);
XEN_ABI_OFFSET(struct cpu_user_regs, error_code, 120);
XEN_ABI_OFFSET(struct cpu_user_regs, rip, 128);
XEN_ABI_OFFSET(struct cpu_user_regs, saved_upcall_mask, 140);
XEN_ABI_OFFSET(struct cpu_user_regs, rflags, 144);
XEN_ABI_OFFSET(struct cpu_user_regs, ss, 160);
XEN_ABI_OFFSET(struct cpu_user_regs, gs, 192);
XEN_ABI_SIZE(struct arch_vcpu_info, 16);
XEN_ABI_SIZE(struct vcpu_guest_context, 5168);
XEN_ABI_OFFSET(struct vcpu_guest_context, user_regs, 520);
XEN_ABI_OFFSET(struct vcpu_guest_context, trap_ctxt, 720);
XEN_ABI_OFFSET(struct vcpu_guest_context, ctrlreg, 4984);
XEN_ABI_OFFSET(struct vcpu_guest_context, event_callback_eip, 5112);
XEN_ABI_OFFSET(struct vcpu_guest_context, fs_base, 5144);
XEN_ABI_SIZE(struct arch_shared_info, 48);
XEN_ABI_SIZE(XEN_GUEST_HANDLE(trap_info_t), 8);

#endif /* !__ASSEMBLY__ */

#endif
