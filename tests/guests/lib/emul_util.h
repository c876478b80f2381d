/* SPDX-License-Identifier: BSD-2-Clause */
/* For the privileged-op emulation kernels (emulate*.c): a trap table
 * whose handlers record each exception and resume where the test said,
 * and the few hypercalls they use. Include from one .c file only: it
 * defines the handlers and their records. */
#ifndef GUEST_EMUL_UTIL_H
#define GUEST_EMUL_UTIL_H

#include <public/physdev.h>
#include "hypercall.h"
#include "test.h"

/* One record per vector: exceptions and software interrupts. */
struct emul_trap {
    unsigned long count, err, rip, cs;
};
struct emul_trap emul_traps[256];
/* Where the next #DE..#PF handler resumes; 0: the trap was unexpected. */
unsigned long emul_resume;

void emul_unexpected(void) __attribute__((noreturn, used));
void emul_unexpected(void)
{
    printf("FAIL unexpected trap: #UD %lu #GP %lu (err %#lx at %#lx) #PF %lu "
           "(at %#lx)\n",
           emul_traps[6].count, emul_traps[13].count, emul_traps[13].err,
           emul_traps[13].rip, emul_traps[14].count, emul_traps[14].rip);
    guest_exit(1);
}

/* Handlers enter with { RCX, R11, [error], RIP, CS, RFLAGS, RSP, SS }; they
 * leave through the iret stub with a zero flags word. A fault resumes at
 * emul_resume (one shot); a software interrupt returns where it was
 * raised; #DB (single step) returns with TF cleared. */
__asm__(".pushsection .text\n"
        ".macro EMUL_RECORD vec, err\n"
        "    pop %rcx\n"
        "    pop %r11\n"
        "    push %rax\n"
        "    incq emul_traps+32*\\vec(%rip)\n"
        "    .if \\err\n"
        "    mov 8(%rsp), %rax\n"
        "    mov %rax, emul_traps+32*\\vec+8(%rip)\n"
        "    .endif\n"
        "    mov 8+8*\\err(%rsp), %rax\n"
        "    mov %rax, emul_traps+32*\\vec+16(%rip)\n"
        "    mov 16+8*\\err(%rsp), %rax\n"
        "    mov %rax, emul_traps+32*\\vec+24(%rip)\n"
        ".endm\n"
        ".macro EMUL_FAULT vec, err\n"
        "emul_trap_\\vec:\n"
        "    EMUL_RECORD \\vec, \\err\n"
        "    mov emul_resume(%rip), %rax\n"
        "    test %rax, %rax\n"
        "    jz 1f\n"
        "    movq $0, emul_resume(%rip)\n"
        "    mov %rax, 8+8*\\err(%rsp)\n"
        "    pop %rax\n"
        "    add $8*\\err, %rsp\n"
        "    pushq $0\n"
        "    jmp hypercall_page + 23 * 32\n"
        "1:  and $-16, %rsp\n"
        "    call emul_unexpected\n"
        ".endm\n"
        ".macro EMUL_SOFTINT vec\n"
        "emul_int_\\vec:\n"
        "    EMUL_RECORD \\vec, 0\n"
        "    pop %rax\n"
        "    pushq $0\n"
        "    jmp hypercall_page + 23 * 32\n"
        ".endm\n"
        "    EMUL_FAULT 6, 0\n"
        "    EMUL_FAULT 13, 1\n"
        "    EMUL_FAULT 14, 1\n"
        "    EMUL_SOFTINT 0x80\n"
        "    EMUL_SOFTINT 0x82\n"
        "emul_trap_1:\n"
        "    EMUL_RECORD 1, 0\n"
        "    andq $~0x100, 24(%rsp)\n" /* RFLAGS.TF in the frame */
        "    pop %rax\n"
        "    pushq $0\n"
        "    jmp hypercall_page + 23 * 32\n"
        ".popsection\n");
extern char emul_trap_1[], emul_trap_6[], emul_trap_13[], emul_trap_14[];
extern char emul_int_0x80[], emul_int_0x82[];

/* Arm the fault handlers to resume at the local label 1 that follows. */
#define EMUL_ARM     "leaq 1f(%%rip), %%r11\n\tmovq %%r11, emul_resume(%%rip)\n\t"
#define EMUL_LANDING "\n1:\n\tmovq $0, emul_resume(%%rip)\n"

/* int $0x80 is open to all (DPL 3), $0x82 to the guest kernel (DPL 1),
 * $0x83 to nobody (DPL 0); $0x81 has no entry. */
static inline long emul_install_traps(void)
{
    static struct trap_info table[] = {
        {1, 0, FLAT_KERNEL_CS, 0},    {6, 0, FLAT_KERNEL_CS, 0},
        {13, 0, FLAT_KERNEL_CS, 0},   {14, 0, FLAT_KERNEL_CS, 0},
        {0x80, 3, FLAT_KERNEL_CS, 0}, {0x82, 1, FLAT_KERNEL_CS, 0},
        {0x83, 0, FLAT_KERNEL_CS, 0}, {0, 0, 0, 0},
    };
    table[0].address = (unsigned long)emul_trap_1;
    table[1].address = (unsigned long)emul_trap_6;
    table[2].address = (unsigned long)emul_trap_13;
    table[3].address = (unsigned long)emul_trap_14;
    table[4].address = (unsigned long)emul_int_0x80;
    table[5].address = (unsigned long)emul_int_0x82;
    table[6].address = (unsigned long)emul_int_0x80; /* never reached */
    return hypercall1(__HYPERVISOR_set_trap_table, table);
}

/* Basalt names itself in the extraversion; the oracle is Xen. */
static inline int emul_on_basalt(void)
{
    char extra[XEN_EXTRAVERSION_LEN] = {0};
    HYPERVISOR_xen_version(XENVER_extraversion, extra);
    return strstr(extra, "basalt") != NULL;
}

static inline long emul_physdev_op(unsigned long cmd, const void *arg)
{
    return hypercall2(__HYPERVISOR_physdev_op, cmd, arg);
}

static inline long emul_set_iopl(unsigned int iopl)
{
    struct physdev_set_iopl op = {iopl};
    return emul_physdev_op(PHYSDEVOP_set_iopl, &op);
}

static inline long emul_set_iobitmap(const void *bitmap, unsigned int nr)
{
    struct physdev_set_iobitmap op;
    op.bitmap.p = (uint8_t *)bitmap;
    op.nr_ports = nr;
    return emul_physdev_op(PHYSDEVOP_set_iobitmap, &op);
}

#endif
