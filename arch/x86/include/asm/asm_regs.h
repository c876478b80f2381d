/* SPDX-License-Identifier: BSD-2-Clause */
/* Assembly macros that push and pop the general registers in the order of
 * struct cpu_regs (asm/processor.h), for every entry path. */
#ifndef ASM_ASM_REGS_H
#define ASM_ASM_REGS_H

#ifdef __ASSEMBLY__
/* Below an already pushed vector and error code. */
.macro SAVE_GPRS
        push    %rdi
        push    %rsi
        push    %rdx
        push    %rcx
        push    %rax
        push    %r8
        push    %r9
        push    %r10
        push    %r11
        push    %rbx
        push    %rbp
        push    %r12
        push    %r13
        push    %r14
        push    %r15
.endm

/* The reverse, then drop the vector and error code. */
.macro RESTORE_GPRS
        pop     %r15
        pop     %r14
        pop     %r13
        pop     %r12
        pop     %rbp
        pop     %rbx
        pop     %r11
        pop     %r10
        pop     %r9
        pop     %r8
        pop     %rax
        pop     %rcx
        pop     %rdx
        pop     %rsi
        pop     %rdi
        add     $16, %rsp
.endm
#endif

#endif
