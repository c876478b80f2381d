/* SPDX-License-Identifier: BSD-2-Clause */
/* Domain and vCPU lifecycle: creation, lookup, shutdown and crash. */
#include <basalt/lib.h>
#include <basalt/domain.h>
#include <basalt/errno.h>
#include <basalt/mm.h>
#include <basalt/setup.h>
#include <asm/m2p.h>
#include <asm/page.h>
#include <asm/percpu.h>
#include <asm/processor.h>
#include <public/sched.h>

#define DOMAIN_MAX 64 /* domain ids 0..63 for now */
#define VCPU_ORDER 1  /* a vcpu (with its 4 KiB trap table) in 8 KiB */

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

static struct vcpu *vcpu_create(struct domain *d, unsigned int id)
{
    struct vcpu *v = alloc_xen_pages(VCPU_ORDER);
    _Static_assert(sizeof(*v) <= (PAGE_SIZE << VCPU_ORDER), "vcpu size");
    if (!v)
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
    vcpu_timers_init(v);
    d->vcpu[id] = v;
    return v;
}

/* Release what domain_create made (the caller has freed the frames). */
void domain_destroy(struct domain *d)
{
    evtchn_destroy(d);
    gnttab_destroy(d);
    for (unsigned int i = 0; i < PV_MAX_VCPUS; i++)
        if (d->vcpu[i])
            free_xen_pages(d->vcpu[i], VCPU_ORDER);
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

void domain_shutdown(struct domain *d, unsigned int reason)
{
    local_irq_disable();
    printk("Domain %u shut down: %s\n", d->domain_id,
           reason < ARRAY_SIZE(shutdown_names) ? shutdown_names[reason]
                                               : "unknown reason");
    if (d->domain_id == 0 && reason == SHUTDOWN_reboot)
        machine_reboot();
    /* The hardware domain is gone: nothing is left to run. */
    emulator_exit(reason == SHUTDOWN_poweroff ? EXIT_PASS : EXIT_FAIL);
    printk("Domain 0 halted: halting machine\n");
    for (;;)
        halt();
}

void domain_crash(struct domain *d, const char *why)
{
    printk("Domain %u crashed: %s\n", d->domain_id, why);
    domain_shutdown(d, SHUTDOWN_crash);
}
