/* SPDX-License-Identifier: BSD-2-Clause */
/* Internals of the dom0 OS runtime shared between its files. */
#ifndef DOM0_OS_PRIV_H
#define DOM0_OS_PRIV_H

#include <dom0/os.h>
#include <public/callback.h>
#include <public/event_channel.h>
#include <public/sched.h>
#include <public/vcpu.h>

#define OS_PAGE_SIZE  4096UL
#define OS_PAGE_SHIFT 12

/* PTE bits. PV kernels run in ring 3, so every mapping is a user one. */
#define OS_PTE_P    0x001UL
#define OS_PTE_RW   0x002UL
#define OS_PTE_US   0x004UL
#define OS_PTE_A    0x020UL
#define OS_PTE_D    0x040UL
#define OS_PTE_PSE  0x080UL
#define OS_PTE_ADDR 0x000ffffffffff000UL
#define OS_PTE_RO   (OS_PTE_P | OS_PTE_US | OS_PTE_A)
#define OS_PTE_WR   (OS_PTE_RO | OS_PTE_RW | OS_PTE_D)

/* The read-only machine-to-phys table every PV guest sees. */
#define OS_M2P ((const volatile unsigned long *)__MACH2PHYS_VIRT_START)

/* Where the image is linked (dom0.lds); pfn p lives at OS_VIRT_BASE +
 * p * 4096 for every pfn of dom0 once os_mm_init has mapped them all. */
#define OS_VIRT_BASE 0x400000UL

extern const struct start_info *os_si;
extern volatile struct shared_info *os_shared;
extern volatile struct vcpu_info *os_vcpu;

static inline long os_hc2(unsigned int nr, unsigned long a, unsigned long b)
{
    return os_hypercall(nr, a, b, 0, 0, 0);
}

static inline long os_evtchn_op(int cmd, void *arg)
{
    return os_hc2(__HYPERVISOR_event_channel_op, cmd, (unsigned long)arg);
}

static inline long os_sched_op(int cmd, void *arg)
{
    return os_hc2(__HYPERVISOR_sched_op, cmd, (unsigned long)arg);
}

static inline long os_mmu_update(const struct mmu_update *req,
                                 unsigned int count, unsigned int *done,
                                 domid_t dom)
{
    return os_hypercall(__HYPERVISOR_mmu_update, (unsigned long)req, count,
                        (unsigned long)done, dom, 0);
}

static inline long os_update_va(unsigned long va, unsigned long pte)
{
    return os_hypercall(__HYPERVISOR_update_va_mapping, va, pte, UVMF_INVLPG, 0,
                        0);
}

static inline unsigned long os_pfn_to_va(unsigned long pfn)
{
    return OS_VIRT_BASE + (pfn << OS_PAGE_SHIFT);
}

/* Start of day, in order (start.c calls them). */
void os_trap_init(void);
void os_mm_init(void);
void os_events_init(void);
void os_console_init(void);
void os_fs_init(void);

/* mm.c: the machine address of va's L1 entry (0 if no L1 covers va), and
 * a fresh zeroed page-table frame hooked at level (1-3) for va. */
uint64_t os_pte_maddr(unsigned long va);
int os_mm_ensure_l1(unsigned long va);
unsigned long os_mm_heap_start(void), os_mm_heap_end(void);

/* time.c: wall clock now, from shared_info's base and the pvclock. */
void os_wallclock(uint64_t *sec, uint32_t *nsec);

/* events.c: anything fired but not yet handled? */
bool os_events_waiting(void);

/* console.c: pull pending hypervisor-console input into our buffer;
 * whether input is buffered; whether VIRQ_CONSOLE has ever fired. */
void os_console_pull(void);
bool os_console_has_input(void);
extern bool os_console_virq_seen;

/* A fatal message straight to the hypervisor console, then a crash. */
void __attribute__((noreturn)) os_panic(const char *msg);
void os_raw_puts(const char *s);

/* Our entry into the shell (dom0-tools/shell/). */
void shell_main(void);

#endif
