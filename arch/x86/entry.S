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
        jnz     trap_from_guest
        /* IST vectors from ring 0 may arrive before the entry's swapgs
         * (a MOV SS-delayed #DB on the SYSCALL entry, an NMI there). */
        cmpq    $1, (%rsp)
        je      trap_paranoid
        cmpq    $2, (%rsp)
        je      trap_paranoid
        cmpq    $8, (%rsp)
        je      trap_paranoid
        cmpq    $18, (%rsp)
        je      trap_paranoid
        /* An entry from ring 0 may interrupt a guest-memory copy with
         * RFLAGS.AC set: clear it (clac faults without SMAP, hence the
         * flag). */
        testb   $1, smap_active(%rip)
        jz      1f
        clac
1:      SAVE_GPRS
        cld
        mov     %rsp, %rdi
        call    trap_dispatch
        RESTORE_GPRS
        iretq

/* On an IST stack: its top holds this CPU's percpu pointer, which GS_BASE
 * must equal (64 = vector, error, 5-word frame, 16 alignment bytes). */
trap_paranoid:
        testb   $1, smap_active(%rip)
        jz      1f
        clac
1:      SAVE_GPRS
        cld
        mov     $0xc0000101, %ecx
        rdmsr
        shl     $32, %rdx
        or      %rax, %rdx
        xor     %ebx, %ebx
        cmp     15*8+64(%rsp), %rdx
        je      2f
        swapgs
        mov     $1, %ebx
2:      mov     %rsp, %rdi
        call    trap_dispatch
        test    %ebx, %ebx
        jz      3f
        swapgs
3:      RESTORE_GPRS
        iretq

/* A guest may enter with RFLAGS.AC set, which would switch SMAP off for
 * us. On the way back a reschedule the scheduler asked for (percpu
 * softirq_pending, asm/percpu.h PERCPU_SOFTIRQ) comes first, then a
 * pending NMI or a pending, unmasked event is delivered (vcpu_info:
 * pending byte at 0, mask byte at 1). */
trap_from_guest:
        swapgs
        testb   $1, smap_active(%rip)
        jz      2f
        clac
2:      SAVE_GPRS
        cld
        mov     %rsp, %rdi
        call    trap_dispatch_guest
5:      cli
        cmpb    $0, %gs:41                   /* softirq_pending */
        jne     6f
        mov     %gs:24, %rax                 /* this CPU's vcpu */
        cmpb    $0, 27(%rax)                 /* its nmi_pending */
        jne     4f
        mov     (%rax), %rax                 /* its vcpu_info */
        cmpw    $1, (%rax)
        jne     3f
4:      mov     %rsp, %rdi
        call    pv_deliver_events
3:      RESTORE_GPRS
        swapgs
        iretq
/* Reschedule: back here if this vCPU keeps the CPU, else gone for good. */
6:      call    sched_softirq
        jmp     5b

/* void stack_switch_call(uint64_t new_top, void (*fn)(void)):
 * continue on a new stack; fn never returns. */
        .globl stack_switch_call
stack_switch_call:
        mov     %rdi, %rsp
        xor     %ebp, %ebp
        push    $0              /* fake return address ends stack traces */
        jmp     *%rsi

        .section .note.GNU-stack, "", @progbits
