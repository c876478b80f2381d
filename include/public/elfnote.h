/* SPDX-License-Identifier: BSD-2-Clause */
/* Xen ELF note types, written for Basalt: how a PV kernel image tells the
 * domain builder its entry point, hypercall page, features and layout. */
#ifndef BASALT_PUBLIC_ELFNOTE_H
#define BASALT_PUBLIC_ELFNOTE_H

/*
 * Notes are named "Xen" and sit in a PT_NOTE segment. Numeric values are 4
 * or 8 bytes (the note's descsz says which), strings are NUL-terminated.
 * Plain integers: include/basalt/xen_elf.h repeats some of these exactly.
 */
#define XEN_ELFNOTE_INFO               0  /* string NAME=VALUE */
#define XEN_ELFNOTE_ENTRY              1  /* VA of the entry point */
#define XEN_ELFNOTE_HYPERCALL_PAGE     2  /* VA where we write the stubs */
#define XEN_ELFNOTE_VIRT_BASE          3  /* VA the image is linked at */
#define XEN_ELFNOTE_PADDR_OFFSET       4  /* subtracted from p_paddr */
#define XEN_ELFNOTE_XEN_VERSION        5  /* string */
#define XEN_ELFNOTE_GUEST_OS           6  /* string, e.g. "linux" */
#define XEN_ELFNOTE_GUEST_VERSION      7  /* string */
#define XEN_ELFNOTE_LOADER             8  /* string, "generic" */
#define XEN_ELFNOTE_PAE_MODE           9  /* string, x86_32 only */
#define XEN_ELFNOTE_FEATURES           10 /* string "a|!b|..." of XENFEAT */
#define XEN_ELFNOTE_BSD_SYMTAB         11 /* string "yes"/"no" */
#define XEN_ELFNOTE_HV_START_LOW       12 /* lowest start of our hole */
#define XEN_ELFNOTE_L1_MFN_VALID       13 /* mask/value pairs */
#define XEN_ELFNOTE_SUSPEND_CANCEL     14 /* numeric, default 0 */
#define XEN_ELFNOTE_INIT_P2M           15 /* VA for the initial p2m list */
#define XEN_ELFNOTE_MOD_START_PFN      16 /* initrd may be left unmapped */
#define XEN_ELFNOTE_SUPPORTED_FEATURES 17 /* numeric XENFEAT bitmap */
#define XEN_ELFNOTE_PHYS32_ENTRY       18 /* PVH 32-bit physical entry */
#define XEN_ELFNOTE_PHYS32_RELOC       19 /* PVH relocation limits */
#define XEN_ELFNOTE_MAX                XEN_ELFNOTE_PHYS32_RELOC

/* Notes the hypervisor itself writes into crash dumps and core files. */
#define XEN_ELFNOTE_CRASH_INFO              0x1000001
#define XEN_ELFNOTE_CRASH_REGS              0x1000002
#define XEN_ELFNOTE_DUMPCORE_NONE           0x2000000
#define XEN_ELFNOTE_DUMPCORE_HEADER         0x2000001
#define XEN_ELFNOTE_DUMPCORE_XEN_VERSION    0x2000002
#define XEN_ELFNOTE_DUMPCORE_FORMAT_VERSION 0x2000003

#endif
