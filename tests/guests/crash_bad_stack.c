/* SPDX-License-Identifier: BSD-2-Clause */
/* Hostile PV test kernel: an exception while the guest's stack pointer
 * points at unmapped memory, so the bounce frame cannot be written (the
 * PV form of a double fault). The guest must be crashed, alone. */
#include "hypercall.h"
#include "test.h"

__asm__(".pushsection .text\n"
        "bad_stack_handler:\n"
        "    hlt\n"
        ".popsection\n");
extern char bad_stack_handler[];

int guest_main(struct start_info *si)
{
    (void)si;
    static const struct trap_info table[] = {
        {6, 0, FLAT_KERNEL_CS, (unsigned long)bad_stack_handler},
        {0, 0, 0, 0},
    };
    hypercall1(__HYPERVISOR_set_trap_table, table);
    printf("crash: #UD with RSP at an unmapped page\n");
    __asm__ volatile("mov $0x2000, %%rsp\n"
                     "ud2\n" ::
                         : "memory");
    test_fail("bounce refused", "the guest continued");
    return test_summary();
}
