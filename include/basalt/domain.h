/* SPDX-License-Identifier: BSD-2-Clause */
/* Domains, as far as the first PV milestone needs them: the initial
 * domain with one vCPU on the boot CPU. */
#ifndef BASALT_DOMAIN_H
#define BASALT_DOMAIN_H

#include <basalt/types.h>
#include <public/xen.h>

struct boot_module;

struct domain {
    uint16_t domain_id;
    bool privileged;
    uint64_t nr_pages;      /* pseudo-physical frames the domain owns */
    uint64_t *p2m;          /* hypervisor view of its frame list */
    unsigned int p2m_order; /* the p2m allocation order */
    void *shared_info;      /* the shared_info page */
    struct trap_info trap_ctxt[256]; /* set_trap_table; address 0: none */
};

struct cpu_regs;
/* Enter a guest through IRET with the frame in regs (arch/x86/pv/entry.S). */
void pv_enter(const struct cpu_regs *regs) __noreturn;

/* The running domain (one vCPU on the boot CPU for now). */
extern struct domain *current_domain;

/* Build dom0 from 'kernel' (a Xen PV ELF) with 'mem' bytes and run it;
 * returns only on a build error, which it has reported. */
int dom0_build_and_run(const struct boot_module *kernel, uint64_t mem);

/* The domain asked to stop (SCHEDOP_shutdown) or crashed: report, then
 * halt, reboot or end the emulator run as the reason asks. */
void domain_shutdown(struct domain *d, unsigned int reason) __noreturn;
void domain_crash(struct domain *d, const char *why) __noreturn;

/* PV exceptions (arch/x86/pv/traps.c). */
struct cpu_regs;
bool pv_bounce_exception(struct cpu_regs *regs, unsigned int vector);
long do_iret(uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5,
             struct cpu_regs *regs) __noreturn;
long do_set_trap_table(uint64_t traps);

/* Hypercalls of the first milestone. */
long do_console_io(uint64_t cmd, uint64_t count, uint64_t buf);
long do_xen_version(uint64_t cmd, uint64_t arg);
long do_sched_op(uint64_t cmd, uint64_t arg);

#endif
