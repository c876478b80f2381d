/* SPDX-License-Identifier: BSD-2-Clause */
/* Cross-CPU function calls, TLB shootdown and stopping the other CPUs. */
#include <basalt/lib.h>
#include <basalt/setup.h>
#include <basalt/spinlock.h>
#include <basalt/time.h>
#include <asm/apic.h>
#include <asm/config.h>
#include <asm/percpu.h>
#include <asm/processor.h>
#include <asm/smp.h>
#include <asm/traps.h>

BUILD_BUG_ON(NR_CPUS > 64); /* CPU masks are one uint64_t */

volatile bool smp_stopping;

/* The one call in flight, owned by whoever holds call_lock. 'to_run' has a
 * bit per CPU that has yet to claim the call, 'pending' one per CPU that
 * has yet to finish it; the caller waits for 'pending' to empty. */
static spinlock_t call_lock = SPINLOCK_INIT;
static struct {
    void (*fn)(void *);
    void *data;
    uint64_t to_run;
    uint64_t pending;
} call;

static uint64_t cpu_bit(unsigned int cpu)
{
    return 1ULL << cpu;
}

static uint64_t smp_online_mask(void)
{
    uint64_t mask = 0;
    for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
        if (__atomic_load_n(&percpu_area[cpu].online, __ATOMIC_ACQUIRE))
            mask |= cpu_bit(cpu);
    return mask;
}

/* Run the current call if it is addressed to this CPU and nobody (the
 * interrupt handler or the lock loop below) has claimed it here yet. */
static void call_run_if_pending(void)
{
    uint64_t bit = cpu_bit(smp_processor_id());
    if (!(__atomic_load_n(&call.to_run, __ATOMIC_ACQUIRE) & bit))
        return;
    if (!(__atomic_fetch_and(&call.to_run, ~bit, __ATOMIC_ACQ_REL) & bit))
        return;
    call.fn(call.data);
    __atomic_fetch_and(&call.pending, ~bit, __ATOMIC_RELEASE);
}

static void call_interrupt(struct cpu_regs *regs)
{
    (void)regs;
    this_cpu()->ipi_count++;
    call_run_if_pending();
}

/* Two CPUs calling each other with interrupts off would wait forever: so
 * while we wait for the lock, we serve the holder's call ourselves. */
static void call_lock_acquire(void)
{
    while (!spin_trylock(&call_lock)) {
        do {
            call_run_if_pending();
            cpu_relax();
        } while (spin_is_locked(&call_lock));
    }
}

static void call_wait(void)
{
    s_time_t warn_at = NOW() + MILLISECS(1000);
    bool warned = false;
    while (__atomic_load_n(&call.pending, __ATOMIC_ACQUIRE)) {
        if (!warned && NOW() > warn_at) {
            printk("warning: CPU%u: call to CPUs %#llx still pending\n",
                   smp_processor_id(),
                   (unsigned long long)__atomic_load_n(&call.pending,
                                                       __ATOMIC_RELAXED));
            warned = true;
        }
        cpu_relax();
    }
}

/* Run fn(data) on every CPU in 'mask' (never the caller) and wait. */
static void call_remote(uint64_t mask, void (*fn)(void *), void *data)
{
    if (!mask)
        return;
    call_lock_acquire();
    call.fn = fn;
    call.data = data;
    __atomic_store_n(&call.pending, mask, __ATOMIC_RELAXED);
    __atomic_store_n(&call.to_run, mask, __ATOMIC_SEQ_CST);
    /* A full fence: an x2APIC ICR write (WRMSR) is not serialising. */
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
        if (mask & cpu_bit(cpu))
            apic_send_ipi(percpu_area[cpu].apic_id, VECTOR_CALL_FUNC);
    call_wait();
    spin_unlock(&call_lock);
}

static void call_local(void (*fn)(void *), void *data)
{
    uint64_t flags = local_irq_save();
    fn(data);
    local_irq_restore(flags);
}

void smp_call_function(unsigned int cpu, void (*fn)(void *), void *data)
{
    if (cpu == smp_processor_id()) {
        call_local(fn, data);
        return;
    }
    if (cpu >= NR_CPUS || !(smp_online_mask() & cpu_bit(cpu))) {
        printk("warning: smp_call_function to offline CPU%u ignored\n", cpu);
        return;
    }
    call_remote(cpu_bit(cpu), fn, data);
}

void smp_call_function_others(void (*fn)(void *), void *data)
{
    call_remote(smp_online_mask() & ~cpu_bit(smp_processor_id()), fn, data);
}

static void flush_tlb_fn(void *va)
{
    if (va)
        invlpg(va);
    else
        flush_tlb_local();
}

void flush_tlb_mask(uint64_t mask, const void *va)
{
    uint64_t self = cpu_bit(smp_processor_id());
    if (mask & self)
        call_local(flush_tlb_fn, (void *)va);
    call_remote(mask & ~self & smp_online_mask(), flush_tlb_fn, (void *)va);
}

void smp_init_ipis(void)
{
    set_irq_handler(VECTOR_CALL_FUNC, call_interrupt);
}

/* From the NMI handler once smp_stopping is set, or from a CPU that loses
 * the race to stop the others. Idempotent: a second NMI lands here too. */
void __noreturn smp_stop_this_cpu(void)
{
    struct percpu *pc = this_cpu();
    local_irq_disable();
    if (__atomic_exchange_n(&pc->online, false, __ATOMIC_ACQ_REL))
        __atomic_fetch_sub(&nr_cpus_online, 1, __ATOMIC_SEQ_CST);
    for (;;)
        halt();
}

/* NMIs get through even to CPUs spinning with interrupts off. Waits
 * briefly (bounded) for the others to acknowledge by going offline. */
void smp_stop_others(void)
{
    if (__atomic_exchange_n(&smp_stopping, true, __ATOMIC_SEQ_CST))
        smp_stop_this_cpu(); /* another CPU is already stopping us all */
    if (__atomic_load_n(&nr_cpus_online, __ATOMIC_ACQUIRE) <= 1)
        return;
    uint64_t others = smp_online_mask() & ~cpu_bit(smp_processor_id());
    if (!others)
        return;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
        if (others & cpu_bit(cpu))
            apic_send_ipi(percpu_area[cpu].apic_id, APIC_ICR_NMI);
    for (unsigned int ms = 0; ms < 100; ms++) {
        if (!(smp_online_mask() & others))
            return;
        mdelay(1);
    }
    printk("warning: CPUs %#llx did not stop\n",
           (unsigned long long)(smp_online_mask() & others));
}
