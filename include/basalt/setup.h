/* SPDX-License-Identifier: BSD-2-Clause */
/* Start of day: the order of initialisation and what it leaves behind. */
#ifndef BASALT_SETUP_H
#define BASALT_SETUP_H

#include <basalt/types.h>

/* Exit codes for emulator runs (isa-debug-exit: QEMU returns 2v+1). */
#define EXIT_PASS  0x10
#define EXIT_FAIL  0x11
#define EXIT_PANIC 0x12

extern bool opt_selftest, opt_bench;
/* Physical extent of the hypervisor image. */
extern paddr_t image_phys_start, image_phys_end;
extern char opt_console[64];

/* In self-test mode (only), end an emulator run: QEMU's isa-debug-exit at
 * port 0xf4 and Bochs's shutdown port 0x8900. Elsewhere it returns. */
void emulator_exit(unsigned int code);
/* Stop every other CPU (panic, reboot). */
void smp_stop_others(void);
/* Run the in-hypervisor self-tests; returns the number of failures. */
int selftest_run(void);
/* Run the micro-benchmarks (`bench`) and print cycles per operation. */
void bench_run(void);
/* Reboot through the ACPI reset register, then the keyboard controller. */
void machine_reboot(void) __noreturn;

#endif
