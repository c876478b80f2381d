/* SPDX-License-Identifier: BSD-2-Clause */
/* Domain and vCPU lifecycle: creation, lookup, shutdown and crash. */
#include <basalt/lib.h>
#include <basalt/domain.h>
#include <basalt/errno.h>
#include <basalt/mm.h>
#include <basalt/sched.h>
#include <basalt/setup.h>
#include <asm/m2p.h>
#include <asm/page.h>
#include <asm/percpu.h>
#include <asm/processor.h>
#include <public/sched.h>
#include "sched_priv.h"

#define VCPU_ORDER 1 /* a vcpu (with its 4 KiB trap table) in 8 KiB */

static struct domain *domain_table[DOMAIN_MAX];
_Static_assert(__builtin_offsetof(struct vcpu, vcpu_info) == 0,
               "arch/x86/pv/entry.S VCPU_VCPU_INFO");
_Static_assert(__builtin_offsetof(struct vcpu, kernel_mode) == 24,
               "arch/x86/pv/entry.S VCPU_KERNEL_MODE");
_Static_assert(__builtin_offsetof(struct vcpu, nmi_pending) == 27,
               "arch/x86/pv/entry.S and arch/x86/entry.S VCPU_NMI_PENDING");

struct domain *domain_by_id(uint16_t domid)
{
    if (domid == DOMID_SELF)
        return current_vcpu() ? current_domain : NULL;
    return domid < DOMAIN_MAX ? domain_table[domid] : NULL;
}

struct domain *domain_next(uint16_t domid)
{
    for (unsigned int id = domid; id < DOMAIN_MAX; id++)
        if (domain_table[id])
            return domain_table[id];
    return NULL;
}

/* A hypervisor page the guest may map: owned by d with an allocation
 * reference, like the domain's own frames (Xen's share_xen_page_with_guest). */
void share_xen_page_with_guest(void *va, struct domain *d)
{
    uint64_t mfn = __pa(va) >> PAGE_SHIFT;
    struct page_info *pg = pfn_to_page(mfn);
    pg->owner = d->domain_id;
    pg->count_info = PGC_allocated | PGC_xen_heap | 1;
    /* Writable for good: it can never be pinned as a page table, which
     * would turn the hypervisor's own writes into unchecked entries. */
    pg->type_info = PGT_writable_page | PGT_validated | 1;
    m2p_set(mfn, M2P_INVALID);
}

struct vcpu *vcpu_create(struct domain *d, unsigned int id)
{
    struct vcpu *v;
    _Static_assert(sizeof(*v) <= (PAGE_SIZE << VCPU_ORDER), "vcpu size");
    if (id >= d->max_vcpus || d->vcpu[id] || !(v = alloc_xen_pages(VCPU_ORDER)))
        return NULL;
    memset(v, 0, sizeof(*v));
    v->domain = d;
    v->vcpu_id = id;
    v->kernel_mode = true;
    v->vcpu_info = &d->shared_info->vcpu_info[id];
    v->vcpu_info->evtchn_upcall_mask = 1; /* the guest unmasks when ready */
    v->runstate.state = RUNSTATE_offline;
    for (unsigned int i = 0; i < PV_NR_VIRQS; i++)
        v->virq_to_evtchn[i] = 0;
    v->soft_affinity = ~0ULL;
    vcpu_timers_init(v);
    sched_init_vcpu(v);
    d->vcpu[id] = v;
    return v;
}

/* Release what domain_create made (the caller has freed the frames). */
void domain_destroy(struct domain *d)
{
    evtchn_destroy(d);
    gnttab_destroy(d);
    for (unsigned int i = 0; i < PV_MAX_VCPUS; i++)
        if (d->vcpu[i]) {
            sched_destroy_vcpu(d->vcpu[i]);
            free_xen_pages(d->vcpu[i], VCPU_ORDER);
        }
    if (d->shared_info) {
        struct page_info *pg = pfn_to_page(__pa(d->shared_info) >> PAGE_SHIFT);
        pg->owner = DOMID_XEN_OWNER; /* back to the heap it came from */
        pg->count_info = 0;
        pg->type_info = 0;
        free_xen_pages(d->shared_info, 0);
    }
    if (domain_table[d->domain_id] == d)
        domain_table[d->domain_id] = NULL;
    free_xen_pages(d, 0);
}

/* A domain with max_vcpus vCPUs (vCPU 0 created), its shared_info page
 * and event channels; no memory yet. NULL if out of memory or the id is
 * taken. */
struct domain *domain_create(uint16_t domid, bool privileged,
                             unsigned int max_vcpus)
{
    struct domain *d;
    _Static_assert(sizeof(*d) <= PAGE_SIZE, "struct domain fits a page");
    if (domid >= DOMAIN_MAX || domain_table[domid] || !max_vcpus ||
        max_vcpus > PV_MAX_VCPUS || !(d = alloc_xen_page_zeroed()))
        return NULL;
    d->domain_id = domid;
    d->privileged = privileged;
    d->max_vcpus = max_vcpus;
    d->evtchn_lock = (spinlock_t)SPINLOCK_INIT;
    d->shutdown_code = DOMAIN_SHUTDOWN_NONE;
    d->shared_info = alloc_xen_page_zeroed();
    domain_table[domid] = d;
    if (!d->shared_info || evtchn_init(d) || !vcpu_create(d, 0)) {
        domain_destroy(d);
        return NULL;
    }
    share_xen_page_with_guest(d->shared_info, d);
    pv_time_init_domain(d);
    return d;
}

static const char *const shutdown_names[] = {
    "poweroff", "reboot", "suspend", "crash", "watchdog", "soft_reset",
};

static void domain_shutdown_report(const struct domain *d, unsigned int reason)
{
    printk("Domain %u shut down: %s\n", d->domain_id,
           reason < ARRAY_SIZE(shutdown_names) ? shutdown_names[reason]
                                               : "unknown reason");
}

/* The hardware domain is gone: nothing is left to run. */
static void __noreturn hwdom_shutdown(const struct domain *d,
                                      unsigned int reason)
{
    local_irq_disable();
    domain_shutdown_report(d, reason);
    if (reason == SHUTDOWN_reboot)
        machine_reboot();
    emulator_exit(reason == SHUTDOWN_poweroff ? EXIT_PASS : EXIT_FAIL);
    printk("Domain 0 halted: halting machine\n");
    for (;;)
        halt();
}

/* Xen's domain_shutdown for a domU: the first reason sticks; every vCPU
 * is paused (the caller's own leaves its CPU on the way out), and dom0
 * learns of it through VIRQ_DOM_EXC. false if it was shut down already. */
static bool domain_shutdown_record(struct domain *d, unsigned int reason)
{
    if (d->shutdown_code == DOMAIN_SHUTDOWN_NONE)
        d->shutdown_code = reason;
    if (__atomic_exchange_n(&d->is_shut_down, true, __ATOMIC_ACQ_REL))
        return false;
    for (unsigned int i = 0; i < d->max_vcpus; i++)
        if (d->vcpu[i])
            vcpu_pause_nosync(d->vcpu[i]);
    send_global_virq(VIRQ_DOM_EXC);
    /* An orderly domU shutdown is the toolstack's news (xl), not the
     * console's: only crashes are reported here. */
    if (d->shutdown_code == SHUTDOWN_crash)
        domain_shutdown_report(d, d->shutdown_code);
    return true;
}

void domain_shutdown(struct domain *d, unsigned int reason)
{
    if (d->domain_id == 0)
        hwdom_shutdown(d, reason);
    domain_shutdown_record(d, reason);
    /* The caller's vCPU is paused: the scheduler switches away for good
     * (its frame is saved, so getvcpucontext still shows where it was). */
    local_irq_disable();
    for (;;)
        sched_softirq();
}

int domain_shutdown_remote(struct domain *d, unsigned int reason)
{
    if (d->domain_id == 0 || d->is_dying)
        return -EINVAL;
    domain_shutdown_record(d, reason);
    return 0;
}

void domain_crash(struct domain *d, const char *why)
{
    printk("Domain %u crashed: %s\n", d->domain_id, why);
    domain_shutdown(d, SHUTDOWN_crash);
}

/* Xen's toolstack pause count: at most 255, never below 0. */
int domain_pause_by_controller(struct domain *d)
{
    if (d->controller_pause_count >= 255)
        return -EOVERFLOW;
    d->controller_pause_count++;
    domain_pause(d);
    return 0;
}

int domain_unpause_by_controller(struct domain *d)
{
    if (d->controller_pause_count <= 0)
        return -EINVAL;
    d->controller_pause_count--;
    domain_unpause(d);
    return 0;
}
