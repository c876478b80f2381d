/* SPDX-License-Identifier: BSD-2-Clause */
/* PV test kernel: a platform NMI delivered to dom0's NMI callback
 * (callback_op CALLBACKTYPE_nmi), events masked inside it, back through
 * HYPERVISOR_iret. The runner sends the NMI with the 'n' debug key once
 * the kernel says it is waiting (input_* kernels need such input). */
#include "hypercall.h"
#include "test.h"
#include <public/callback.h>

unsigned long nmi_count, nmi_cs, nmi_rip;

__asm__(".pushsection .text\n"
        "nmi_handler:\n"
        "    pop %rcx\n"
        "    pop %r11\n"
        "    incq nmi_count(%rip)\n"
        "    push %rax\n"
        "    mov 16(%rsp), %rax\n"
        "    mov %rax, nmi_cs(%rip)\n"
        "    mov 8(%rsp), %rax\n"
        "    mov %rax, nmi_rip(%rip)\n"
        "    pop %rax\n"
        "    pushq $0\n"
        "    jmp hypercall_page + 23 * 32\n"
        ".popsection\n");
extern char nmi_handler[];

static inline unsigned long rdtsc(void)
{
    unsigned int lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return (unsigned long)hi << 32 | lo;
}

int guest_main(struct start_info *si)
{
    struct callback_register r = {CALLBACKTYPE_nmi, 0,
                                  (unsigned long)nmi_handler};
    (void)si;
    CHECK_EQ("register the NMI callback",
             hypercall2(__HYPERVISOR_callback_op, CALLBACKOP_register, &r), 0);
    printf("nmi: waiting for an NMI\n");
    /* Up to ~20 s at a few GHz of TSC: the runner types 'n' long before. */
    for (unsigned long t0 = rdtsc(); !*(volatile unsigned long *)&nmi_count &&
                                     rdtsc() - t0 < 60000000000UL;)
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    CHECK_EQ("one NMI delivered", nmi_count, 1);
    CHECK_EQ("frame cs: kernel context, events were masked", nmi_cs,
             (unsigned long)(FLAT_KERNEL_CS & ~3) | 1UL << 32);
    CHECK("frame rip in this kernel", nmi_rip >= (unsigned long)_image_start &&
                                          nmi_rip < (unsigned long)_image_end);
    return test_summary();
}
