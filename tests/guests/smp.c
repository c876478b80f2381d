/* SPDX-License-Identifier: BSD-2-Clause */
/* SMP test kernel: dom0 brings up its other vCPUs (VCPUOP_initialise, up)
 * and checks that all make progress with their own GS base and FPU
 * registers, that an IPI event wakes a polling or a blocked vCPU, that
 * down stops one and up resumes it, that runstate times add up, and the
 * hostile cases. Meant for dom0_max_vcpus=4 on two CPUs; with one vCPU
 * only the hostile checks run. */
#include <basalt/errno.h>
#include "events_util.h"
#include "smp_util.h"
#include "test.h"

#define SMP_MAX 4
enum { MODE_SPIN, MODE_POLL, MODE_BLOCK };

static unsigned long gs_area[SMP_MAX]; /* vCPU n's GS base: holds n */
static unsigned char stacks[SMP_MAX][SMPU_STACK] __attribute__((aligned(16)));
static volatile unsigned long counter[SMP_MAX], wakeups[SMP_MAX];
static volatile unsigned long upcalls[SMP_MAX], fpu_bad[SMP_MAX];
static volatile unsigned long gs_bad[SMP_MAX];
static volatile int mode[SMP_MAX];
static evtchn_port_t port[SMP_MAX];
static struct vcpu_guest_context ctxt;
static unsigned int nr;

static unsigned long gs_id(void)
{
    unsigned long v;
    __asm__ volatile("mov %%gs:0, %0" : "=r"(v));
    return v;
}

/* xmm0 holds a per-vCPU pattern: another vCPU's FPU state leaking in
 * would change it (nothing else here touches SSE registers). */
static void fpu_set(unsigned long v)
{
    __asm__ volatile("movq %0, %%xmm0" ::"r"(v));
}

static unsigned long fpu_get(void)
{
    unsigned long v;
    __asm__ volatile("movq %%xmm0, %0" : "=r"(v));
    return v;
}

/* Secondary vCPUs' upcall: like evu_upcall_scan, on their own vcpu_info. */
__attribute__((used)) static void smp_upcall_scan(void)
{
    unsigned long id = gs_id();
    volatile struct vcpu_info *vi = &evu_sh->vcpu_info[id];
    unsigned long sel;
    vi->evtchn_upcall_pending = 0;
    sel = __atomic_exchange_n(&vi->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
    while (sel) {
        unsigned int w = __builtin_ctzl(sel);
        unsigned long pend =
            evu_sh->evtchn_pending[w] & ~evu_sh->evtchn_mask[w];
        sel &= sel - 1;
        for (; pend; pend &= pend - 1)
            evu_test_and_clear(evu_sh->evtchn_pending,
                               w * 64 + __builtin_ctzl(pend));
    }
    upcalls[id]++;
}

__asm__(".pushsection .text\n"
        "smp_upcall_entry:\n"
        "    pop %rcx\n"
        "    pop %r11\n"
        "    push %rax; push %rcx; push %rdx; push %rsi; push %rdi\n"
        "    push %r8; push %r9; push %r10; push %r11\n"
        "    call smp_upcall_scan\n"
        "    pop %r11; pop %r10; pop %r9; pop %r8\n"
        "    pop %rdi; pop %rsi; pop %rdx; pop %rcx; pop %rax\n"
        "    pushq $0\n"
        "    jmp hypercall_page + 23 * 32\n"
        ".popsection\n");
extern char smp_upcall_entry[];

static void secondary_step(unsigned long id)
{
    switch (mode[id]) {
    case MODE_POLL:
        evu_poll(port[id], 0);
        if (evu_test_and_clear(evu_sh->evtchn_pending, port[id]))
            wakeups[id]++;
        break;
    case MODE_BLOCK: /* unmasks events; the upcall counts the wake */
        HYPERVISOR_sched_op(SCHEDOP_block, NULL);
        evu_sh->vcpu_info[id].evtchn_upcall_mask = 1;
        break;
    default:
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    }
}

/* Every secondary vCPU: count, check its own state, do what mode says. */
__attribute__((used, noreturn)) static void secondary_main(unsigned long id)
{
    unsigned long pattern = 0x5a5a0000UL + id;
    fpu_set(pattern);
    for (;;) {
        if (gs_id() != id)
            gs_bad[id]++;
        if (fpu_get() != pattern) {
            fpu_bad[id]++;
            fpu_set(pattern);
        }
        secondary_step(id);
        counter[id]++;
    }
}

/* Yield until *c reaches target or ms pass; vCPU 0 checks its own FPU
 * pattern meanwhile. */
static int wait_for(volatile unsigned long *c, unsigned long target,
                    unsigned long ms)
{
    unsigned long end = evu_now() + ms * 1000000UL;
    while (*c < target) {
        if (evu_now() > end)
            return 0;
        if (fpu_get() != 0x5a5a0000UL)
            fpu_bad[0]++;
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    }
    return 1;
}

static void sleep_ms(unsigned long ms)
{
    static volatile unsigned long never;
    wait_for(&never, 1, ms);
}

static long runstate(unsigned int id, struct vcpu_runstate_info *r)
{
    return smpu_vcpu_op(VCPUOP_get_runstate_info, id, r);
}

/* Until vCPU id is blocked (polling or in SCHEDOP_block), or 1 s. */
static int wait_blocked(unsigned int id)
{
    struct vcpu_runstate_info r;
    unsigned long end = evu_now() + 1000000000UL;
    do {
        if (runstate(id, &r) == 0 && r.state == RUNSTATE_blocked)
            return 1;
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    } while (evu_now() < end);
    return 0;
}

static void context_for(unsigned int id)
{
    gs_area[id] = id;
    smpu_context(&ctxt, secondary_main, id, &stacks[id][SMPU_STACK],
                 (unsigned long)&gs_area[id], smp_upcall_entry);
}

static void hostile_checks(void)
{
    context_for(1);
    CHECK_EQ("initialise of vCPU id max_vcpus",
             smpu_vcpu_op(VCPUOP_initialise, nr, &ctxt), -ENOENT);
    CHECK_EQ("initialise of vCPU id 1000",
             smpu_vcpu_op(VCPUOP_initialise, 1000, &ctxt), -ENOENT);
    CHECK_EQ("up of vCPU id max_vcpus", smpu_vcpu_op(VCPUOP_up, nr, NULL),
             -ENOENT);
    if (nr < 2)
        return;
    CHECK_EQ("vCPU 1 starts down", smpu_vcpu_op(VCPUOP_is_up, 1, NULL), 0);
    CHECK_EQ("up of an uninitialised vCPU", smpu_vcpu_op(VCPUOP_up, 1, NULL),
             -EINVAL);
    CHECK_EQ("initialise from an unmapped pointer",
             smpu_vcpu_op(VCPUOP_initialise, 1, EVU_BAD_PTR), -EFAULT);
    CHECK_EQ("initialise from the hypervisor's memory",
             smpu_vcpu_op(VCPUOP_initialise, 1, EVU_HV_PTR), -EFAULT);
    ctxt.user_regs.rip = 1UL << 63;
    CHECK_EQ("initialise at a non-canonical RIP",
             smpu_vcpu_op(VCPUOP_initialise, 1, &ctxt), -EINVAL);
    context_for(1);
    ctxt.ctrlreg[3] = xen_pfn_to_cr3(0);
    CHECK_EQ("initialise with CR3 frame 0",
             smpu_vcpu_op(VCPUOP_initialise, 1, &ctxt), -EINVAL);
    CHECK_EQ("still uninitialised: up refused",
             smpu_vcpu_op(VCPUOP_up, 1, NULL), -EINVAL);
}

static void start_secondaries(void)
{
    unsigned int up = 0;
    for (unsigned int id = 1; id < nr; id++) {
        context_for(id);
        if (smpu_vcpu_op(VCPUOP_initialise, id, &ctxt) == 0 &&
            smpu_vcpu_op(VCPUOP_up, id, NULL) == 0 &&
            smpu_vcpu_op(VCPUOP_is_up, id, NULL) == 1)
            up++;
    }
    CHECK_EQ("vCPUs 1.. initialised and up", up, nr - 1);
    context_for(1);
    CHECK_EQ("initialise twice", smpu_vcpu_op(VCPUOP_initialise, 1, &ctxt),
             -EEXIST);
    CHECK_EQ("up of a vCPU that is up", smpu_vcpu_op(VCPUOP_up, 1, NULL), 0);
}

static void progress_checks(void)
{
    unsigned int ok = 0, gs = 0, fpu = 0;
    for (unsigned int id = 1; id < nr; id++)
        ok += wait_for(&counter[id], 200, 3000);
    CHECK_EQ("every vCPU makes progress", ok, nr - 1);
    for (unsigned int id = 0; id < nr; id++) {
        gs += gs_bad[id] == 0;
        fpu += fpu_bad[id] == 0;
    }
    CHECK_EQ("each vCPU keeps its own GS base", gs, nr);
    CHECK_EQ("each vCPU keeps its own FPU registers", fpu, nr);
}

/* vCPU id waits in SCHEDOP_poll (port masked) or SCHEDOP_block (port
 * unmasked, the upcall counts): each send must wake it. */
static unsigned int ipi_rounds(unsigned int id, int how,
                               volatile unsigned long *count)
{
    struct evtchn_bind_ipi b = {id, 0};
    unsigned int woken = 0;
    if (evu_op(EVTCHNOP_bind_ipi, &b))
        return 0;
    port[id] = b.port;
    if (how == MODE_POLL)
        evu_set_bit(evu_sh->evtchn_mask, b.port);
    else
        evu_test_and_clear(evu_sh->evtchn_mask, b.port);
    mode[id] = how;
    for (unsigned int i = 0; i < 10; i++) {
        unsigned long before = *count;
        if (!wait_blocked(id))
            break;
        evu_send(b.port);
        woken += wait_for(count, before + 1, 1000);
    }
    mode[id] = MODE_SPIN;
    evu_send(b.port); /* out of its last wait */
    evu_set_bit(evu_sh->evtchn_mask, b.port);
    return woken;
}

static void down_up_checks(unsigned int id)
{
    struct vcpu_runstate_info r;
    unsigned long before;
    CHECK_EQ("down another vCPU", smpu_vcpu_op(VCPUOP_down, id, NULL), 0);
    CHECK_EQ("it is down", smpu_vcpu_op(VCPUOP_is_up, id, NULL), 0);
    sleep_ms(10);
    before = counter[id];
    sleep_ms(50);
    CHECK_EQ("a down vCPU does not run", counter[id], before);
    CHECK("its runstate is offline",
          runstate(id, &r) == 0 && r.state == RUNSTATE_offline);
    CHECK_EQ("down twice", smpu_vcpu_op(VCPUOP_down, id, NULL), 0);
    CHECK_EQ("up again", smpu_vcpu_op(VCPUOP_up, id, NULL), 0);
    CHECK("it runs again", wait_for(&counter[id], before + 100, 2000));
}

/* The four times add up to now minus the vCPU's creation: the creation
 * time they imply must not move between two reads 20 ms apart. */
static int runstate_consistent(unsigned int id)
{
    long created[2][2];
    for (int i = 0; i < 2; i++) {
        struct vcpu_runstate_info r;
        unsigned long t0 = evu_now(), sum = 0;
        if (runstate(id, &r))
            return 0;
        unsigned long t1 = evu_now();
        for (int s = 0; s < 4; s++)
            sum += r.time[s];
        created[i][0] = (long)(t0 - sum) - 50000;
        created[i][1] = (long)(t1 - sum) + 50000;
        if (r.state_entry_time > t1 + 50000 || sum > t1 + 50000)
            return 0;
        if (!i)
            sleep_ms(20);
    }
    return created[1][0] <= created[0][1] && created[0][0] <= created[1][1];
}

static void runstate_checks(unsigned int down_id)
{
    struct vcpu_runstate_info r;
    unsigned int ok = 0;
    for (unsigned int id = 0; id < nr; id++)
        ok += runstate_consistent(id);
    CHECK_EQ("runstate times add up on every vCPU", ok, nr);
    CHECK("vCPU 1 ran, waited and blocked", runstate(1, &r) == 0 &&
                                                r.time[RUNSTATE_running] > 0 &&
                                                r.time[RUNSTATE_blocked] > 0);
    CHECK("the vCPU that was down has 50 ms offline",
          runstate(down_id, &r) == 0 && r.time[RUNSTATE_offline] > 50000000UL);
}

int guest_main(struct start_info *si)
{
    fpu_set(0x5a5a0000UL);
    if (evu_map_shared_info(si))
        return 1;
    nr = smpu_nr_vcpus();
    if (nr > SMP_MAX)
        nr = SMP_MAX;
    printf("smp: %u vCPUs\n", nr);
    hostile_checks();
    if (nr >= 2) {
        unsigned int blocker = nr > 2 ? 2 : 1;
        start_secondaries();
        progress_checks();
        CHECK_EQ("an IPI wakes vCPU 1 in SCHEDOP_poll, 10 of 10",
                 ipi_rounds(1, MODE_POLL, &wakeups[1]), 10);
        CHECK_EQ("an IPI wakes a vCPU in SCHEDOP_block, 10 of 10",
                 ipi_rounds(blocker, MODE_BLOCK, &upcalls[blocker]), 10);
        down_up_checks(nr - 1);
        runstate_checks(nr - 1);
    }
    return test_summary();
}
