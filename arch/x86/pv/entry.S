/* SPDX-License-Identifier: BSD-2-Clause */
/* PV guest entry and exit: SYSCALL from the guest's hypercall page into
 * the hypercall dispatcher, SYSRET back; the first IRET into a guest. */
#include <asm/config.h>
#include <asm/asm_regs.inc>

#define PERCPU_SYSCALL_RSP 8 /* asm/percpu.h, checked there */
#define PERCPU_STACK_TOP 16
#define PERCPU_CURR_VCPU 24
#define VCPU_VCPU_INFO 0 /* struct vcpu, checked in kernel/domain.c */
#define GUEST_DS 0xe02b
#define GUEST_CS64 0xe033

/* SYSCALL: RCX = guest RIP, R11 = guest RFLAGS, RSP still the guest's.
 * Build the same frame as trap entry (struct cpu_regs, vector 0x100). */
        .text
        .globl pv_syscall_entry
pv_syscall_entry:
        swapgs
        mov     %rsp, %gs:PERCPU_SYSCALL_RSP
        mov     %gs:PERCPU_STACK_TOP, %rsp
        pushq   $GUEST_DS                    /* ss */
        pushq   %gs:PERCPU_SYSCALL_RSP       /* rsp */
        push    %r11                         /* rflags */
        pushq   $GUEST_CS64                  /* cs */
        push    %rcx                         /* rip */
        pushq   $0                           /* error code */
        pushq   $0x100                       /* "vector": hypercall */
        SAVE_GPRS
        mov     %rsp, %rdi
        sti                                  /* SFMASK cleared IF */
        call    pv_hypercall
        cli
        /* An event pending and not masked: bounce to the upcall first
         * (vcpu_info: pending byte at 0, mask byte at 1). */
        mov     %gs:PERCPU_CURR_VCPU, %rax
        mov     VCPU_VCPU_INFO(%rax), %rax
        cmpw    $1, (%rax)
        jne     1f
        mov     %rsp, %rdi
        call    pv_deliver_events
1:      RESTORE_GPRS
        mov     0(%rsp), %rcx                /* rip (checked canonical) */
        mov     16(%rsp), %r11               /* rflags */
        mov     24(%rsp), %rsp               /* guest rsp */
        swapgs
        sysretq

/* void pv_enter(const struct cpu_regs *regs): first entry into a guest,
 * through IRET with the frame in regs; never returns. */
        .globl pv_enter
pv_enter:
        mov     %rdi, %rsp
        RESTORE_GPRS
        swapgs
        iretq

        .section .note.GNU-stack, "", @progbits
