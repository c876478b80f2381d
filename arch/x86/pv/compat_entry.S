/* SPDX-License-Identifier: BSD-2-Clause */
/* SYSCALL from a guest's 32-bit code (CSTAR): bounced to the guest as #UD. */
#include <asm/config.h>
#include <asm/asm_regs.inc>

#define PERCPU_SYSCALL_RSP 8 /* asm/percpu.h, checked there */
#define PERCPU_STACK_TOP 16
#define GUEST_DS 0xe02b
#define GUEST_CS32 0xe023

/* Basalt runs 64-bit PV guests only, but one may far-jump to the 32-bit
 * ring-3 selector and execute SYSCALL. The CPU then enters here, in ring
 * 0 on the guest's stack and GS, exactly like LSTAR: switch the same way,
 * build a #UD frame and let pv_compat_syscall deal with it. */
        .text
        .globl pv_cstar_entry
pv_cstar_entry:
        swapgs
        mov     %rsp, %gs:PERCPU_SYSCALL_RSP
        mov     %gs:PERCPU_STACK_TOP, %rsp
        pushq   $GUEST_DS                    /* ss */
        pushq   %gs:PERCPU_SYSCALL_RSP       /* rsp */
        push    %r11                         /* rflags */
        pushq   $GUEST_CS32                  /* cs */
        push    %rcx                         /* rip: after the SYSCALL */
        pushq   $0                           /* error code */
        pushq   $6                           /* vector: #UD */
        SAVE_GPRS
        mov     %rsp, %rdi
        call    pv_compat_syscall            /* returns only to resume */
        mov     %rsp, %rdi
        jmp     pv_enter

        .section .note.GNU-stack, "", @progbits
