/* SPDX-License-Identifier: BSD-2-Clause */
/* Sample guest entry, the hypercall page and the event upcall trampoline. */

/*
 * A PV builder enters _start in 64-bit ring 3 with RSI = start_info (a VA
 * inside the bootstrap region) and RSP on a small bootstrap stack. Switch
 * to our own stack in .bss so nothing depends on that stack's size.
 */
    .section .text.entry, "ax", @progbits
    .globl _start
    .type _start, @function
_start:
    cld
    lea guest_stack_top(%rip), %rsp
    xor %ebp, %ebp
    mov %rsi, %rdi
    call guest_start
    /* guest_start never returns; stop here if it ever does. */
1:  jmp 1b
    .size _start, . - _start

/*
 * The event upcall. The hypervisor enters here with events masked and
 * Xen's frame { RCX, R11, RIP, CS, RFLAGS, RSP, SS } on the stack. Save
 * the caller-saved registers, let C scan the pending bitmaps, then leave
 * through HYPERVISOR_iret (flags 0): its stub pushes RCX, R11 and RAX
 * itself, so we hand back the interrupted values of all three. iret
 * restores the event mask from the saved RFLAGS.IF.
 */
    .text
    .globl event_upcall_entry
    .type event_upcall_entry, @function
event_upcall_entry:
    pop %rcx
    pop %r11
    push %rax
    push %rcx
    push %rdx
    push %rsi
    push %rdi
    push %r8
    push %r9
    push %r10
    push %r11
    call event_upcall
    pop %r11
    pop %r10
    pop %r9
    pop %r8
    pop %rdi
    pop %rsi
    pop %rdx
    pop %rcx
    pop %rax
    pushq $0
    jmp hypercall_page + 23 * 32 /* __HYPERVISOR_iret */
    .size event_upcall_entry, . - event_upcall_entry

/*
 * The hypercall page: the hypervisor writes one 32-byte stub per
 * hypercall here (the HYPERCALL_PAGE note names it). int3 filler traps if
 * nobody did.
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
