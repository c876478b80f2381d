/* SPDX-License-Identifier: BSD-2-Clause */
/* PV test kernel: mmu_update and mmuext_op batches preempted by a pending
 * event and continued. The guest marks an event pending in its own
 * vcpu_info and unmasks, so the hypercall stops after its first entry,
 * the upcall runs (it sees the rewound SYSCALL and the continuation's
 * arguments), and the re-issued call finishes the batch with pdone
 * counting all of it. */
#include "mmu_util.h"
#include "test.h"
#include <public/callback.h>

#define ENOSYS              38
#define NBATCH              8
#define PREEMPTED_BIT       0x80000000UL
#define STUB_SYSCALL_OFFSET 8 /* push rcx; push r11; mov $nr, %eax */

unsigned long evt_count, evt_rip, evt_rdi, evt_rsi, evt_rdx;
volatile unsigned char *evt_pending;

/* Event upcall: { RCX, R11, RIP, CS, RFLAGS, RSP, SS } on the stack, events
 * masked. Record where the vCPU was and the argument registers, clear the
 * pending flag and iret (which unmasks again from the saved RFLAGS.IF). */
__asm__(".pushsection .text\n"
        "evt_handler:\n"
        "    pop %rcx\n"
        "    pop %r11\n"
        "    push %rax\n"
        "    incq evt_count(%rip)\n"
        "    mov 8(%rsp), %rax\n"
        "    mov %rax, evt_rip(%rip)\n"
        "    mov %rdi, evt_rdi(%rip)\n"
        "    mov %rsi, evt_rsi(%rip)\n"
        "    mov %rdx, evt_rdx(%rip)\n"
        "    mov evt_pending(%rip), %rax\n"
        "    movb $0, (%rax)\n"
        "    pop %rax\n"
        "    pushq $0\n"
        "    jmp hypercall_page + 23 * 32\n"
        ".popsection\n");
extern char evt_handler[];

static volatile unsigned char *evt_mask;
static unsigned long *scr[NBATCH + 2], scr_pte[NBATCH + 2];
static struct mmu_update reqs[NBATCH];
static struct mmuext_op ops[NBATCH];

/* Arm: an event pending and unmasked; the next preemption check fires. */
static void arm(void)
{
    evt_count = evt_rip = evt_rdi = evt_rsi = evt_rdx = 0;
    *evt_pending = 1;
    *evt_mask = 0;
}

static void disarm(void)
{
    *evt_mask = 1;
    *evt_pending = 0;
}

static unsigned long stub_syscall(unsigned int nr)
{
    return (unsigned long)hypercall_page + nr * 32 + STUB_SYSCALL_OFFSET;
}

static int setup(const struct start_info *si)
{
    struct callback_register cb = {CALLBACKTYPE_event, 0,
                                   (unsigned long)evt_handler};
    unsigned char *sh;

    for (unsigned int n = 0; n < NBATCH + 2; n++) {
        scr[n] = mmuu_scratch(n);
        scr_pte[n] = mmuu_entry((unsigned long)scr[n], 1);
    }
    CHECK_EQ("register the event callback",
             hypercall2(__HYPERVISOR_callback_op, CALLBACKOP_register, &cb), 0);
    CHECK_EQ("map shared_info",
             HYPERVISOR_update_va_mapping(
                 (unsigned long)scr[NBATCH + 1],
                 (si->shared_info & MMUU_MFN_MASK) | MMUU_DATA, UVMF_INVLPG),
             0);
    sh = (unsigned char *)scr[NBATCH + 1];
    evt_pending = &sh[0]; /* vcpu_info[0].evtchn_upcall_pending */
    evt_mask = &sh[1];    /* vcpu_info[0].evtchn_upcall_mask */
    printf("info: vcpu 0 pending %u mask %u\n", *evt_pending, *evt_mask);
    return *evt_pending == 0;
}

/* NBATCH scratch pages onto NBATCH spare frames, by machine address. */
static void fill_reqs(void)
{
    for (unsigned int i = 0; i < NBATCH; i++)
        reqs[i] =
            (struct mmu_update){mmuu_entry_maddr((unsigned long)scr[i], 1),
                                mmuu_spare_mfn(i) << 12 | MMUU_DATA};
}

static int all_applied(void)
{
    int n = 0;

    for (unsigned int i = 0; i < NBATCH; i++)
        n += (mmuu_entry((unsigned long)scr[i], 1) & MMUU_MFN_MASK) ==
             mmuu_spare_mfn(i) << 12;
    return n;
}

static void test_mmu_update(void)
{
    unsigned int done = 0;
    long rc;

    fill_reqs();
    arm();
    rc = HYPERVISOR_mmu_update(reqs, NBATCH, &done, DOMID_SELF);
    disarm();
    CHECK_EQ("mmu_update preempted: result", rc, 0);
    CHECK_EQ("mmu_update preempted: pdone counts the whole batch", done,
             NBATCH);
    CHECK_EQ("mmu_update preempted: all entries applied", all_applied(),
             NBATCH);
    CHECK_EQ("mmu_update preempted: one upcall", evt_count, 1);
    CHECK_EQ("mmu_update preempted: upcall at the rewound SYSCALL", evt_rip,
             stub_syscall(__HYPERVISOR_mmu_update));
    CHECK_EQ("mmu_update preempted: continuation requests", evt_rdi,
             (unsigned long)&reqs[1]);
    CHECK_EQ("mmu_update preempted: continuation count", evt_rsi,
             (NBATCH - 1) | PREEMPTED_BIT);
    CHECK_EQ("mmu_update preempted: continuation pdone", evt_rdx,
             (unsigned long)&done);
}

/* An entry that fails after the resume: pdone counts up to it. */
static void test_mmu_update_error(void)
{
    unsigned int done = 0;
    long rc;

    for (unsigned int i = 0; i < NBATCH; i++)
        reqs[i] = (struct mmu_update){
            mmuu_entry_maddr((unsigned long)scr[i], 1), scr_pte[i]};
    reqs[3].ptr |= 7;
    arm();
    rc = HYPERVISOR_mmu_update(reqs, NBATCH, &done, DOMID_SELF);
    disarm();
    CHECK_EQ("preempted batch with a bad entry: result", rc, -ENOSYS);
    CHECK_EQ("preempted batch with a bad entry: pdone", done, 3);
    CHECK_EQ("preempted batch with a bad entry: one upcall", evt_count, 1);
}

static void test_mmuext(void)
{
    unsigned int done = 0;
    long rc;

    for (unsigned int i = 0; i < NBATCH; i++)
        ops[i] = (struct mmuext_op){.cmd = MMUEXT_TLB_FLUSH_LOCAL};
    arm();
    rc = HYPERVISOR_mmuext_op(ops, NBATCH, &done, DOMID_SELF);
    disarm();
    CHECK_EQ("mmuext_op preempted: result", rc, 0);
    CHECK_EQ("mmuext_op preempted: pdone", done, NBATCH);
    CHECK_EQ("mmuext_op preempted: one upcall", evt_count, 1);
    CHECK_EQ("mmuext_op preempted: upcall at the rewound SYSCALL", evt_rip,
             stub_syscall(__HYPERVISOR_mmuext_op));
    CHECK_EQ("mmuext_op preempted: continuation ops", evt_rdi,
             (unsigned long)&ops[1]);
    CHECK_EQ("mmuext_op preempted: continuation count", evt_rsi,
             (NBATCH - 1) | PREEMPTED_BIT);
}

/* Inside a multicall the entry is rewritten and the multicall resumes. */
static void test_multicall(void)
{
    struct multicall_entry mc = {.op = __HYPERVISOR_mmu_update};
    unsigned int done = 0;
    long rc;

    for (unsigned int i = 0; i < NBATCH; i++)
        reqs[i] = (struct mmu_update){
            mmuu_entry_maddr((unsigned long)scr[i], 1), scr_pte[i]};
    mc.args[0] = (unsigned long)reqs;
    mc.args[1] = NBATCH;
    mc.args[2] = (unsigned long)&done;
    mc.args[3] = DOMID_SELF;
    arm();
    rc = hypercall2(__HYPERVISOR_multicall, &mc, 1);
    disarm();
    CHECK_EQ("multicall of a preempted mmu_update: result", rc, 0);
    CHECK_EQ("multicall of a preempted mmu_update: entry result", mc.result, 0);
    CHECK_EQ("multicall of a preempted mmu_update: pdone", done, NBATCH);
    CHECK_EQ("multicall of a preempted mmu_update: one upcall", evt_count, 1);
    CHECK_EQ("multicall of a preempted mmu_update: scratch pages back",
             mmuu_entry((unsigned long)scr[NBATCH - 1], 1),
             scr_pte[NBATCH - 1]);
}

int guest_main(struct start_info *si)
{
    if (setup(si)) {
        test_mmu_update();
        test_mmu_update_error();
        test_mmuext();
        test_multicall();
    }
    for (unsigned int n = 0; n < NBATCH + 2; n++)
        HYPERVISOR_update_va_mapping((unsigned long)scr[n], scr_pte[n],
                                     UVMF_INVLPG);
    return test_summary();
}
