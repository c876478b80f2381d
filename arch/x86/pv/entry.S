/* SPDX-License-Identifier: BSD-2-Clause */
/* PV guest entry and exit: SYSCALL from the guest's hypercall page into
 * the hypercall dispatcher, SYSRET back; the first IRET into a guest. */
#include <asm/config.h>
#include <asm/asm_regs.inc>

#define PERCPU_SYSCALL_RSP 8 /* asm/percpu.h, checked there */
#define PERCPU_STACK_TOP 16
#define PERCPU_CURR_VCPU 24
#define PERCPU_SOFTIRQ 41
#define VCPU_VCPU_INFO 0 /* struct vcpu, checked in kernel/domain.c */
#define VCPU_KERNEL_MODE 24
#define VCPU_NMI_PENDING 27
#define REGS_RAX 80  /* struct cpu_regs, checked in arch/x86/pv/hypercall.c */
#define REGS_RIP 136
#define XEN_NR_HYPERCALLS 64
#define ENOSYS_VALUE 38
#define GUEST_DS 0xe02b
#define GUEST_CS64 0xe033

/* SYSCALL: RCX = guest RIP, R11 = guest RFLAGS, RSP still the guest's.
 * Build the same frame as trap entry (struct cpu_regs, vector 0x100) and
 * dispatch here: RDI, RSI, RDX and R8 already hold the guest's first,
 * second, third and fifth arguments; R10 (the fourth) moves to RCX; R9
 * gets the frame. From guest user mode it is the guest's own system call. */
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
        sti                                  /* SFMASK cleared IF */
        mov     %gs:PERCPU_CURR_VCPU, %r11
        cmpb    $0, VCPU_KERNEL_MODE(%r11)
        je      .Luser_syscall
        cmp     $XEN_NR_HYPERCALLS, %rax
        jae     .Lenosys
        /* Clamp the index under speculation too (all-ones if in range). */
        sbb     %r11, %r11
        and     %r11, %rax
        lea     hypercall_table(%rip), %r11
        mov     (%r11, %rax, 8), %r11
        test    %r11, %r11
        jz      .Lenosys
        mov     %r10, %rcx
        mov     %rsp, %r9
        call    *%r11
.Lhypercall_done:
        mov     %rax, REGS_RAX(%rsp)
.Lsyscall_exit:
        cli
        /* The scheduler asked this CPU to reschedule: one byte to test. */
        cmpb    $0, %gs:PERCPU_SOFTIRQ
        jne     .Lsyscall_softirq
        /* SYSRET to a non-canonical RIP faults in ring 0 on Intel CPUs. */
        mov     REGS_RIP(%rsp), %rcx
        mov     %rcx, %r11
        shl     $16, %r11
        sar     $16, %r11
        cmp     %rcx, %r11
        jne     .Lbad_rip
        /* An NMI for the guest, or an event pending and not masked:
         * bounce to the callback first (vcpu_info: pending byte at 0,
         * mask byte at 1). */
        mov     %gs:PERCPU_CURR_VCPU, %rax
        cmpb    $0, VCPU_NMI_PENDING(%rax)
        jne     2f
        mov     VCPU_VCPU_INFO(%rax), %rax
        cmpw    $1, (%rax)
        jne     1f
2:      mov     %rsp, %rdi
        call    pv_deliver_events
1:      RESTORE_GPRS
        mov     0(%rsp), %rcx                /* rip (checked canonical) */
        mov     16(%rsp), %r11               /* rflags */
        mov     24(%rsp), %rsp               /* guest rsp */
        swapgs
        sysretq

/* schedule() returns when this vCPU keeps the CPU; otherwise it leaves
 * for another through pv_enter (the stack starts over). */
.Lsyscall_softirq:
        call    sched_softirq
        jmp     .Lsyscall_exit
.Lenosys:
        mov     $-ENOSYS_VALUE, %rax
        jmp     .Lhypercall_done
.Luser_syscall:
        mov     %rsp, %rdi
        call    pv_user_syscall
        jmp     .Lsyscall_exit
.Lbad_rip:
        mov     %rsp, %rdi
        call    pv_bad_sysret                /* crashes the guest */

/* void pv_enter(const struct cpu_regs *regs): enter a guest through IRET
 * with the frame in regs, the frame on top of this CPU's stack (interrupts
 * off); a pending reschedule is done first. Never returns. */
        .globl pv_enter
pv_enter:
        mov     %rdi, %rsp
1:      cmpb    $0, %gs:PERCPU_SOFTIRQ
        jne     2f
        RESTORE_GPRS
        swapgs
        iretq
2:      call    sched_softirq
        jmp     1b

        .section .note.GNU-stack, "", @progbits
