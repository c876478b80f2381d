/* SPDX-License-Identifier: BSD-2-Clause */
/* Domains and vCPUs: the guest state the hypervisor keeps for PV guests. */
#ifndef BASALT_DOMAIN_H
#define BASALT_DOMAIN_H

#include <basalt/types.h>
#include <basalt/spinlock.h>
#include <basalt/time.h>
#include <basalt/sched_credit.h>
#include <asm/processor.h>
#include <public/xen.h>
#include <public/vcpu.h>

struct boot_module;
struct evtchn;
struct grant_table;
struct page_info;

#define PV_NR_VIRQS      24   /* NR_VIRQS */
#define DOMAIN_MAX       1024 /* domain ids 0..1023 */
#define PV_MAX_VCPUS     XEN_LEGACY_MAX_VCPUS
#define PV_MAX_GDT_PAGES 14 /* 14 * 512 descriptors = FIRST_RESERVED_GDT */
#define PV_MAX_LDT_PAGES 16 /* 8192 descriptors */

/* A registered guest entry point (set_callbacks / callback_op). */
struct pv_callback {
    uint64_t eip;   /* 0: none */
    uint32_t flags; /* CALLBACKF_mask_events */
};

/*
 * One virtual CPU of a PV guest. Both the guest kernel and the guest user
 * run in ring 3; kernel_mode says which context the vCPU is in (Xen's
 * TF_kernel_mode), and which of guest_table / guest_table_user is in CR3.
 * While the vCPU runs, its registers live in the frame on top of its CPU's
 * stack (struct cpu_regs); the fields here hold what that frame does not.
 */
struct vcpu {
    struct vcpu_info *vcpu_info; /* hypervisor mapping; asm: VCPU_VCPU_INFO */
    struct domain *domain;
    unsigned int vcpu_id;
    unsigned int processor;
    bool kernel_mode;
    bool is_up;
    bool blocked;         /* SCHEDOP_block/poll: waiting for an event */
    bool nmi_pending;     /* an NMI for the guest's NMI callback; asm: 27 */
    bool nmi_masked;      /* in the NMI callback until its iret */
    uint64_t guest_table; /* MFN of the kernel L4 (NEW_BASEPTR) */
    uint64_t guest_table_user;     /* MFN of the user L4, 0 = none */
    uint64_t kernel_ss, kernel_sp; /* stack_switch: user->kernel bounces */
    uint64_t fs_base, gs_base_kernel, gs_base_user;
    struct pv_callback event_cb, failsafe_cb, syscall_cb, nmi_cb;
    struct trap_info trap_ctxt[256]; /* set_trap_table; address 0: none */
    bool fpu_ts;        /* fpu_taskswitch: guest's virtual CR0.TS */
    uint64_t cr4_guest; /* emulated mov to CR4: the guest-owned bits */
    unsigned int iopl;  /* physdev set_iopl: 0..3 */
    uint64_t iobmp;     /* physdev set_iobitmap: guest VA, 0 = none */
    unsigned int iobmp_nr_ports;
    uint64_t debugreg[8];
    uint64_t ldt_base;
    unsigned int ldt_ents;
    uint64_t gdt_frames[PV_MAX_GDT_PAGES];
    unsigned int gdt_ents;
    /* LDT frames mapped by pv_load_ldt, each holding a general and a
     * seg_desc type reference; 0 = none. */
    uint64_t ldt_frames[PV_MAX_LDT_PAGES];
    uint16_t virq_to_evtchn[PV_NR_VIRQS];
    uint32_t poll_port;     /* SCHEDOP_poll: the one port (or ~0 = many) */
    uint64_t poll_mask[64]; /* SCHEDOP_poll over several ports (4096) */
    struct timer singleshot_timer, periodic_timer, poll_timer;
    uint64_t periodic_period;     /* ns, 0 = off */
    s_time_t periodic_last_event; /* last periodic VIRQ_TIMER (pv_time.c) */
    struct vcpu_runstate_info runstate;
    uint64_t runstate_guest; /* register_runstate_memory_area VA, 0 none */
    uint64_t vcpu_info_mfn;  /* register_vcpu_info frame, 0 = shared_info */
    uint64_t time_version;   /* vcpu_time_info.version we last wrote */
    bool mc_active, mc_preempted; /* inside a multicall; entry preempted */
    uint64_t mc_args[5];          /* the preempted entry's continuation */
    /* Scheduling (kernel/sched.c) and the state a context switch saves
     * (arch/x86/pv/context.c): the guest frame and selectors while the
     * vCPU is not on a CPU, its FPU image. */
    struct csched_vcpu sched;
    unsigned int pause_count; /* vcpu_pause, domain_pause, cap parking */
    bool initialised;         /* VCPUOP_initialise / setvcpucontext done */
    bool polling;             /* blocked in SCHEDOP_poll */
    bool migrating;           /* runnable but off its affinity: move it */
    bool fpu_dirtied;         /* its FPU state is in this CPU (since #NM) */
    void *fpu_area;           /* XSAVE (or FXSAVE) image, one page */
    uint16_t seg_sel[4];      /* DS, ES, FS, GS */
    struct cpu_regs regs;
    uint64_t soft_affinity; /* XEN_VCPUAFFINITY_SOFT: recorded only */
};

/* vm_assist bits Basalt accepts (public/xen.h VMASST_TYPE_*). */
struct domain {
    uint16_t domain_id;
    bool privileged;
    bool is_dying;
    uint64_t nr_pages;      /* pseudo-physical frames the domain owns */
    uint64_t max_pages;     /* memory_op increase_reservation limit */
    uint64_t *p2m;          /* hypervisor view of its frame list */
    unsigned int p2m_order; /* the p2m allocation order */
    struct shared_info *shared_info; /* the shared_info page */
    uint64_t vm_assist;              /* enabled VMASST_TYPE_* bits */
    unsigned int max_vcpus;
    struct vcpu *vcpu[PV_MAX_VCPUS];
    spinlock_t evtchn_lock;
    struct evtchn *evtchn;  /* the port table (kernel/event_channel.c) */
    unsigned int evtchn_nr; /* ports allocated in the table */
    struct grant_table *grant_table;
    uint64_t console_tokens;  /* console_io rate limit for domUs, bytes */
    s_time_t console_stamp;   /* when the tokens were last refilled */
    uint64_t console_dropped; /* bytes dropped since the last report */
    char console_line[128];   /* a domU's partial line, printed "(dN) " */
    unsigned int console_line_len;
    struct csched_dom sched; /* weight, cap (kernel/sched.c) */
    /* Lifecycle (kernel/domain.c, domain_kill.c). is_dying: destruction
     * has started; is_dead: it finished, but frames other domains still
     * reference keep the domain (a zombie, as in Xen) until the last goes. */
    bool is_dead;
    bool is_shut_down;          /* shut down or crashed: paused for good */
    unsigned int shutdown_code; /* SHUTDOWN_*, or DOMAIN_SHUTDOWN_NONE */
    int controller_pause_count; /* toolstack pauses; 1 from creation */
    uint8_t handle[16];         /* xen_domain_handle_t, the toolstack's */
    unsigned int kill_stage;    /* domain_kill's progress (continuation) */
    uint64_t kill_pfn;
};
#define DOMAIN_SHUTDOWN_NONE (~0u) /* Xen's SHUTDOWN_CODE_INVALID */

struct cpu_regs;
/* Enter a guest through IRET with the frame in regs (arch/x86/pv/entry.S). */
void pv_enter(const struct cpu_regs *regs) __noreturn;

/* The vCPU running on this CPU (NULL: idle): one load from the per-CPU
 * area (gs:24, asm/percpu.h PERCPU_CURR_VCPU). It does not change while
 * the hypervisor runs on a CPU, so the compiler may reuse the value. */
#ifndef UNIT_TEST
static inline struct vcpu *current_vcpu(void)
{
    struct vcpu *v;
    __asm__("mov %%gs:24, %0" : "=r"(v));
    return v;
}
#else
struct vcpu *current_vcpu(void); /* the unit test provides it */
#endif
#define current_domain (current_vcpu()->domain)

/* A domain with max_vcpus vCPUs (vCPU 0 created, in kernel mode, events
 * masked), its shared_info page and event channels; no memory yet. NULL if
 * out of memory or the id is taken. domain_destroy releases those (the
 * caller has freed the domain's frames). */
struct domain *domain_create(uint16_t domid, bool privileged,
                             unsigned int max_vcpus);
void domain_destroy(struct domain *d);
/* A hypervisor page the guest may map: owned by d, allocation reference. */
void share_xen_page_with_guest(void *va, struct domain *d);
/* A domain frame's last reference went (pv_mm_ops.free_page): take it
 * off its owner's count, invalidate its M2P entry, free it (memory.c). */
void memory_free_domain_page(struct page_info *pg);
/* Free d's grant-table frames (grant_table.c); domain_destroy calls it. */
void gnttab_destroy(struct domain *d);
/* Does another domain still map one of d's grant frames? */
bool gnttab_in_use(const struct domain *d);

/* Look a domain up by id (NULL if none); DOMID_SELF means the caller. */
struct domain *domain_by_id(uint16_t domid);

/* Build dom0 from 'kernel' (a Xen PV ELF) and 'initrd' (NULL: none) with
 * 'mem' bytes and run it; returns only on a build error, which it has
 * reported. */
int dom0_build_and_run(const struct boot_module *kernel,
                       const struct boot_module *initrd, uint64_t mem);

/* The domain asked to stop (SCHEDOP_shutdown) or crashed: report, then
 * halt, reboot or end the emulator run as the reason asks. */
void domain_shutdown(struct domain *d, unsigned int reason) __noreturn;
void domain_crash(struct domain *d, const char *why) __noreturn;
/* The same for a domain other than the caller's (SCHEDOP_remote_shutdown,
 * a toolstack): record the reason, pause it, tell dom0 (VIRQ_DOM_EXC).
 * -EINVAL for the hardware domain. */
int domain_shutdown_remote(struct domain *d, unsigned int reason);
/* Toolstack pause reference (domctl pause/unpause; a new domU starts with
 * one): -EOVERFLOW past 255, -EINVAL below 0. */
int domain_pause_by_controller(struct domain *d);
int domain_unpause_by_controller(struct domain *d);
/* XEN_DOMCTL_destroydomain: pause d and give back everything it holds:
 * 0 when done, -ERESTART to be called again (preempted), -EINVAL for the
 * caller's own domain. Frames others still reference keep d a zombie;
 * it is freed (and its id free) when the last one goes. */
int domain_kill(struct domain *d);
/* A zombie's frame was freed: free the domain once nothing is left. */
void domain_release_check(struct domain *d);
/* The existing domain with the lowest id >= domid (NULL: none). */
struct domain *domain_next(uint16_t domid);
/* XEN_DOMCTL_getvcpucontext of a vCPU that is not running (arch/x86/pv/
 * vcpu_context.c, Xen's arch_get_info_guest); the set side is
 * arch_set_vcpu_context (sched.h). */
void pv_get_vcpu_context(const struct vcpu *v, struct vcpu_guest_context *c);

/* vCPU blocking: v (current) leaves its CPU on the way back to the
 * guest unless an event is pending, until vcpu_wake (event delivery, its
 * poll timer) makes it runnable again. Any CPU, any context. */
void vcpu_block(struct vcpu *v);
void vcpu_wake(struct vcpu *v);
/* A vCPU of d (domain_create makes vCPU 0; the rest come from here):
 * offline, events masked, known to the scheduler. NULL if out of memory
 * or id is out of range or taken. */
struct vcpu *vcpu_create(struct domain *d, unsigned int id);

/* Events (kernel/event_channel.c). Mark port pending for its domain and
 * kick the notified vCPU (2-level ABI: pending bit, selector, upcall). */
void evtchn_set_pending(struct vcpu *v, unsigned int port);
/* Raise a per-vCPU VIRQ (VIRQ_TIMER, VIRQ_DEBUG) or global VIRQ (sent to
 * dom0's binding: VIRQ_CONSOLE, VIRQ_DOM_EXC); nothing if unbound. */
void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq);
void send_global_virq(unsigned int virq);
int evtchn_init(struct domain *d);
void evtchn_destroy(struct domain *d);
/* Is port pending (any ports in mask, for poll)? */
bool evtchn_port_pending(struct domain *d, unsigned int port);

/* PV time (kernel/pv_time.c): refresh v's vcpu_time_info (pvclock) and
 * the domain's wallclock. */
void pv_time_update(struct vcpu *v);
void pv_time_init_domain(struct domain *d);
void vcpu_timers_init(struct vcpu *v);

/* vCPU state (kernel/vcpu_op.c). Enter RUNSTATE_* now: accounts the time
 * in the old state and updates the guest's runstate area (call in the
 * vCPU's own kernel context: blocking, unblocking, first run). */
void vcpu_runstate_change(struct vcpu *v, int state);
/* The two halves: account the change at now (the scheduler, under its
 * lock of v), and write the guest's runstate area (v current). */
void vcpu_runstate_set(struct vcpu *v, int state, s_time_t now);
void vcpu_runstate_publish(struct vcpu *v);
/* v was just switched in (current, its tables loaded): publish its
 * runstate, send the periodic tick that fell due while it was off. */
void vcpu_switched_in(struct vcpu *v);
/* Put a registered vcpu_info back into shared_info and release its frame
 * (domain destruction, before the domain's frames are freed). */
void vcpu_unmap_vcpu_info(struct vcpu *v);

/* Hypercall continuation: make the guest re-issue hypercall nr with these
 * arguments when it next runs (the SYSCALL is rewound). Returns nr, the
 * value the handler returns. */
long hypercall_create_continuation(struct cpu_regs *regs, unsigned int nr,
                                   uint64_t a1, uint64_t a2, uint64_t a3,
                                   uint64_t a4, uint64_t a5);
/* True if a long hypercall should stop and continue later: an event is
 * waiting for the guest, or the CPU has other work. */
bool hypercall_preempt_check(void);

/* PV exceptions and guest context (arch/x86/pv/traps.c, callback.c). */
bool pv_bounce_exception(struct cpu_regs *regs, unsigned int vector);
/* Bounce to a guest handler at eip with Xen's frame; error code pushed if
 * has_err; mask_events sets the upcall mask. false if the guest stack
 * cannot take the frame. */
bool pv_bounce(struct cpu_regs *regs, uint64_t eip, bool has_err, uint64_t err,
               bool mask_events);
/* Deliver a pending NMI or a pending, unmasked event upcall before
 * returning to the guest. */
void pv_deliver_events(struct cpu_regs *regs);
/* A platform NMI: to dom0's vCPU 0 if it registered an NMI callback (Xen's
 * nmi=dom0), else only reported. NMI context. */
void pv_nmi_received(void);
/* SYSCALL from 32-bit guest code (CSTAR): bounced as #UD at the SYSCALL. */
void pv_compat_syscall(struct cpu_regs *regs);
/* The hypercall page (hypercall_page.c): fill one; XEN_DOMCTL_hypercall_
 * init for domain d's frame gmfn (0, or -EINVAL as Xen). */
void pv_hypercall_page_fill(uint8_t *page);
long pv_hypercall_page_init(struct domain *d, uint64_t gmfn);
/* Switch between guest kernel and guest user context (CR3, GS bases). */
void pv_toggle_guest_mode(struct vcpu *v);

/* Descriptor tables (arch/x86/pv/descriptor.c). pv_load_ldt: MMUEXT_SET_LDT
 * has set v->ldt_base/ldt_ents; drop the old LDT frames, take and map the
 * new ones (v must be the current vCPU), load LDTR. A page that is not
 * present or not usable as descriptors reads as zeros (a #GP on use).
 * pv_load_descriptor_tables: map v's GDT and LDT into this CPU's windows
 * and load LDTR, when v starts running on a CPU. pv_destroy_descriptor_
 * tables: drop every GDT and LDT frame reference (vCPU teardown). */
void pv_load_ldt(struct vcpu *v);
/* set_gdt for any vCPU of the caller's domain (VCPUOP_initialise):
 * 'entries' descriptors in the frames of 'list'. 0 or -EINVAL. */
long pv_set_gdt(struct vcpu *v, const uint64_t *list, unsigned int entries);
void pv_load_descriptor_tables(struct vcpu *v);
void pv_destroy_descriptor_tables(struct vcpu *v);
/* #DB (descriptor.c's sibling debugreg.c): latch DR6 for the guest (false:
 * bounce it to the guest) or, from hypervisor context, note and resume
 * (true). Call for every #DB before anything else looks at it. */
bool pv_debug_trap(struct cpu_regs *regs);

#include <basalt/hypercall.h>

#endif
