/* SPDX-License-Identifier: BSD-2-Clause */
/* PV test kernel (dom0): building a domain with domctl, foreign memory
 * operations and a vCPU context, running it to its shutdown, destroying
 * it, and the hostile cases of each (domctl_cycles.c: leaks, sysctl). */
#include "domctl_util.h"
#include "events_util.h"
#include "memory_util.h"
#include "mmu_util.h"
#include "test.h"

#define EPERM     1
#define ESRCH     3
#define EACCES    13
#define EFAULT    14
#define EBUSY     16
#define EEXIST    17
#define EINVAL    22
#define ENOSYS    38
#define ENODATA   61
#define NPAGES    10
#define WAIT_LOOP 2000000

static unsigned long m[NPAGES]; /* the domain's frames (pfn i) */
static evtchn_port_t port;      /* VIRQ_DOM_EXC */
static struct vcpu_guest_context ctx, back;

static void test_interface(void)
{
    struct xen_domctl d;
    struct xen_sysctl s;

    dcu_init(&d, XEN_DOMCTL_getdomaininfo, 0);
    d.interface_version = 0x14;
    CHECK_EQ("domctl old interface version", dcu_domctl(&d), -EACCES);
    memset(&s, 0, sizeof(s));
    s.cmd = XEN_SYSCTL_physinfo;
    s.interface_version = 0x16;
    CHECK_EQ("sysctl new interface version", dcu_sysctl_raw((unsigned long)&s),
             -EACCES);
    CHECK_EQ("domctl unmapped", dcu_domctl_raw(DCU_BAD_PTR), -EFAULT);
    CHECK_EQ("domctl hypervisor ptr", dcu_domctl_raw(DCU_HV_PTR), -EFAULT);
    CHECK_EQ("sysctl unmapped", dcu_sysctl_raw(DCU_BAD_PTR), -EFAULT);
    CHECK_EQ("domctl unknown cmd", dcu_simple(9999, 0), -ENOSYS);
    CHECK_EQ("domctl unknown cmd, no domain", dcu_simple(9999, 500), -ESRCH);
    CHECK_EQ("sysctl unknown cmd", dcu_sysctl(&s, 9999), -ENOSYS);
    CHECK_EQ("sysctl sched_id", dcu_sysctl(&s, XEN_SYSCTL_sched_id), 0);
    /* Basalt schedules like credit; Debian's Xen 4.17 defaults to credit2. */
    CHECK_EQ("sched_id", s.u.sched_id.sched_id,
             memu_on_basalt() ? XEN_SCHEDULER_CREDIT : XEN_SCHEDULER_CREDIT2);
}

static long create_with(void (*tweak)(struct xen_domctl_createdomain *))
{
    struct xen_domctl d;
    long rc;

    dcu_init(&d, XEN_DOMCTL_createdomain, 0);
    dcu_config(&d.u.createdomain, 1);
    tweak(&d.u.createdomain);
    rc = dcu_domctl(&d);
    if (!rc) /* should not happen: do not leave it behind */
        dcu_simple(XEN_DOMCTL_destroydomain, d.domain);
    return rc;
}

static void no_vcpus(struct xen_domctl_createdomain *c)
{
    c->max_vcpus = 0;
}
static void bad_flag(struct xen_domctl_createdomain *c)
{
    c->flags = 1u << 20;
}
static void bad_grant(struct xen_domctl_createdomain *c)
{
    c->grant_opts = 0x11;
}
static void bad_iommu(struct xen_domctl_createdomain *c)
{
    c->iommu_opts = 1;
}
static void bad_msr(struct xen_domctl_createdomain *c)
{
    c->arch.misc_flags = 2;
}

static void test_create_hostile(domid_t dom)
{
    struct xen_domctl d;

    CHECK_EQ("create: no vcpus", create_with(no_vcpus), -EINVAL);
    CHECK_EQ("create: unknown flag", create_with(bad_flag), -EINVAL);
    CHECK_EQ("create: unknown grant option", create_with(bad_grant), -EINVAL);
    CHECK_EQ("create: iommu_opts without iommu", create_with(bad_iommu),
             -EINVAL);
    CHECK_EQ("create: unknown misc flag", create_with(bad_msr), -EINVAL);
    dcu_init(&d, XEN_DOMCTL_createdomain, dom);
    dcu_config(&d.u.createdomain, 1);
    CHECK_EQ("create: id taken", dcu_domctl(&d), -EEXIST);
}

static void test_info(domid_t dom)
{
    struct xen_domctl_getdomaininfo i;

    CHECK_EQ("getdomaininfo", dcu_info(dom, &i), 0);
    CHECK_EQ("info: domain", i.domain, dom);
    CHECK_EQ("info: paused from creation", i.flags & 0xffff, XEN_DOMINF_paused);
    CHECK_EQ("info: no shutdown code", i.flags >> 16, 0xffff);
    CHECK_EQ("info: tot_pages", i.tot_pages, 0);
    CHECK_EQ("info: no vcpu online", i.nr_online_vcpus, 0);
    CHECK("info: shared_info frame", i.shared_info_frame != 0);
    CHECK_EQ("info: ssidref", i.ssidref, 0);
    CHECK_EQ("info: handle", i.handle[15], 0xaf);
    CHECK_EQ("info: cpupool", i.cpupool, 0);
    CHECK_EQ("max_vcpus: other count", dcu_max_vcpus(dom, 3), -EINVAL);
    CHECK_EQ("max_vcpus", dcu_max_vcpus(dom, 2), 0);
    dcu_info(dom, &i);
    CHECK_EQ("info: max_vcpu_id", i.max_vcpu_id, 1);
    CHECK_EQ("getdomaininfo of self", dcu_info(0, &i), 0);
    CHECK_EQ("info: dom0 is 0", i.domain, 0);
    CHECK_EQ("info: next domain from 1", dcu_info(1, &i) ? 0 : i.domain, dom);
    CHECK_EQ("info: DOMID_SELF", dcu_info(DOMID_SELF, &i), -EINVAL);
    CHECK_EQ("info: past the last", dcu_info(dom + 1, &i), -ESRCH);
}

static void test_memory(domid_t dom)
{
    struct xen_domctl_getdomaininfo i;
    unsigned long extra[1];

    CHECK_EQ("populate before max_mem", dcu_populate(dom, m, 1), 0);
    CHECK_EQ("max_mem", dcu_max_mem(dom, NPAGES * 4), 0);
    dcu_info(dom, &i);
    CHECK_EQ("info: max_pages", i.max_pages, NPAGES);
    CHECK_EQ("populate foreign", dcu_populate(dom, m, NPAGES), NPAGES);
    CHECK_EQ("populate past max_mem", dcu_populate(dom, extra, 1), 0);
    dcu_info(dom, &i);
    CHECK_EQ("info: tot_pages populated", i.tot_pages, NPAGES);
    CHECK_EQ("M2P of a new frame", DCU_M2P[m[3]], 3);
    CHECK("frames differ", m[0] != m[1]);
    dcu_max_mem(dom, 1024);
}

/* dom0 maps the new domain's frames: only that domain's, only in L1s. */
static void test_foreign_map(domid_t dom, unsigned long omfn)
{
    CHECK_EQ("map foreign frame", dcu_map(dom, m[0], DCU_PTE), 0);
    dcu_win()[7] = 0x5a5a5a5a12345678UL;
    CHECK_EQ("foreign frame read back", dcu_win()[7], 0x5a5a5a5a12345678UL);
    CHECK_EQ("unmap foreign frame", dcu_unmap(), 0);
    CHECK_EQ("map again", dcu_map(dom, m[0], DCU_PTE_RO), 0);
    CHECK_EQ("the write stayed", dcu_win()[7], 0x5a5a5a5a12345678UL);
    dcu_unmap();
    CHECK_EQ("map our frame as theirs",
             dcu_map(dom, dcu_own_mfn(&ctx), DCU_PTE), -EBUSY);
    CHECK_EQ("map a third domain's frame", dcu_map(dom, omfn, DCU_PTE), -EBUSY);
    CHECK_EQ("map naming ourselves", dcu_map(0, m[0], DCU_PTE), -ESRCH);
    CHECK_EQ("map naming nobody", dcu_map(500, m[0], DCU_PTE), -ESRCH);
}

/* The same through mmu_update: an entry of our L1 naming their frame,
 * and their M2P entries. */
static void test_foreign_mmu_update(domid_t dom)
{
    struct mmu_update u;

    u.ptr = mmuu_entry_maddr((unsigned long)dcu_window, 1);
    u.val = (m[1] << 12) | DCU_PTE;
    CHECK_EQ("mmu_update foreign L1 entry",
             HYPERVISOR_mmu_update(&u, 1, NULL, dom), 0);
    dcu_mmuext(MMUEXT_INVLPG_LOCAL, (unsigned long)dcu_window, DOMID_SELF);
    dcu_win()[0] = 0x1111;
    dcu_unmap();
    dcu_map(dom, m[1], DCU_PTE_RO);
    CHECK_EQ("mmu_update mapping wrote their frame", dcu_win()[0], 0x1111);
    dcu_unmap();
    u.val = (dcu_own_mfn(&ctx) << 12) | DCU_PTE;
    CHECK_EQ("mmu_update foreign: our frame",
             HYPERVISOR_mmu_update(&u, 1, NULL, dom), -EBUSY);
    u.ptr = (m[1] << 12) | MMU_MACHPHYS_UPDATE;
    u.val = 1;
    CHECK_EQ("machphys update of their frame",
             HYPERVISOR_mmu_update(&u, 1, NULL, dom), 0);
    CHECK_EQ("M2P updated", DCU_M2P[m[1]], 1);
    u.ptr = (dcu_own_mfn(&ctx) << 12) | MMU_MACHPHYS_UPDATE;
    CHECK_EQ("machphys update naming them for ours",
             HYPERVISOR_mmu_update(&u, 1, NULL, dom), -EINVAL);
}

/* Their page tables, written by us (foreigndom's pt_owner half). */
static void test_foreign_pt(domid_t dom, domid_t other, unsigned long omfn)
{
    unsigned long them = ((unsigned long)(dom + 1) << 16) | dom;
    struct mmu_update u = {(m[3] << 12) + 8, (m[6] << 12) | DCU_PTE_RO};

    CHECK_EQ("mmu_update of their L1", HYPERVISOR_mmu_update(&u, 1, NULL, them),
             0);
    u.val = (dcu_own_mfn(&ctx) << 12) | DCU_PTE_RO;
    CHECK_EQ("their L1 given our frame",
             HYPERVISOR_mmu_update(
                 &u, 1, NULL, ((unsigned long)(dom + 1) << 16) | DOMID_SELF),
             0);
    u.val = (m[5] << 12) | DCU_PTE_RO;
    CHECK_EQ("their L1 back", HYPERVISOR_mmu_update(&u, 1, NULL, them), 0);
    CHECK_EQ("their table named as ours",
             HYPERVISOR_mmu_update(&u, 1, NULL, dom), -EINVAL);
    u.ptr = (m[2] << 12) + 8;
    u.val = (omfn << 12) | DCU_TABLE;
    CHECK_EQ("their L2 given a third domain's frame",
             HYPERVISOR_mmu_update(&u, 1, NULL,
                                   ((unsigned long)(dom + 1) << 16) | other),
             -EINVAL);
    CHECK_EQ("unpin theirs", dcu_mmuext(MMUEXT_UNPIN_TABLE, m[0], dom), 0);
    CHECK_EQ("unpin twice", dcu_mmuext(MMUEXT_UNPIN_TABLE, m[0], dom), -EINVAL);
    CHECK_EQ("pin theirs again", dcu_mmuext(MMUEXT_PIN_L4_TABLE, m[0], dom), 0);
    CHECK_EQ("pin their frame as ours",
             dcu_mmuext(MMUEXT_PIN_L1_TABLE, m[7], DOMID_SELF), -EINVAL);
}

static void test_ctx_hostile(domid_t dom)
{
    struct xen_domctl d;

    dcu_ctx(&ctx, dcu_own_mfn(guest_start_info));
    CHECK_EQ("setvcpucontext: L4 not theirs", dcu_setctx(dom, 0, &ctx),
             -EINVAL);
    dcu_ctx(&ctx, m[8]);
    CHECK_EQ("setvcpucontext: not a page table", dcu_setctx(dom, 0, &ctx),
             -EINVAL);
    dcu_ctx(&ctx, 0xfffffffffUL);
    CHECK_EQ("setvcpucontext: no such frame", dcu_setctx(dom, 0, &ctx),
             -EINVAL);
    dcu_ctx(&ctx, m[0]);
    CHECK_EQ("setvcpucontext: vcpu out of range", dcu_setctx(dom, 7, &ctx),
             -EINVAL);
    CHECK_EQ("setvcpucontext: of ourselves", dcu_setctx(0, 0, &ctx), -EINVAL);
    dcu_init(&d, XEN_DOMCTL_setvcpucontext, dom);
    d.u.vcpucontext.ctxt.p = (void *)DCU_BAD_PTR;
    CHECK_EQ("setvcpucontext: bad pointer", dcu_domctl(&d), -EFAULT);
    CHECK_EQ("getvcpucontext: never set", dcu_getctx(dom, 1, &back), -ENODATA);
    CHECK_EQ("getvcpucontext: out of range", dcu_getctx(dom, 2, &back),
             -EINVAL);
}

static void test_ctx(domid_t dom)
{
    struct xen_domctl d;

    dcu_ctx(&ctx, m[0]);
    CHECK_EQ("setvcpucontext", dcu_setctx(dom, 0, &ctx), 0);
    memset(&back, 0xcc, sizeof(back));
    CHECK_EQ("getvcpucontext", dcu_getctx(dom, 0, &back), 0);
    CHECK_EQ("ctx: rip", back.user_regs.rip, 0);
    CHECK_EQ("ctx: rsp", back.user_regs.rsp, 0xff0);
    CHECK_EQ("ctx: rbx", back.user_regs.rbx, ctx.user_regs.rbx);
    CHECK_EQ("ctx: r15", back.user_regs.r15, ctx.user_regs.r15);
    CHECK_EQ("ctx: cs", back.user_regs.cs | 3, FLAT_KERNEL_CS);
    CHECK_EQ("ctx: rflags", back.user_regs.rflags & ~2UL, 0x200);
    CHECK_EQ("ctx: cr3", back.ctrlreg[3], xen_pfn_to_cr3(m[0]));
    CHECK_EQ("ctx: kernel_sp", back.kernel_sp, 0xff0);
    CHECK_EQ("ctx: flags", back.flags & (VGCF_in_kernel | VGCF_online),
             VGCF_in_kernel | VGCF_online);
    dcu_init(&d, XEN_DOMCTL_getvcpucontext, dom);
    d.u.vcpucontext.ctxt.p = (void *)DCU_HV_PTR;
    CHECK_EQ("getvcpucontext: bad pointer", dcu_domctl(&d), -EFAULT);
    dcu_init(&d, XEN_DOMCTL_getvcpuinfo, dom);
    CHECK_EQ("getvcpuinfo", dcu_domctl(&d), 0);
    CHECK_EQ("vcpuinfo: online", d.u.getvcpuinfo.online, 1);
    d.u.getvcpuinfo.vcpu = 2;
    CHECK_EQ("getvcpuinfo: out of range", dcu_domctl(&d), -EINVAL);
}

/* The builder's console/store channels: a port of theirs, unbound for us,
 * which we then bind. Returns our end. */
static evtchn_port_t test_evtchn(domid_t dom)
{
    struct evtchn_alloc_unbound au = {dom, 0, 0};
    struct evtchn_bind_interdomain bi = {dom, 0, 0};
    struct evtchn_status st = {dom, 0, 0, 0, {{0}}};

    CHECK_EQ("alloc_unbound for them", evu_op(EVTCHNOP_alloc_unbound, &au), 0);
    CHECK("their port", au.port > 0);
    st.port = au.port;
    CHECK_EQ("status of their port", evu_op(EVTCHNOP_status, &st), 0);
    CHECK_EQ("their port unbound", st.status, EVTCHNSTAT_unbound);
    CHECK_EQ("their port for us", st.u.unbound.dom, 0);
    bi.remote_port = au.port;
    CHECK_EQ("bind to their port", evu_op(EVTCHNOP_bind_interdomain, &bi), 0);
    au.dom = 500;
    CHECK_EQ("alloc_unbound for nobody", evu_op(EVTCHNOP_alloc_unbound, &au),
             -ESRCH);
    return bi.local_port;
}

/* Unpaused, the domain runs its code at VA 0, which shuts it down; dom0
 * hears of it through VIRQ_DOM_EXC. */
static void test_run(domid_t dom, unsigned int reason, const char *what)
{
    struct xen_domctl_getdomaininfo i;
    unsigned long n = 0;

    CHECK_EQ("unpause (creation reference)",
             dcu_simple(XEN_DOMCTL_unpausedomain, dom), 0);
    for (; n < WAIT_LOOP; n++) {
        if (dcu_info(dom, &i) || (i.flags & XEN_DOMINF_shutdown))
            break;
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    }
    printf("info: %s after %lu polls\n", what, n);
    CHECK("domain shut down", i.flags & XEN_DOMINF_shutdown);
    CHECK_EQ("shutdown code", (i.flags >> XEN_DOMINF_shutdownshift) & 0xff,
             reason);
    CHECK_EQ("not paused by us", i.flags & XEN_DOMINF_paused, 0);
    CHECK_EQ("unpause once more", dcu_simple(XEN_DOMCTL_unpausedomain, dom),
             -EINVAL);
    /* The event follows the state: it may still be on its way. */
    for (n = 0; n < WAIT_LOOP / 10; n++)
        if (evu_test(evu_sh->evtchn_pending, port))
            break;
    CHECK("VIRQ_DOM_EXC pending", evu_test(evu_sh->evtchn_pending, port));
}

static void test_pause(domid_t dom)
{
    struct xen_domctl_getdomaininfo i;

    CHECK_EQ("pause self", dcu_simple(XEN_DOMCTL_pausedomain, 0), -EINVAL);
    CHECK_EQ("unpause self", dcu_simple(XEN_DOMCTL_unpausedomain, 0), -EINVAL);
    CHECK_EQ("pause", dcu_simple(XEN_DOMCTL_pausedomain, dom), 0);
    CHECK_EQ("pause twice", dcu_simple(XEN_DOMCTL_pausedomain, dom), 0);
    dcu_info(dom, &i);
    CHECK("info: paused", i.flags & XEN_DOMINF_paused);
    CHECK_EQ("unpause", dcu_simple(XEN_DOMCTL_unpausedomain, dom), 0);
    dcu_info(dom, &i);
    CHECK("info: still paused once", i.flags & XEN_DOMINF_paused);
    CHECK_EQ("unpause the second", dcu_simple(XEN_DOMCTL_unpausedomain, dom),
             0);
}

static void test_destroy(domid_t dom)
{
    struct xen_domctl_getdomaininfo i;

    CHECK_EQ("destroy self", dcu_simple(XEN_DOMCTL_destroydomain, 0), -EINVAL);
    CHECK_EQ("destroy DOMID_SELF",
             dcu_simple(XEN_DOMCTL_destroydomain, DOMID_SELF), -ESRCH);
    CHECK_EQ("destroy", dcu_simple(XEN_DOMCTL_destroydomain, dom), 0);
    CHECK("gone from the list", dcu_info(dom, &i) || i.domain != dom);
    CHECK_EQ("destroy again", dcu_simple(XEN_DOMCTL_destroydomain, dom),
             -ESRCH);
    CHECK_EQ("max_mem of nobody", dcu_max_mem(dom, 4), -ESRCH);
}

int guest_main(struct start_info *si)
{
    unsigned long om[1];
    struct evtchn_status st;
    evtchn_port_t local;
    uint64_t free0;
    long dom, other;

    /* Before measuring: Xen may allocate for our event channels. */
    evu_map_shared_info(si);
    CHECK_EQ("bind VIRQ_DOM_EXC", evu_bind_virq(VIRQ_DOM_EXC, 0, &port), 0);
    free0 = dcu_free_pages();
    test_interface();
    dom = dcu_create(2);
    CHECK("createdomain", dom > 0);
    if (dom <= 0)
        return test_summary();
    test_create_hostile((domid_t)dom);
    test_info((domid_t)dom);
    test_memory((domid_t)dom);
    other = dcu_create(1);
    dcu_max_mem((domid_t)other, 4);
    CHECK_EQ("third domain's frame", dcu_populate((domid_t)other, om, 1), 1);
    test_foreign_map((domid_t)dom, om[0]);
    test_foreign_mmu_update((domid_t)dom);
    dcu_poke((domid_t)dom, m[8], 0, 0x83UL | (m[9] << 12)); /* a superpage */
    CHECK_EQ("build and pin tables", dcu_build((domid_t)dom, m, 1, 1), 0);
    CHECK_EQ("pin twice", dcu_mmuext(MMUEXT_PIN_L4_TABLE, m[0], (domid_t)dom),
             -EINVAL);
    test_foreign_pt((domid_t)dom, (domid_t)other, om[0]);
    test_ctx_hostile((domid_t)dom);
    test_ctx((domid_t)dom);
    local = test_evtchn((domid_t)dom);
    test_pause((domid_t)dom);
    test_run((domid_t)dom, SHUTDOWN_reboot, "reboot");
    CHECK_EQ("getvcpucontext after shutdown", dcu_getctx(dom, 0, &back), 0);
    CHECK("stopped in its code page", back.user_regs.rip < 0x1000);
    test_destroy((domid_t)dom);
    CHECK_EQ("our end after their destruction", evu_status(local, &st),
             EVTCHNSTAT_unbound);
    evu_close(local);
    CHECK_EQ("destroy the third", dcu_simple(XEN_DOMCTL_destroydomain, other),
             0);
    /* Exact on Basalt; Xen keeps one page it allocates on first use
     * (domctl_cycles.c checks it exactly after a warm-up domain). */
    free0 -= memu_on_basalt() ? 0 : 1;
    CHECK_EQ("free memory is back", dcu_wait_free(free0), free0);
    return test_summary();
}
