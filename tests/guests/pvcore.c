/* SPDX-License-Identifier: BSD-2-Clause */
/* PV test kernel: callbacks, stack_switch, segment bases, multicall, and
 * guest user mode (NEW_USER_BASEPTR, iret to user, SYSCALL bounced to the
 * syscall callback, exceptions from user mode on the kernel stack). */
#include "hypercall.h"
#include "test.h"
#include <public/callback.h>

#define FLAGS_IN_SYSCALL   0x100 /* VGCF_in_syscall */
#define USER_SYSCALL_AGAIN 1     /* the handler irets back to user mode */
#define USER_SYSCALL_DONE  2     /* the handler returns to the kernel test */

unsigned long kstack[512] __attribute__((aligned(16)));
unsigned long ustack[512] __attribute__((aligned(16)));
unsigned long saved_rsp, nsys, sys_nr[4], sys_cs[4], sys_rip[4], sys_gs[4];
unsigned long user_gs, ud_cs, ud_rip, ud_count;
unsigned long gs_user_val = 0x1111, gs_kern_val = 0x2222, fs_val = 0x3333;
extern char user_syscalls[], user_after_first[], user_after_second[];
extern char user_ud[], user_ud_at[];

/*
 * enter_user(rip): save the callee-saved registers and RSP, then iret to
 * rip in user context (CS RPL 3) on ustack. The syscall and #UD handlers
 * below come back here ("leave_user") with RAX as the return value.
 */
__asm__(".pushsection .text\n"
        "enter_user:\n"
        "    push %rbx; push %rbp; push %r12; push %r13; push %r14; push %r15\n"
        "    mov %rsp, saved_rsp(%rip)\n"
        "    lea ustack+4096(%rip), %rax\n"
        "    pushq $0xe02b\n" /* ss */
        "    push %rax\n"     /* rsp */
        "    pushq $0x2\n"    /* rflags: events stay masked */
        "    pushq $0xe033\n" /* cs, RPL 3: user context */
        "    push %rdi\n"     /* rip */
        "    pushq $0\n"      /* flags */
        "    jmp hypercall_page + 23 * 32\n"
        "leave_user:\n"
        "    mov saved_rsp(%rip), %rsp\n"
        "    pop %r15; pop %r14; pop %r13; pop %r12; pop %rbp; pop %rbx\n"
        "    ret\n"
        /* Frame: RCX, R11, RIP, CS, RFLAGS, RSP, SS. */
        "syscall_handler:\n"
        "    pop %rcx\n"
        "    pop %r11\n"
        "    mov nsys(%rip), %rdx\n"
        "    and $3, %rdx\n"
        "    mov %rax, sys_nr(,%rdx,8)\n"
        "    mov 8(%rsp), %rbx\n"
        "    mov %rbx, sys_cs(,%rdx,8)\n"
        "    mov 0(%rsp), %rbx\n"
        "    mov %rbx, sys_rip(,%rdx,8)\n"
        "    mov %gs:0, %rbx\n"
        "    mov %rbx, sys_gs(,%rdx,8)\n"
        "    incq nsys(%rip)\n"
        "    cmp $1, %rax\n"
        "    jne leave_user\n"
        "    pushq $0x100\n" /* VGCF_in_syscall: back to user mode */
        "    jmp hypercall_page + 23 * 32\n"
        "ud_handler:\n"
        "    pop %rcx\n"
        "    pop %r11\n"
        "    incq ud_count(%rip)\n"
        "    mov 8(%rsp), %rbx\n"
        "    mov %rbx, ud_cs(%rip)\n"
        "    mov 0(%rsp), %rbx\n"
        "    mov %rbx, ud_rip(%rip)\n"
        "    mov $0x5d, %eax\n"
        "    jmp leave_user\n"
        /* User code: read %gs:0, two SYSCALLs, the second never returns. */
        "user_syscalls:\n"
        "    mov %gs:0, %rbx\n"
        "    mov %rbx, user_gs(%rip)\n"
        "    mov $1, %eax\n"
        "    syscall\n"
        "user_after_first:\n"
        "    mov $2, %eax\n"
        "    syscall\n"
        "user_after_second:\n"
        "    ud2\n"
        "user_ud:\n"
        "    nop\n"
        "user_ud_at:\n"
        "    ud2\n"
        ".popsection\n");
extern char syscall_handler[], ud_handler[];
long enter_user(void *rip);

static long callback_op(int cmd, const void *arg)
{
    return hypercall2(__HYPERVISOR_callback_op, cmd, arg);
}

static long set_segment_base(unsigned int which, unsigned long base)
{
    return hypercall2(__HYPERVISOR_set_segment_base, which, base);
}

static void pvcore_callbacks(void)
{
    struct callback_register r = {CALLBACKTYPE_syscall, CALLBACKF_mask_events,
                                  (unsigned long)syscall_handler};
    struct callback_unregister u = {CALLBACKTYPE_event, 0};
    CHECK_EQ("callback_op register syscall",
             callback_op(CALLBACKOP_register, &r), 0);
    r.type = CALLBACKTYPE_nmi;
    CHECK_EQ("callback_op register nmi", callback_op(CALLBACKOP_register, &r),
             0);
    u.type = CALLBACKTYPE_nmi;
    CHECK_EQ("callback_op unregister nmi",
             callback_op(CALLBACKOP_unregister, &u), 0);
    u.type = CALLBACKTYPE_event;
    CHECK_EQ("callback_op unregister event refused",
             callback_op(CALLBACKOP_unregister, &u), -22);
    r.type = 99;
    CHECK_EQ("callback_op unknown type", callback_op(CALLBACKOP_register, &r),
             -38);
    r.type = CALLBACKTYPE_event;
    r.address = 0x8000000000000000UL;
    CHECK_EQ("callback_op non-canonical address",
             callback_op(CALLBACKOP_register, &r), -22);
    CHECK_EQ("callback_op bad pointer",
             callback_op(CALLBACKOP_register, (void *)0x10), -14);
    CHECK_EQ("callback_op unknown command", callback_op(7, &r), -38);
    /* Xen skips what it cannot register and still returns 0. */
    CHECK_EQ("set_callbacks non-canonical ignored",
             hypercall3(__HYPERVISOR_set_callbacks, 0x8000000000000000UL, 0, 0),
             0);
}

static void pvcore_segment_bases(void)
{
    unsigned long v = 0;
    CHECK_EQ("set_segment_base FS", set_segment_base(0, (unsigned long)&fs_val),
             0);
    __asm__ volatile("mov %%fs:0, %0" : "=r"(v));
    CHECK_EQ("FS base in effect", v, 0x3333);
    CHECK_EQ("set_segment_base GS kernel",
             set_segment_base(2, (unsigned long)&gs_kern_val), 0);
    __asm__ volatile("mov %%gs:0, %0" : "=r"(v));
    CHECK_EQ("kernel GS base in effect", v, 0x2222);
    CHECK_EQ("set_segment_base GS user",
             set_segment_base(1, (unsigned long)&gs_user_val), 0);
    __asm__ volatile("mov %%gs:0, %0" : "=r"(v));
    CHECK_EQ("user GS base not active in kernel mode", v, 0x2222);
    CHECK_EQ("set_segment_base non-canonical",
             set_segment_base(0, 0x0000800000000000UL), -22);
    CHECK_EQ("set_segment_base unknown", set_segment_base(9, 0), -22);
}

static void pvcore_multicall(void)
{
    struct multicall_entry mc[3] = {
        {.op = __HYPERVISOR_xen_version, .args = {XENVER_version}},
        {.op = 100},
        {.op = __HYPERVISOR_xen_version, .args = {XENVER_version}},
    };
    long v = HYPERVISOR_xen_version(XENVER_version, 0);
    CHECK_EQ("multicall", hypercall2(__HYPERVISOR_multicall, mc, 3), 0);
    CHECK_EQ("multicall entry 0 result", mc[0].result, v);
    CHECK_EQ("multicall unknown op result", (long)mc[1].result, -38);
    CHECK_EQ("multicall entry 2 result", mc[2].result, v);
    CHECK_EQ("multicall bad pointer",
             hypercall2(__HYPERVISOR_multicall, (void *)0x10, 1), -14);
    CHECK_EQ("multicall of nothing", hypercall2(__HYPERVISOR_multicall, mc, 0),
             0);
}

static unsigned long pvcore_l4_mfn(const struct start_info *si)
{
    const unsigned long *p2m = (const unsigned long *)si->mfn_list;
    return p2m[(si->pt_base - (unsigned long)_image_start) >> 12];
}

static void pvcore_user_mode(const struct start_info *si)
{
    static const struct trap_info traps[] = {
        {6, 0, FLAT_KERNEL_CS, (unsigned long)ud_handler}, {0, 0, 0, 0}};
    struct mmuext_op op = {.cmd = MMUEXT_NEW_USER_BASEPTR};
    struct callback_register r = {CALLBACKTYPE_syscall, CALLBACKF_mask_events,
                                  (unsigned long)syscall_handler};
    op.arg1.mfn = pvcore_l4_mfn(si);
    /* set_callbacks above cleared it (address 0 registers "none"). */
    CHECK_EQ("callback_op register syscall again",
             callback_op(CALLBACKOP_register, &r), 0);
    CHECK_EQ("stack_switch",
             hypercall2(__HYPERVISOR_stack_switch, FLAT_KERNEL_SS,
                        (unsigned long)&kstack[512]),
             0);
    CHECK_EQ("NEW_USER_BASEPTR",
             hypercall5(__HYPERVISOR_mmuext_op, (unsigned long)&op, 1, 0,
                        DOMID_SELF, 0),
             0);
    hypercall1(__HYPERVISOR_set_trap_table, traps);
    CHECK_EQ("user mode ran to its second syscall", enter_user(user_syscalls),
             USER_SYSCALL_DONE);
    CHECK_EQ("two syscalls bounced", nsys, 2);
    CHECK_EQ("syscall numbers", sys_nr[0] * 10 + sys_nr[1], 12);
    CHECK_EQ("syscall frame rip", sys_rip[0], (unsigned long)user_after_first);
    CHECK_EQ("second syscall after iret to user", sys_rip[1],
             (unsigned long)user_after_second);
    CHECK_EQ("syscall frame cs: user context", sys_cs[0] & 0xffff,
             FLAT_USER_CS);
    CHECK_EQ("user GS base in user mode", user_gs, 0x1111);
    CHECK_EQ("kernel GS base back in the handler",
             sys_gs[0] * 0x10000 + sys_gs[1], 0x22222222);
    CHECK_EQ("#UD from user mode", enter_user(user_ud), 0x5d);
    CHECK_EQ("#UD delivered once", ud_count, 1);
    CHECK_EQ("#UD frame rip", ud_rip, (unsigned long)user_ud_at);
    CHECK_EQ("#UD frame cs: user context", ud_cs & 0xffff, FLAT_USER_CS);
}

int guest_main(struct start_info *si)
{
    pvcore_callbacks();
    pvcore_segment_bases();
    pvcore_multicall();
    pvcore_user_mode(si);
    return test_summary();
}
