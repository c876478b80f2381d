/* SPDX-License-Identifier: BSD-2-Clause */
/* dom0 start of day: hypercalls, the shared_info page, then the shell. */
#include <string.h>
#include "os_priv.h"

extern char hypercall_page[4096];

const struct start_info *os_si;
volatile struct shared_info *os_shared;
volatile struct vcpu_info *os_vcpu;

/* The shared_info frame is mapped over this page of our own .bss. */
static unsigned char os_shared_page[OS_PAGE_SIZE]
    __attribute__((aligned(OS_PAGE_SIZE)));

/* The hypervisor may clobber any argument register (Xen's debug builds
 * do), so all five are outputs; the stub itself saves RCX and R11. */
long os_hypercall(unsigned int nr, unsigned long a1, unsigned long a2,
                  unsigned long a3, unsigned long a4, unsigned long a5)
{
    register unsigned long rdi asm("rdi") = a1;
    register unsigned long rsi asm("rsi") = a2;
    register unsigned long rdx asm("rdx") = a3;
    register unsigned long r10 asm("r10") = a4;
    register unsigned long r8 asm("r8") = a5;
    long ret;

    asm volatile("call *%[stub]"
                 : "=a"(ret), "+r"(rdi), "+r"(rsi), "+r"(rdx), "+r"(r10),
                   "+r"(r8)
                 : [stub] "r"(hypercall_page + (nr % 128) * 32)
                 : "memory", "rcx", "r9", "r11");
    return ret;
}

const struct start_info *os_start_info(void)
{
    return os_si;
}

void os_raw_puts(const char *s)
{
    os_hypercall(__HYPERVISOR_console_io, CONSOLEIO_write, strlen(s),
                 (unsigned long)s, 0, 0);
}

void os_panic(const char *msg)
{
    struct sched_shutdown sd = {SHUTDOWN_crash};
    os_raw_puts("dom0: panic: ");
    os_raw_puts(msg);
    os_raw_puts("\n");
    for (;;)
        os_sched_op(SCHEDOP_shutdown, &sd);
}

static void os_map_shared_info(void)
{
    unsigned long pte = (os_si->shared_info & OS_PTE_ADDR) | OS_PTE_WR;
    if (os_update_va((unsigned long)os_shared_page, pte))
        os_panic("cannot map shared_info");
    os_shared = (volatile struct shared_info *)os_shared_page;
    os_vcpu = &os_shared->vcpu_info[0];
}

void os_start(const struct start_info *si);
void os_start(const struct start_info *si)
{
    os_si = si;
    if (strncmp(si->magic, "xen-3.0-x86_64", 14))
        os_panic("not started by a 64-bit PV loader");
    os_trap_init();
    os_map_shared_info();
    os_mm_init();
    os_events_init();
    os_console_init();
    os_fs_init();
    shell_main();
    os_panic("the shell returned");
}
