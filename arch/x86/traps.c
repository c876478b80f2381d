/* SPDX-License-Identifier: BSD-2-Clause */
/* Exception and interrupt dispatch: fixups, handlers, and the panic dump
 * for anything the hypervisor did not expect. */
#include <basalt/lib.h>
#include <basalt/errno.h>
#include <basalt/symbols.h>
#include <basalt/domain.h>
#include <asm/traps.h>
#include <asm/percpu.h>
#include <asm/apic.h>
#include <asm/config.h>
#include <asm/smp.h>

extern const struct extable_entry __ex_table_start[], __ex_table_end[];
static irq_handler_t irq_handlers[256];

static const char *const exception_names[32] = {
    "#DE divide error",
    "#DB debug",
    "NMI",
    "#BP breakpoint",
    "#OF overflow",
    "#BR bound range",
    "#UD invalid opcode",
    "#NM device not available",
    "#DF double fault",
    "coprocessor overrun",
    "#TS invalid TSS",
    "#NP segment not present",
    "#SS stack fault",
    "#GP general protection",
    "#PF page fault",
    "reserved 15",
    "#MF x87 error",
    "#AC alignment check",
    "#MC machine check",
    "#XM SIMD error",
    "#VE virtualization",
    "#CP control protection",
};

void set_irq_handler(unsigned int vector, irq_handler_t fn)
{
    BUG_ON(vector < 32 || vector > 255);
    irq_handlers[vector] = fn;
}

static uint64_t extable_search(uint64_t rip)
{
    for (const struct extable_entry *e = __ex_table_start; e < __ex_table_end;
         e++)
        if (e->insn == rip)
            return e->fixup;
    return 0;
}

int probe_read64(const void *addr, uint64_t *val)
{
    int rc = 0;
    uint64_t v = 0;
    __asm__ volatile("1: movq (%[a]), %[v]\n"
                     "2:\n"
                     ".pushsection .text.fixup, \"ax\"\n"
                     "3: movl %[ef], %[rc]\n"
                     "   jmp 2b\n"
                     ".popsection\n" _ASM_EXTABLE(1b, 3b)
                     : [rc] "+r"(rc), [v] "+r"(v)
                     : [a] "r"(addr), [ef] "i"(-EFAULT));
    *val = v;
    return rc;
}

void show_registers(const struct cpu_regs *r)
{
    printk("RIP: %04llx:%016llx  RFLAGS: %016llx\n", (unsigned long long)r->cs,
           (unsigned long long)r->rip, (unsigned long long)r->rflags);
    printk("RAX: %016llx RBX: %016llx RCX: %016llx\n",
           (unsigned long long)r->rax, (unsigned long long)r->rbx,
           (unsigned long long)r->rcx);
    printk("RDX: %016llx RSI: %016llx RDI: %016llx\n",
           (unsigned long long)r->rdx, (unsigned long long)r->rsi,
           (unsigned long long)r->rdi);
    printk("RBP: %016llx RSP: %016llx R8:  %016llx\n",
           (unsigned long long)r->rbp, (unsigned long long)r->rsp,
           (unsigned long long)r->r8);
    printk("R9:  %016llx R10: %016llx R11: %016llx\n",
           (unsigned long long)r->r9, (unsigned long long)r->r10,
           (unsigned long long)r->r11);
    printk("R12: %016llx R13: %016llx R14: %016llx\n",
           (unsigned long long)r->r12, (unsigned long long)r->r13,
           (unsigned long long)r->r14);
    printk("R15: %016llx CR2: %016llx CR3: %016llx\n",
           (unsigned long long)r->r15, (unsigned long long)read_cr2(),
           (unsigned long long)read_cr3());
    printk("CR0: %016llx CR4: %016llx SS: %04llx\n",
           (unsigned long long)read_cr0(), (unsigned long long)read_cr4(),
           (unsigned long long)r->ss);
}

static void show_symbol(uint64_t addr)
{
    unsigned long off;
    const char *name = symbol_lookup(addr, &off);
    if (name)
        printk("   [<%016llx>] %s+%#lx\n", (unsigned long long)addr, name, off);
    else
        printk("   [<%016llx>]\n", (unsigned long long)addr);
}

/* Walk saved frame pointers; every read goes through the fixup probe so a
 * corrupt chain cannot fault the dump itself. */
void show_stack_trace(uint64_t rbp)
{
    printk("Call trace (frame pointers):\n");
    for (int depth = 0; depth < 24 && rbp; depth++) {
        uint64_t next, ret;
        if ((rbp & 7) || rbp < HYPERVISOR_VIRT_START ||
            probe_read64((void *)rbp, &next) ||
            probe_read64((void *)(rbp + 8), &ret) || !ret)
            break;
        show_symbol(ret);
        if (next <= rbp)
            break;
        rbp = next;
    }
}

static void __noreturn fatal_trap(struct cpu_regs *regs)
{
    const char *name = regs->vector < 32 && exception_names[regs->vector]
                           ? exception_names[regs->vector]
                           : "unexpected interrupt";
    printk("*** CPU%u: fatal exception %llu (%s), error code %#llx\n",
           smp_processor_id(), (unsigned long long)regs->vector, name,
           (unsigned long long)regs->error_code);
    show_registers(regs);
    printk("Faulting instruction:\n");
    show_symbol(regs->rip);
    show_stack_trace(regs->rbp);
    panic("fatal exception %llu on CPU%u", (unsigned long long)regs->vector,
          smp_processor_id());
}

static void __attribute__((noinline, noreturn))
trap_guest_crash(const struct cpu_regs *regs, unsigned int v)
{
    char why[96];
    snprintf(why, sizeof(why), "%s at %#llx, error code %#llx, cr2 %#llx",
             exception_names[v] ? exception_names[v] : "exception",
             (unsigned long long)regs->rip,
             (unsigned long long)regs->error_code,
             (unsigned long long)read_cr2());
    domain_crash(current_domain, why);
}

static void trap_irq(struct cpu_regs *regs, uint64_t v)
{
    irq_handler_t h = irq_handlers[v];
    this_cpu()->irq_count++;
    if (likely(h))
        h(regs);
    else if (v != VECTOR_SPURIOUS)
        printk("CPU%u: unhandled interrupt vector %#llx\n", smp_processor_id(),
               (unsigned long long)v);
    if (v != VECTOR_SPURIOUS)
        apic_eoi();
}

static void __attribute__((noinline)) trap_dispatch_one(struct cpu_regs *regs)
{
    uint64_t v = regs->vector;
    if (v >= 32) {
        trap_irq(regs, v);
        return;
    }
    if (v == 1 && pv_debug_trap(regs))
        return; /* a guest's breakpoint hit by the hypervisor: noted */
    if (v == 2) {
        if (smp_stopping) /* panic or reboot on another CPU */
            smp_stop_this_cpu();
        pv_nmi_received();
        return;
    }
    uint64_t fixup = extable_search(regs->rip);
    if (fixup && (v == 6 || (v >= 11 && v <= 14))) { /* #UD #NP #SS #GP #PF */
        regs->rip = fixup;
        return;
    }
    fatal_trap(regs);
}

/* Exceptions and interrupts from ring 0. */
void trap_dispatch(struct cpu_regs *regs)
{
    trap_dispatch_one(regs);
}

/* Guest vectors with work of our own before (or instead of) the bounce:
 * NMI, #DB (DR6 latched), #NM (lazy FPU) and #GP (emulation). #UD, which
 * only checks for the forced-emulation prefix, is tested inline. */
#define TRAP_GUEST_SPECIAL ((1u << 1) | (1u << 2) | (1u << 7) | (1u << 13))

static void __attribute__((noinline))
trap_dispatch_guest_special(struct cpu_regs *regs, unsigned int v)
{
    if (v >= 32 || v == 2) {
        trap_dispatch_one(regs);
        return;
    }
    if (v == 1 && pv_debug_trap(regs)) /* latches DR6 for the guest */
        return;
    if (v == 7 && pv_fpu_trap(regs))
        return;
    if (v == 13 && pv_emulate_op(regs, v))
        return;
    if (likely(pv_bounce_exception(regs, v)))
        return;
    trap_guest_crash(regs, v);
}

/* From guest context (entry.S trap_from_guest, which then delivers any
 * pending event). An exception is emulated where Xen emulates it, else
 * goes to the guest's own handler; with neither, the guest crashes
 * (alone). Interrupts and NMIs are handled as usual. The rest (int3,
 * #PF, ...) go straight to the bounce: one test for all of them. */
void trap_dispatch_guest(struct cpu_regs *regs)
{
    unsigned int v = (unsigned int)regs->vector;
    if (unlikely(v >= 32 || ((1u << v) & TRAP_GUEST_SPECIAL))) {
        trap_dispatch_guest_special(regs, v);
        return;
    }
    if (v == 6 && pv_emulate_op(regs, v))
        return;
    if (likely(pv_bounce_exception(regs, v)))
        return;
    trap_guest_crash(regs, v);
}
