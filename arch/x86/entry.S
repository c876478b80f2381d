/* SPDX-License-Identifier: BSD-2-Clause */
/* Exception and interrupt entry: 256 stubs that push a uniform frame
 * (struct cpu_regs) and call trap_dispatch(). */
#include <asm/config.h>
#include <asm/asm_regs.inc>

        .text
        .balign 16
        .globl trap_stubs
trap_stubs:
        .set    vec, 0
        .rept   256
        .balign 16
        .if     vec >= 32
        pushq   $0                  /* interrupts: no error code */
        .elseif (X86_EXC_HAS_ERROR_CODE(vec)) == 0
        pushq   $0
        .endif
        pushq   $vec
        jmp     trap_common
        .set    vec, vec + 1
        .endr

trap_common:
        /* From ring 3 (a guest), switch to the hypervisor's GS base. */
        testb   $3, 24(%rsp)
        jz      1f
        swapgs
1:      /* A guest may enter with RFLAGS.AC set: that would switch SMAP
         * off for us. clac faults without SMAP, hence the flag. */
        testb   $1, smap_active(%rip)
        jz      2f
        clac
2:      SAVE_GPRS
        cld
        mov     %rsp, %rdi
        call    trap_dispatch
        RESTORE_GPRS
        testb   $3, 8(%rsp)
        jz      3f
        swapgs
3:      iretq

/* void stack_switch_call(uint64_t new_top, void (*fn)(void)):
 * continue on a new stack; fn never returns. */
        .globl stack_switch_call
stack_switch_call:
        mov     %rdi, %rsp
        xor     %ebp, %ebp
        push    $0              /* fake return address ends stack traces */
        jmp     *%rsi

        .section .note.GNU-stack, "", @progbits
