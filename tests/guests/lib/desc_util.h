/* SPDX-License-Identifier: BSD-2-Clause */
/* Helpers for the descriptor-table and CPU-register test kernels (desc.c,
 * desc_regs.c): hypercall wrappers, and trap handlers that count and
 * resume, for #DB, #NM, #GP and #PF. Include from one .c file only. */
#ifndef GUEST_DESC_UTIL_H
#define GUEST_DESC_UTIL_H

#include "hypercall.h"
#include "lib.h"

/* Plain integers, so tests can pass hostile values. */
static inline long desc_set_gdt(const void *frames, unsigned long entries)
{
    return hypercall2(__HYPERVISOR_set_gdt, frames, entries);
}

static inline long desc_update(unsigned long maddr, unsigned long desc)
{
    return hypercall2(__HYPERVISOR_update_descriptor, maddr, desc);
}

static inline long desc_fpu_taskswitch(unsigned long set)
{
    return hypercall1(__HYPERVISOR_fpu_taskswitch, set);
}

static inline long desc_set_debugreg(unsigned long reg, unsigned long value)
{
    return hypercall2(__HYPERVISOR_set_debugreg, reg, value);
}

static inline long desc_get_debugreg(unsigned long reg)
{
    return hypercall1(__HYPERVISOR_get_debugreg, reg);
}

/*
 * What the handlers saw. A handler entered with { RCX, R11, [error],
 * RIP, CS, RFLAGS, RSP, SS } counts the vector, keeps the error code and
 * RIP, and returns through HYPERVISOR_iret: to desc_resume if that is set
 * (a faulting instruction is skipped that way; it is cleared), else to
 * the saved RIP (a trap, or a fault fixed up). The #NM handler first calls
 * fpu_taskswitch(0) when desc_nm_clear is set.
 */
volatile unsigned long desc_trap_count[32], desc_trap_err[32],
    desc_trap_rip[32];
volatile unsigned long desc_resume, desc_nm_clear, desc_nm_rc;

__asm__(".pushsection .text\n"
        /* Stack after the pops and push %rax: rax, [err], rip, ... */
        ".macro DESC_HANDLER vec, err\n"
        "desc_handler_\\vec:\n"
        "    pop %rcx\n"
        "    pop %r11\n"
        "    push %rax\n"
        "    incq desc_trap_count+8*\\vec(%rip)\n"
        "    .if \\err\n"
        "    mov 8(%rsp), %rax\n"
        "    mov %rax, desc_trap_err+8*\\vec(%rip)\n"
        "    .endif\n"
        "    mov 8+8*\\err(%rsp), %rax\n"
        "    mov %rax, desc_trap_rip+8*\\vec(%rip)\n"
        "    .if \\vec == 7\n"
        "    call desc_nm_hook\n"
        "    .endif\n"
        "    mov desc_resume(%rip), %rax\n"
        "    test %rax, %rax\n"
        "    jz 1f\n"
        "    mov %rax, 8+8*\\err(%rsp)\n"
        "    movq $0, desc_resume(%rip)\n"
        "1:  pop %rax\n"
        "    .if \\err\n"
        "    add $8, %rsp\n"
        "    .endif\n"
        "    pushq $0\n"
        "    jmp hypercall_page + 23 * 32\n"
        ".endm\n"
        "DESC_HANDLER 1, 0\n"
        "DESC_HANDLER 7, 0\n"
        "DESC_HANDLER 13, 1\n"
        "DESC_HANDLER 14, 1\n"
        /* fpu_taskswitch(0) from the #NM handler; the hypercall may
         * clobber its argument registers. */
        "desc_nm_hook:\n"
        "    cmpq $0, desc_nm_clear(%rip)\n"
        "    je 2f\n"
        "    push %rdi\n"
        "    push %rsi\n"
        "    push %rdx\n"
        "    push %r10\n"
        "    push %r8\n"
        "    xor %edi, %edi\n"
        "    call hypercall_page + 5 * 32\n"
        "    mov %rax, desc_nm_rc(%rip)\n"
        "    pop %r8\n"
        "    pop %r10\n"
        "    pop %rdx\n"
        "    pop %rsi\n"
        "    pop %rdi\n"
        "2:  ret\n"
        ".popsection\n");
extern char desc_handler_1[], desc_handler_7[], desc_handler_13[],
    desc_handler_14[];

static inline long desc_install_traps(void)
{
    static const struct trap_info table[] = {
        {1, 0, FLAT_KERNEL_CS, (unsigned long)desc_handler_1},
        {7, 0, FLAT_KERNEL_CS, (unsigned long)desc_handler_7},
        {13, 0, FLAT_KERNEL_CS, (unsigned long)desc_handler_13},
        {14, 0, FLAT_KERNEL_CS, (unsigned long)desc_handler_14},
        {0, 0, 0, 0},
    };
    return hypercall1(__HYPERVISOR_set_trap_table, table);
}

#endif
