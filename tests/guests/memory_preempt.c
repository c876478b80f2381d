/* SPDX-License-Identifier: BSD-2-Clause */
/* PV test kernel: reservations preempted by a pending event and continued.
 * The guest marks an event pending in its vcpu_info and unmasks, so the
 * call stops after its first extent; the upcall sees the rewound SYSCALL
 * with the continuation's cmd (op | done << MEMOP_EXTENT_SHIFT), and the
 * re-issued call finishes, returning the extents done in all. */
#include <public/callback.h>
#include <public/memory.h>
#include "memory_util.h"
#include "test.h"

#define NEXT                4
#define STUB_SYSCALL_OFFSET 8 /* push rcx; push r11; mov $nr, %eax */

unsigned long evt_count, evt_rip, evt_rdi, evt_rsi;
volatile unsigned char *evt_pending;

/* Event upcall: { RCX, R11, RIP, CS, RFLAGS, RSP, SS } on the stack, events
 * masked. Record where the vCPU was and the argument registers, clear the
 * pending flag and iret (which unmasks again from the saved RFLAGS.IF). */
__asm__(".pushsection .text\n"
        "mp_evt_handler:\n"
        "    pop %rcx\n"
        "    pop %r11\n"
        "    push %rax\n"
        "    incq evt_count(%rip)\n"
        "    mov 8(%rsp), %rax\n"
        "    mov %rax, evt_rip(%rip)\n"
        "    mov %rdi, evt_rdi(%rip)\n"
        "    mov %rsi, evt_rsi(%rip)\n"
        "    mov evt_pending(%rip), %rax\n"
        "    movb $0, (%rax)\n"
        "    pop %rax\n"
        "    pushq $0\n"
        "    jmp hypercall_page + 23 * 32\n"
        ".popsection\n");
extern char mp_evt_handler[];

static volatile unsigned char *evt_mask;
static xen_pfn_t list[NEXT];
static struct xen_memory_reservation res;
static unsigned long first;

static void arm(void)
{
    evt_count = evt_rip = evt_rdi = evt_rsi = 0;
    *evt_pending = 1;
    *evt_mask = 0;
}

static void disarm(void)
{
    *evt_mask = 1;
    *evt_pending = 0;
}

static long cur_pages(void)
{
    domid_t self = DOMID_SELF;

    return HYPERVISOR_memory_op(XENMEM_current_reservation, &self);
}

static int setup(const struct start_info *si)
{
    struct callback_register cb = {CALLBACKTYPE_event, 0,
                                   (unsigned long)mp_evt_handler};
    unsigned char *sh = memu_scratch_page(0);

    CHECK_EQ("register the event callback",
             hypercall2(__HYPERVISOR_callback_op, CALLBACKOP_register, &cb), 0);
    CHECK_EQ("map shared_info",
             memu_update_va_mapping(sh, memu_rw_pte(si->shared_info >> 12),
                                    UVMF_INVLPG),
             0);
    evt_pending = &sh[0]; /* vcpu_info[0].evtchn_upcall_pending */
    evt_mask = &sh[1];    /* vcpu_info[0].evtchn_upcall_mask */
    return *evt_pending == 0 && *evt_mask == 1;
}

/* One reservation op over NEXT extents with an event pending. */
static long preempted(unsigned int op, const char *what)
{
    char name[80];
    long rc;

    set_xen_guest_handle(res.extent_start, list);
    res.nr_extents = NEXT;
    res.extent_order = 0;
    res.domid = DOMID_SELF;
    arm();
    rc = HYPERVISOR_memory_op(op, &res);
    disarm();
    snprintf(name, sizeof(name), "%s preempted: one upcall", what);
    CHECK_EQ(name, evt_count, 1);
    snprintf(name, sizeof(name), "%s preempted: at the rewound SYSCALL", what);
    CHECK_EQ(name, evt_rip,
             (unsigned long)hypercall_page + __HYPERVISOR_memory_op * 32 +
                 STUB_SYSCALL_OFFSET);
    snprintf(name, sizeof(name), "%s preempted: resumes at extent 1", what);
    CHECK_EQ(name, evt_rdi, op | 1UL << MEMOP_EXTENT_SHIFT);
    snprintf(name, sizeof(name), "%s preempted: same argument", what);
    CHECK_EQ(name, evt_rsi, (unsigned long)&res);
    return rc;
}

static void check_cycle(void)
{
    unsigned long *p2m = memu_p2m();
    long before = cur_pages();
    int m2p_ok = 1;

    for (unsigned int i = 0; i < NEXT; i++)
        list[i] = p2m[first + i];
    CHECK_EQ("decrease: all extents",
             preempted(XENMEM_decrease_reservation, "decrease"), NEXT);
    CHECK_EQ("decrease: frames gone", cur_pages(), before - NEXT);
    CHECK_EQ("increase: all extents",
             preempted(XENMEM_increase_reservation, "increase"), NEXT);
    CHECK_EQ("increase: frames back", cur_pages(), before);
    CHECK_EQ("give them back",
             HYPERVISOR_memory_op(XENMEM_decrease_reservation, &res), NEXT);
    for (unsigned int i = 0; i < NEXT; i++)
        list[i] = first + i;
    CHECK_EQ("populate: all extents",
             preempted(XENMEM_populate_physmap, "populate"), NEXT);
    for (unsigned int i = 0; i < NEXT; i++) {
        m2p_ok &= MEMU_M2P[list[i]] == first + i;
        p2m[first + i] = list[i];
    }
    CHECK("populate: every pfn backed", m2p_ok);
    CHECK_EQ("populate: frames back", cur_pages(), before);
}

int guest_main(struct start_info *si)
{
    first = si->nr_pages - NEXT;
    printf("info: memory preemption test on %s\n",
           memu_on_basalt() ? "Basalt" : "Xen");
    if (first < memu_bootstrap_pfns() || !setup(si)) {
        CHECK("set up: spare frames, callback, shared_info", 0);
        return test_summary();
    }
    check_cycle();
    return test_summary();
}
