/* SPDX-License-Identifier: BSD-2-Clause */
/* vcpu_op: vCPU state queries, the runstate area, relocating vcpu_info and
 * the VCPUOP timers. Errors follow Xen 4.17 (common_vcpu_op and x86's
 * arch_do_vcpu_op). */
#include <basalt/lib.h>
#include <basalt/acpi.h>
#include <basalt/domain.h>
#include <basalt/errno.h>
#include <basalt/mm.h>
#include <asm/guest_access.h>
#include <asm/page.h>
#include <asm/percpu.h>
#include <asm/processor.h>
#include <asm/pv_mm.h>
#include <public/sched.h>
#include <public/vcpu.h>
#include "pv_time.h"
#include "sched_priv.h"

#define STIME_DELTA_MAX INT64_MAX

/* Write v's runstate to the area the guest registered (v is current, in
 * kernel context: the area is a kernel VA). With the update-flag assist
 * the guest sees XEN_RUNSTATE_UPDATE in state_entry_time meanwhile. */
void vcpu_runstate_publish(struct vcpu *v)
{
    uint64_t va = v->runstate_guest, entry = v->runstate.state_entry_time;
    uint64_t at = va + offsetof(struct vcpu_runstate_info, state_entry_time);
    bool flag =
        v->domain->vm_assist & (1UL << VMASST_TYPE_runstate_update_flag);
    struct vcpu_runstate_info r = v->runstate;
    if (!va || v != current_vcpu() || !v->kernel_mode)
        return;
    if (flag) {
        entry |= XEN_RUNSTATE_UPDATE;
        copy_to_guest(at, &entry, sizeof(entry));
        r.state_entry_time = entry;
    }
    copy_to_guest(va, &r, sizeof(r)); /* a bad area is the guest's loss */
    if (flag) {
        entry &= ~XEN_RUNSTATE_UPDATE;
        copy_to_guest(at, &entry, sizeof(entry));
    }
}

/* Every transition goes through here, with the scheduler's lock of v
 * held: the four times always add up to now minus v's creation. */
void vcpu_runstate_set(struct vcpu *v, int state, s_time_t now)
{
    s_time_t delta = now - (s_time_t)v->runstate.state_entry_time;
    if (delta > 0 && (unsigned int)v->runstate.state < 4)
        v->runstate.time[v->runstate.state] += (uint64_t)delta;
    v->runstate.state = state;
    v->runstate.state_entry_time = (uint64_t)now;
}

void vcpu_runstate_change(struct vcpu *v, int state)
{
    vcpu_runstate_set(v, state, NOW());
    vcpu_runstate_publish(v);
    if (state == RUNSTATE_running)
        pv_timer_resume(v);
}

void vcpu_switched_in(struct vcpu *v)
{
    vcpu_runstate_publish(v);
    pv_timer_resume(v);
}

/* The runstate with the time in the current state so far (Xen's
 * vcpu_runstate_get), read under v's lock so it is never torn. */
static void vcpu_runstate_get(struct vcpu *v, struct vcpu_runstate_info *r)
{
    uint64_t flags = local_irq_save();
    unsigned int c = vcpu_lock(v);
    s_time_t delta;
    *r = v->runstate;
    delta = NOW() - (s_time_t)r->state_entry_time;
    vcpu_unlock(c);
    local_irq_restore(flags);
    if (delta > 0 && (unsigned int)r->state < 4)
        r->time[r->state] += (uint64_t)delta;
}

/* Only the start is checked, as Xen's guest_handle_okay; 0 unregisters. */
static long vcpu_register_runstate(struct vcpu *v, uint64_t arg)
{
    struct vcpu_register_runstate_memory_area area;
    struct vcpu_runstate_info r;
    if (copy_from_guest(&area, arg, sizeof(area)))
        return -EFAULT;
    if (!guest_range_ok(area.addr.p, 1))
        return -EFAULT;
    v->runstate_guest = area.addr.p;
    if (v == current_vcpu())
        r = v->runstate;
    else
        vcpu_runstate_get(v, &r);
    if (area.addr.p)
        copy_to_guest(area.addr.p, &r, sizeof(r)); /* failure ignored */
    return 0;
}

/*
 * Move v's vcpu_info to offset in the guest frame mfn, once: the frame
 * must be the domain's and takes a writable type reference (so it can
 * never become a page table). Everything is marked pending afterwards,
 * as Xen does, so no event is lost in the move.
 */
static long vcpu_register_vcpu_info(struct vcpu *v, uint64_t arg)
{
    struct vcpu_register_vcpu_info info;
    struct vcpu_info *new;
    struct page_info *pg;
    uint64_t flags;
    if (copy_from_guest(&info, arg, sizeof(info)))
        return -EFAULT;
    if (info.offset > PAGE_SIZE - sizeof(struct vcpu_info) || info.offset & 7)
        return -ENXIO;
    if (v->vcpu_info_mfn || (v != current_vcpu() && v->is_up))
        return -EINVAL;
    if (info.mfn >= max_pfn || info.mfn >= (DIRECTMAP_SIZE >> PAGE_SHIFT))
        return -EINVAL;
    pg = pfn_to_page(info.mfn);
    if (page_get_and_type(pg, v->domain->domain_id, PGT_writable_page))
        return -EINVAL;
    new = (struct vcpu_info *)((char *)__va(info.mfn << PAGE_SHIFT) +
                               info.offset);
    flags = local_irq_save(); /* the timer interrupt writes vcpu_info */
    memcpy(new, v->vcpu_info, sizeof(*new));
    v->vcpu_info = new;
    v->vcpu_info_mfn = info.mfn;
    __atomic_store_n(&new->evtchn_pending_sel, ~0UL, __ATOMIC_SEQ_CST);
    __atomic_store_n(&new->evtchn_upcall_pending, 1, __ATOMIC_SEQ_CST);
    local_irq_restore(flags);
    pv_time_update(v);
    return 0;
}

void vcpu_unmap_vcpu_info(struct vcpu *v)
{
    struct vcpu_info *home = &v->domain->shared_info->vcpu_info[v->vcpu_id];
    if (!v->vcpu_info_mfn)
        return;
    memcpy(home, v->vcpu_info, sizeof(*home));
    v->vcpu_info = home;
    page_put_and_type(pfn_to_page(v->vcpu_info_mfn));
    v->vcpu_info_mfn = 0;
}

/* A timeout already past fires now. VCPU_SSHOTTMR_future is ignored, as
 * in Xen since it stopped honouring it (Linux misused it and lost
 * timers); Debian's 4.17 carries that change. Xen compares unsigned, so
 * 2^63 and beyond count as future (and fire at once as negative). */
static long vcpu_singleshot(struct vcpu *v, uint64_t arg)
{
    struct vcpu_set_singleshot_timer set;
    if (v != current_vcpu())
        return -EINVAL;
    if (copy_from_guest(&set, arg, sizeof(set)))
        return -EFAULT;
    if (set.timeout_abs_ns < (uint64_t)NOW()) {
        stop_timer(&v->singleshot_timer);
        pv_timer_send(v);
        return 0;
    }
    pv_timer_set_singleshot(v, (s_time_t)set.timeout_abs_ns);
    return 0;
}

static long vcpu_periodic(struct vcpu *v, uint64_t arg)
{
    struct vcpu_set_periodic_timer set;
    if (copy_from_guest(&set, arg, sizeof(set)))
        return -EFAULT;
    if (set.period_ns < (uint64_t)MILLISECS(1) ||
        set.period_ns > STIME_DELTA_MAX)
        return -EINVAL;
    pv_timer_set_periodic(v, (s_time_t)set.period_ns);
    return 0;
}

/* Xen reads the whole context first (-EFAULT), then refuses a second
 * initialisation; arch_set_vcpu_context validates the rest. */
static long vcpu_initialise(struct vcpu *v, uint64_t arg)
{
    static spinlock_t lock = SPINLOCK_INIT;
    struct vcpu_guest_context *c = alloc_xen_pages(1);
    long rc;
    _Static_assert(sizeof(*c) <= 2 * PAGE_SIZE, "context size");
    if (!c)
        return -ENOMEM;
    if (copy_from_guest(c, arg, sizeof(*c))) {
        rc = -EFAULT;
    } else {
        spin_lock(&lock);
        rc = v->initialised ? -EEXIST : arch_set_vcpu_context(v, c);
        spin_unlock(&lock);
    }
    free_xen_pages(c, 1);
    return rc;
}

static long vcpu_up(struct vcpu *v)
{
    if (!v->initialised)
        return -EINVAL;
    vcpu_set_online(v, true);
    return 0;
}

/* The last vCPU going down powers the domain off, as in Xen. A vCPU that
 * takes itself down leaves its CPU on the way out of this hypercall and
 * returns from it when brought up again. */
static long vcpu_down(struct vcpu *v)
{
    struct domain *d = v->domain;
    for (unsigned int i = 0; i < d->max_vcpus; i++)
        if (d->vcpu[i] && d->vcpu[i] != v && d->vcpu[i]->is_up) {
            vcpu_set_online(v, false);
            return 0;
        }
    if (!v->is_up)
        return 0;
    domain_shutdown(d, SHUTDOWN_poweroff);
}

/* The hardware domain's vCPUs each own a CPU (pinned, in Xen's terms):
 * APIC id in bits 31:0, ACPI processor id in 63:32. */
static long vcpu_get_physid(const struct vcpu *v, uint64_t arg)
{
    struct vcpu_get_physid id;
    uint32_t apic = per_cpu(v->processor)->apic_id, uid = 0;
    if (v->domain->domain_id != 0)
        return -EINVAL;
    for (unsigned int i = 0; i < acpi_info.nr_cpus; i++)
        if (acpi_info.cpus[i].apic_id == apic)
            uid = acpi_info.cpus[i].acpi_uid;
    id.phys_id = apic | (uint64_t)uid << 32;
    return copy_to_guest(arg, &id, sizeof(id)) ? -EFAULT : 0;
}

static long vcpu_get_runstate(struct vcpu *v, uint64_t arg)
{
    struct vcpu_runstate_info r;
    vcpu_runstate_get(v, &r);
    return copy_to_guest(arg, &r, sizeof(r)) ? -EFAULT : 0;
}

long do_vcpu_op(uint64_t cmd64, uint64_t vcpuid64, uint64_t arg)
{
    struct domain *d = current_domain;
    int cmd = (int)cmd64;                     /* Xen: int cmd, */
    unsigned int vcpuid = (uint32_t)vcpuid64; /* unsigned int vcpuid */
    struct vcpu *v;
    if (vcpuid >= d->max_vcpus || !(v = d->vcpu[vcpuid]))
        return -ENOENT;
    switch (cmd) {
    case VCPUOP_initialise:
        return vcpu_initialise(v, arg);
    case VCPUOP_up:
        return vcpu_up(v);
    case VCPUOP_down:
        return vcpu_down(v);
    case VCPUOP_is_up:
        return v->is_up ? 1 : 0;
    case VCPUOP_get_runstate_info:
        return vcpu_get_runstate(v, arg);
    case VCPUOP_register_runstate_memory_area:
        return vcpu_register_runstate(v, arg);
    case VCPUOP_set_periodic_timer:
        return vcpu_periodic(v, arg);
    case VCPUOP_stop_periodic_timer:
        pv_timer_set_periodic(v, 0);
        return 0;
    case VCPUOP_set_singleshot_timer:
        return vcpu_singleshot(v, arg);
    case VCPUOP_stop_singleshot_timer:
        if (v != current_vcpu())
            return -EINVAL;
        stop_timer(&v->singleshot_timer);
        return 0;
    case VCPUOP_register_vcpu_info:
        return vcpu_register_vcpu_info(v, arg);
    case VCPUOP_send_nmi: /* virtual NMIs are not delivered (yet) */
        return arg ? -EINVAL : -ENOSYS;
    case VCPUOP_get_physid:
        return vcpu_get_physid(v, arg);
    default: /* incl. register_vcpu_time_memory_area: not supported */
        return -ENOSYS;
    }
}
