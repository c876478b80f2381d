/* SPDX-License-Identifier: BSD-2-Clause */
/* PV benchmark kernel: round trips from the guest's point of view, median
 * of 1,000 runs after a warm-up, in TSC cycles (guest instructions under
 * QEMU -icount): a null hypercall (xen_version), a yield with nothing else
 * to run and one that switches to another vCPU and back, and a #UD and an
 * int3 bounced to the guest's handler and back through HYPERVISOR_iret. */
#include "hypercall.h"
#include "lib.h"
#include "bench.h"
#include "smp_util.h"

/* Minimal handlers: skip the ud2 (or nothing for int3), iret. */
__asm__(".pushsection .text\n"
        "bench_ud_handler:\n"
        "    pop %rcx\n"
        "    pop %r11\n"
        "    addq $2, (%rsp)\n"
        "    pushq $0\n"
        "    jmp hypercall_page + 23 * 32\n"
        "bench_bp_handler:\n"
        "    pop %rcx\n"
        "    pop %r11\n"
        "    pushq $0\n"
        "    jmp hypercall_page + 23 * 32\n"
        ".popsection\n");
extern char bench_ud_handler[], bench_bp_handler[];

static void op_ud(void)
{
    __asm__ volatile("ud2" ::: "rcx", "r11", "memory");
}

static void op_int3(void)
{
    __asm__ volatile("int3" ::: "rcx", "r11", "memory");
}

static void op_null_hypercall(void)
{
    HYPERVISOR_xen_version(XENVER_version, NULL);
}

static void op_yield(void)
{
    HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
}

/* vCPU 2 yields back at once: with dom0_max_vcpus=3 dom0_vcpus_pin on two
 * CPUs it shares CPU 0 with vCPU 0, so each yield is two switches. */
static unsigned char partner_stack[SMPU_STACK] __attribute__((aligned(16)));
static struct vcpu_guest_context partner_ctxt;

__attribute__((used, noreturn)) static void partner_main(unsigned long id)
{
    (void)id;
    for (;;)
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
}

static long partner_up(void)
{
    if (smpu_nr_vcpus() < 3)
        return -1;
    smpu_context(&partner_ctxt, partner_main, 2, partner_stack + SMPU_STACK, 0,
                 NULL);
    if (smpu_vcpu_op(VCPUOP_initialise, 2, &partner_ctxt))
        return -1;
    return smpu_vcpu_op(VCPUOP_up, 2, NULL);
}

int guest_main(struct start_info *si)
{
    (void)si;
    static const struct trap_info table[] = {
        {3, 3, FLAT_KERNEL_CS, (unsigned long)bench_bp_handler},
        {6, 0, FLAT_KERNEL_CS, (unsigned long)bench_ud_handler},
        {0, 0, 0, 0},
    };
    unsigned long empty = bench_empty();
    printf("bench: null hypercall (xen_version) %lu cycles\n",
           bench(op_null_hypercall) - empty);
    printf("bench: sched_op yield %lu cycles\n", bench(op_yield) - empty);
    if (partner_up() == 0) {
        printf("bench: yield to another vCPU and back %lu cycles\n",
               bench(op_yield) - empty);
        smpu_vcpu_op(VCPUOP_down, 2, NULL);
    }
    if (hypercall5(__HYPERVISOR_set_trap_table, (unsigned long)table, 0, 0, 0,
                   0))
        return 1;
    printf("bench: #UD bounce and iret %lu cycles\n", bench(op_ud) - empty);
    printf("bench: int3 bounce and iret %lu cycles\n", bench(op_int3) - empty);
    return 0;
}
