/* SPDX-License-Identifier: BSD-2-Clause */
/* panic: report, stop the other CPUs, and halt (or end an emulator run
 * in self-test mode so the harness sees the failure at once). */
#include <basalt/lib.h>
#include <basalt/console.h>
#include <basalt/setup.h>
#include <asm/processor.h>
#include <asm/traps.h>

static volatile int panicking;

void panic(const char *fmt, ...)
{
    va_list ap;
    local_irq_disable();
    if (__atomic_exchange_n(&panicking, 1, __ATOMIC_ACQ_REL))
        for (;;) /* another CPU is already panicking */
            halt();
    console_start_panic();
    printk("****************************************\n");
    printk("Panic: ");
    va_start(ap, fmt);
    vprintk(fmt, ap);
    va_end(ap);
    printk("\n");
    show_stack_trace((uint64_t)__builtin_frame_address(0));
    printk("****************************************\n");
    smp_stop_others();
    emulator_exit(EXIT_PANIC);
    for (;;)
        halt();
}
