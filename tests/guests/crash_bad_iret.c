/* SPDX-License-Identifier: BSD-2-Clause */
/* Hostile PV test kernel: HYPERVISOR_iret with a forged frame that asks
 * for the hypervisor's ring-0 code selector. The hypervisor must refuse it
 * by crashing this domain, never by faulting itself. */
#include "hypercall.h"
#include "test.h"

int guest_main(struct start_info *si)
{
    (void)si;
    printf("crash: iret to ring-0 selector 0xe008\n");
    /* iret_context above the stub's three pushes: flags, rip, cs, rflags,
     * rsp, ss. */
    __asm__ volatile("pushq $0xe02b\n" /* ss */
                     "pushq %%rsp\n"
                     "pushq $0x202\n"  /* rflags */
                     "pushq $0xe008\n" /* cs: the hypervisor's */
                     "pushq $1f\n"     /* rip */
                     "pushq $0\n"      /* flags */
                     "jmp hypercall_page + 23 * 32\n"
                     "1:" ::
                         : "memory");
    test_fail("forged iret refused", "the iret returned");
    return test_summary();
}
