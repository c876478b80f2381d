/* SPDX-License-Identifier: BSD-2-Clause */
/* PV test kernel: exceptions bounced to the guest's trap table and
 * HYPERVISOR_iret back: #UD (ud2), #BP (int3, allowed from ring 3) and
 * #GP with its error code (hlt), frame contents and registers checked. */
#include "hypercall.h"
#include "test.h"

unsigned long trap_count[32], trap_rip[32], trap_cs[32], trap_err[32];
extern char ud2_at[], int3_after[], hlt_at[];

/* Handlers enter with { RCX, R11, [error], RIP, CS, RFLAGS, RSP, SS } on
 * the stack; they record, fix the return RIP, and leave through the iret
 * stub with a zero flags word (not in a syscall). */
__asm__(".pushsection .text\n"
        ".macro RECORD vec\n"
        "    incq trap_count+8*\\vec(%rip)\n"
        "    mov 8(%rsp), %rax\n"
        "    mov %rax, trap_rip+8*\\vec(%rip)\n"
        "    mov 16(%rsp), %rax\n"
        "    mov %rax, trap_cs+8*\\vec(%rip)\n"
        ".endm\n"
        "ud_handler:\n"
        "    pop %rcx\n"
        "    pop %r11\n"
        "    push %rax\n"
        "    RECORD 6\n"
        "    addq $2, 8(%rsp)\n" /* skip the ud2 */
        "    pop %rax\n"
        "    pushq $0\n"
        "    jmp hypercall_page + 23 * 32\n"
        "bp_handler:\n"
        "    pop %rcx\n"
        "    pop %r11\n"
        "    push %rax\n"
        "    RECORD 3\n"
        "    pop %rax\n"
        "    pushq $0\n"
        "    jmp hypercall_page + 23 * 32\n"
        "gp_handler:\n"
        "    pop %rcx\n"
        "    pop %r11\n"
        "    push %rax\n"
        "    mov 8(%rsp), %rax\n"
        "    mov %rax, trap_err+8*13(%rip)\n"
        "    pop %rax\n"
        "    add $8, %rsp\n" /* drop the error code */
        "    push %rax\n"
        "    RECORD 13\n"
        "    addq $1, 8(%rsp)\n" /* skip the hlt */
        "    pop %rax\n"
        "    pushq $0\n"
        "    jmp hypercall_page + 23 * 32\n"
        ".popsection\n");
extern char ud_handler[], bp_handler[], gp_handler[];

static long set_trap_table(const struct trap_info *t)
{
    return hypercall5(__HYPERVISOR_set_trap_table, (unsigned long)t, 0, 0, 0,
                      0);
}

static void traps_check_ud(void)
{
    unsigned long rax = 0x1234;
    __asm__ volatile(".globl ud2_at\nud2_at: ud2" : "+a"(rax)::"memory");
    CHECK_EQ("#UD delivered once", trap_count[6], 1);
    CHECK_EQ("#UD frame rip", trap_rip[6], (unsigned long)ud2_at);
    CHECK_EQ("#UD frame cs (kernel context)", trap_cs[6] & 0xffff,
             FLAT_KERNEL_CS & ~3);
    CHECK_EQ("rax preserved across the bounce", rax, 0x1234);
}

static void traps_check_bp(void)
{
    __asm__ volatile("int3\n.globl int3_after\nint3_after:" ::: "memory");
    CHECK_EQ("#BP delivered once", trap_count[3], 1);
    CHECK_EQ("#BP frame rip (after int3)", trap_rip[3],
             (unsigned long)int3_after);
}

static void traps_check_gp(void)
{
    __asm__ volatile(".globl hlt_at\nhlt_at: hlt" ::: "memory");
    CHECK_EQ("#GP delivered once", trap_count[13], 1);
    CHECK_EQ("#GP frame rip", trap_rip[13], (unsigned long)hlt_at);
    CHECK_EQ("#GP error code", trap_err[13], 0);
}

int guest_main(struct start_info *si)
{
    (void)si;
    static const struct trap_info table[] = {
        {3, 3, FLAT_KERNEL_CS, (unsigned long)bp_handler},
        {6, 0, FLAT_KERNEL_CS, (unsigned long)ud_handler},
        {13, 0, FLAT_KERNEL_CS, (unsigned long)gp_handler},
        {0, 0, 0, 0},
    };
    CHECK_EQ("set_trap_table bad pointer", set_trap_table((const void *)0x1000),
             -14);
    CHECK_EQ("set_trap_table", set_trap_table(table), 0);
    traps_check_ud();
    traps_check_bp();
    traps_check_gp();
    return test_summary();
}
