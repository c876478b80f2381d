/* SPDX-License-Identifier: BSD-2-Clause */
/* PV test kernel entry: own stack, record the entry state, run the test. */

/*
 * Xen enters the kernel ELF entry in 64-bit ring 3 with RSI = start_info
 * (a VA inside the bootstrap region) and RSP at the top of a bootstrap
 * stack that lives past the page tables. We keep our own stack in .bss so
 * nothing depends on the size of that bootstrap stack, and save the entry
 * registers so tests can check what the hypervisor handed over.
 */
    .section .text.entry, "ax", @progbits
    .globl _start
    .type _start, @function
_start:
    cld
    /* Record the entry state before anything changes it. */
    mov %rsi, guest_start_info(%rip)
    lea guest_entry(%rip), %rax
    mov %rsp, 0(%rax)
    mov %rsi, 8(%rax)
    pushfq
    popq 16(%rax)
    movw %cs, 24(%rax)
    movw %ss, 26(%rax)
    movw %ds, 28(%rax)
    movw %es, 30(%rax)
    movw %fs, 32(%rax)
    movw %gs, 34(%rax)

    lea guest_stack_top(%rip), %rsp
    xor %ebp, %ebp
    mov %rsi, %rdi
    call guest_main
    mov %eax, %edi
    call guest_exit
    /* guest_exit does not return; stop here if it ever does. */
1:  jmp 1b
    .size _start, . - _start

/*
 * The hypercall page: Xen writes one 32-byte stub per hypercall here (the
 * HYPERCALL_PAGE note names it). int3 filler traps if nobody did.
 */
    .section .text.hypercall_page, "ax", @progbits
    .balign 4096
    .globl hypercall_page
    .type hypercall_page, @object
hypercall_page:
    .fill 4096, 1, 0xcc
    .size hypercall_page, 4096

    .section .bss.stack, "aw", @nobits
    .balign 16
guest_stack:
    .skip 16384
guest_stack_top:

    .section .note.GNU-stack, "", @progbits
