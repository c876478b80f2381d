/* SPDX-License-Identifier: BSD-2-Clause */
/* The Xen ELF notes that make a sample guest loadable by any PV builder. */

#include <public/elfnote.h>

/* Same virtual base as Linux's __START_KERNEL_map; see guest.lds. */
#define SAMPLE_VIRT_BASE 0xffffffff80000000

/*
 * One note: name "Xen", type, then the descriptor, each padded to 4
 * bytes. Builders read numeric descriptors as 4 or 8 bytes by descsz.
 */
.macro XEN_NOTE type, desc:vararg
    .pushsection .note.Xen, "a", @note
    .balign 4
    .long 2f - 1f
    .long 4f - 3f
    .long \type
1:  .asciz "Xen"
2:  .balign 4
3:  \desc
4:  .balign 4
    .popsection
.endm

    XEN_NOTE XEN_ELFNOTE_GUEST_OS, .asciz "Basalt-sample"
    XEN_NOTE XEN_ELFNOTE_GUEST_VERSION, .asciz "1.0"
    XEN_NOTE XEN_ELFNOTE_XEN_VERSION, .asciz "xen-3.0"
    XEN_NOTE XEN_ELFNOTE_LOADER, .asciz "generic"
    XEN_NOTE XEN_ELFNOTE_VIRT_BASE, .quad SAMPLE_VIRT_BASE
    /* Modern convention: p_paddr holds the offset from VIRT_BASE. */
    XEN_NOTE XEN_ELFNOTE_PADDR_OFFSET, .quad 0
    XEN_NOTE XEN_ELFNOTE_ENTRY, .quad _start
    XEN_NOTE XEN_ELFNOTE_HYPERCALL_PAGE, .quad hypercall_page
    /* No FEATURES note: only the base PV ABI is used (no writable page
     * tables, no auto-translated physmap, no superpages). */

    .section .note.GNU-stack, "", @progbits
