/* SPDX-License-Identifier: BSD-2-Clause */
/* dom0 entry, Xen ELF notes, hypercall page, event upcall and trap stubs. */

#include <public/elfnote.h>

/* Must match OS_VIRT_BASE (os_priv.h) and dom0.lds. */
#define DOM0_VIRT_BASE 0x400000

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

    XEN_NOTE XEN_ELFNOTE_GUEST_OS, .asciz "Basalt-dom0"
    XEN_NOTE XEN_ELFNOTE_GUEST_VERSION, .asciz "0.1"
    XEN_NOTE XEN_ELFNOTE_XEN_VERSION, .asciz "xen-3.0"
    XEN_NOTE XEN_ELFNOTE_LOADER, .asciz "generic"
    XEN_NOTE XEN_ELFNOTE_VIRT_BASE, .quad DOM0_VIRT_BASE
    /* p_paddr is the offset from VIRT_BASE (dom0.lds). */
    XEN_NOTE XEN_ELFNOTE_PADDR_OFFSET, .quad 0
    XEN_NOTE XEN_ELFNOTE_ENTRY, .quad _start
    XEN_NOTE XEN_ELFNOTE_HYPERCALL_PAGE, .quad hypercall_page

/*
 * Entered in 64-bit ring 3 with RSI = start_info. We run on our own
 * 16-byte aligned stack in .bss (the bootstrap one is a single page).
 */
    .section .text.entry, "ax", @progbits
    .globl _start
_start:
    cld
    lea os_stack_top(%rip), %rsp
    xor %ebp, %ebp
    mov %rsi, %rdi
    call os_start
1:  jmp 1b

/*
 * Event upcall. Xen pushed { RCX, R11, RIP, CS, RFLAGS, RSP, SS } with
 * events masked. Save the caller-saved registers, scan on an aligned
 * stack, and leave through HYPERVISOR_iret (flags 0), which restores the
 * upcall mask from the saved RFLAGS.IF.
 */
    .text
    .globl os_upcall_entry
os_upcall_entry:
    pop %rcx
    pop %r11
    push %rax; push %rcx; push %rdx; push %rsi; push %rdi
    push %r8; push %r9; push %r10; push %r11; push %rbx
    mov %rsp, %rbx
    and $-16, %rsp
    call os_upcall
    mov %rbx, %rsp
    pop %rbx; pop %r11; pop %r10; pop %r9; pop %r8
    pop %rdi; pop %rsi; pop %rdx; pop %rcx; pop %rax
    pushq $0
    jmp hypercall_page + 23 * 32

/* Failsafe callback: a segment reload failed; nothing sane to return to. */
    .globl os_failsafe_entry
os_failsafe_entry:
    mov $-1, %edi
    mov %rsp, %rsi
    and $-16, %rsp
    call os_trap

/*
 * Exceptions: { RCX, R11, [error code], RIP, CS, RFLAGS, RSP, SS }. Every
 * one is fatal for dom0, so the stubs only make the frame uniform
 * (vector, error, RIP, CS, RFLAGS, RSP, SS) and call os_trap(vec, frame).
 */
.macro TRAP vec, has_err
    .globl os_trap_\vec
os_trap_\vec:
    pop %rcx
    pop %r11
    .if \has_err == 0
    pushq $0
    .endif
    pushq $\vec
    jmp os_trap_common
.endm

    TRAP 0, 0
    TRAP 1, 0
    TRAP 2, 0
    TRAP 3, 0
    TRAP 4, 0
    TRAP 5, 0
    TRAP 6, 0
    TRAP 7, 0
    TRAP 8, 1
    TRAP 10, 1
    TRAP 11, 1
    TRAP 12, 1
    TRAP 13, 1
    TRAP 14, 1
    TRAP 16, 0
    TRAP 17, 1
    TRAP 18, 0
    TRAP 19, 0

os_trap_common:
    mov (%rsp), %rdi
    lea 8(%rsp), %rsi
    and $-16, %rsp
    call os_trap
2:  jmp 2b

/* Filled by the hypervisor: one 32-byte stub per hypercall. */
    .section .text.hypercall_page, "ax", @progbits
    .balign 4096
    .globl hypercall_page
hypercall_page:
    .fill 4096, 1, 0xcc

    .section .bss.stack, "aw", @nobits
    .balign 16
    .globl os_stack_bottom
os_stack_bottom:
    .skip 65536
os_stack_top:

    .section .note.GNU-stack, "", @progbits
