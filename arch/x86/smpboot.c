/* SPDX-License-Identifier: BSD-2-Clause */
/* Bringing up the application processors: INIT-SIPI-SIPI through the
 * real-mode trampoline, one CPU at a time. */
#include <basalt/lib.h>
#include <basalt/acpi.h>
#include <basalt/bootinfo.h>
#include <basalt/mm.h>
#include <basalt/sched.h>
#include <basalt/spinlock.h>
#include <basalt/time.h>
#include <asm/apic.h>
#include <asm/desc.h>
#include <asm/msr.h>
#include <asm/paging.h>
#include <asm/percpu.h>
#include <asm/processor.h>
#include <asm/smp.h>

#define TRAMP_LOW       0x1000UL  /* page 0: real-mode IVT and BIOS data */
#define TRAMP_HIGH      0x9f000UL /* below the EBDA and the VGA hole */
#define AP_BOOT_TIMEOUT MILLISECS(1000)

paddr_t trampoline_pa;
unsigned int nr_cpus_online;
struct percpu percpu_area[NR_CPUS];

extern const char trampoline_start[], trampoline_end[], trampoline_data[];
extern const char trampoline_high[];

/* The data block at the end of trampoline.S, in the same order. */
struct trampoline_data {
    uint32_t cr3;      /* trampoline L4, below 4 GiB */
    uint32_t efer;     /* EFER bits the AP sets before paging */
    uint64_t idle_cr3; /* the real page table */
    uint64_t stack_top;
    uint64_t entry;  /* trampoline_high in the image */
    uint64_t percpu; /* the AP's struct percpu */
};

/* Trampoline page tables: L4 (a copy of idle_l4 plus slot 0), and
 * L3/L2/L1 identity-mapping just the trampoline page. */
enum { TR_L4, TR_L3, TR_L2, TR_L1, TR_NR };
static struct page_info *tramp_pt[TR_NR];

/* [b, b + blen) may come from firmware: one that wraps reaches the top. */
static bool range_overlaps(paddr_t a, uint64_t alen, paddr_t b, uint64_t blen)
{
    uint64_t b_end = b + blen < b ? UINT64_MAX : b + blen;
    return blen && a < b_end && b < a + alen;
}

/* A page is free for the trampoline when a usable range holds it whole
 * and no other map entry or boot module touches it. */
static bool tramp_page_free(const struct boot_info *bi, paddr_t pa)
{
    unsigned int nr = MIN(bi->nr_memmap, (unsigned int)BOOT_MAX_MEMMAP);
    bool in_usable = false;
    for (unsigned int i = 0; i < nr; i++) {
        const struct mem_range *m = &bi->memmap[i];
        if (m->type != MEM_USABLE) {
            if (range_overlaps(pa, PAGE_SIZE, m->base, m->len))
                return false;
        } else if (pa >= m->base && pa + PAGE_SIZE <= m->base + m->len &&
                   m->base + m->len > m->base) {
            in_usable = true;
        }
    }
    nr = MIN(bi->nr_modules, (unsigned int)BOOT_MAX_MODULES);
    for (unsigned int i = 0; i < nr; i++) {
        const struct boot_module *mod = &bi->modules[i];
        if (mod->end > mod->start &&
            range_overlaps(pa, PAGE_SIZE, mod->start, mod->end - mod->start))
            return false;
    }
    return in_usable;
}

void trampoline_reserve(void)
{
    trampoline_pa = 0;
    for (paddr_t pa = TRAMP_HIGH - PAGE_SIZE; pa >= TRAMP_LOW;
         pa -= PAGE_SIZE) {
        if (tramp_page_free(&boot_info, pa)) {
            trampoline_pa = pa;
            break;
        }
    }
    if (trampoline_pa)
        printk("SMP: AP trampoline at %#llx\n",
               (unsigned long long)trampoline_pa);
    else
        printk("warning: no free page below 640 KiB for the AP trampoline\n");
}

static struct trampoline_data *tramp_data(void)
{
    return __va(trampoline_pa + (trampoline_data - trampoline_start));
}

static pte_t *tramp_pt_alloc(unsigned int level)
{
    struct page_info *pg = alloc_pages(0, true);
    if (!pg)
        return NULL;
    pg->owner = DOMID_XEN_OWNER;
    tramp_pt[level] = pg;
    pte_t *t = __va(page_to_pfn(pg) << PAGE_SHIFT);
    memset(t, 0, PAGE_SIZE);
    return t;
}

static paddr_t tramp_pt_pa(unsigned int level)
{
    return page_to_pfn(tramp_pt[level]) << PAGE_SHIFT;
}

static void tramp_tables_free(void)
{
    for (unsigned int i = 0; i < TR_NR; i++) {
        if (tramp_pt[i])
            free_pages(tramp_pt[i], 0);
        tramp_pt[i] = NULL;
    }
}

/* The AP turns paging on while running from the trampoline page, so that
 * page needs an identity mapping; the rest of the L4 is the idle table's,
 * so the jump into the image works before CR3 is switched. */
static int tramp_tables_build(void)
{
    pte_t *l4 = tramp_pt_alloc(TR_L4), *l3 = tramp_pt_alloc(TR_L3);
    pte_t *l2 = tramp_pt_alloc(TR_L2), *l1 = tramp_pt_alloc(TR_L1);
    if (!l4 || !l3 || !l2 || !l1) {
        tramp_tables_free();
        return -1;
    }
    memcpy(l4, idle_l4, PAGE_SIZE);
    l4[l4_index(trampoline_pa)] = tramp_pt_pa(TR_L3) | _PAGE_PRESENT | _PAGE_RW;
    l3[l3_index(trampoline_pa)] = tramp_pt_pa(TR_L2) | _PAGE_PRESENT | _PAGE_RW;
    l2[l2_index(trampoline_pa)] = tramp_pt_pa(TR_L1) | _PAGE_PRESENT | _PAGE_RW;
    l1[l1_index(trampoline_pa)] = trampoline_pa | _PAGE_PRESENT | _PAGE_RW;
    return 0;
}

/* Fresh copy of the code and this AP's parameters before each start. */
static void tramp_prepare(const struct percpu *pc)
{
    size_t len = (size_t)(trampoline_end - trampoline_start);
    pte_t *l4 = __va(tramp_pt_pa(TR_L4));
    memcpy(__va(trampoline_pa), trampoline_start, len);
    /* Keep the hypervisor slots current: stack_slot_map may have added
     * an L3 table since the copy was made. */
    memcpy(&l4[HYPERVISOR_L4_FIRST], &idle_l4[HYPERVISOR_L4_FIRST],
           sizeof(pte_t) * (HYPERVISOR_L4_LAST - HYPERVISOR_L4_FIRST + 1));
    struct trampoline_data *td = tramp_data();
    td->cr3 = (uint32_t)tramp_pt_pa(TR_L4);
    td->efer = EFER_LME | (uint32_t)(rdmsr(MSR_EFER) & EFER_NXE);
    td->idle_cr3 = idle_l4_pa;
    td->stack_top = pc->stack_base + STACK_SLOT_SIZE;
    td->entry = (uint64_t)trampoline_high;
    td->percpu = (uint64_t)pc;
    /* The AP reads all of this; the stores must be visible before the
     * ICR write, which in x2APIC mode is a non-serialising WRMSR. */
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
}

/* INIT, then two STARTUPs (Intel SDM 8.4.4.1 / MP spec B.4). */
static void smp_send_startup(uint32_t apic_id)
{
    uint32_t vector = (uint32_t)(trampoline_pa >> PAGE_SHIFT);
    apic_send_ipi(apic_id, APIC_ICR_LEVEL_TRIGGER | APIC_ICR_LEVEL_ASSERT |
                               APIC_ICR_INIT);
    mdelay(10);
    /* INIT level de-assert is not supported (and not needed) in x2APIC
     * mode; older xAPIC parts want it. */
    if (!apic_x2apic_mode)
        apic_send_ipi(apic_id, APIC_ICR_LEVEL_TRIGGER | APIC_ICR_INIT);
    for (int i = 0; i < 2; i++) {
        apic_send_ipi(apic_id, APIC_ICR_STARTUP | vector);
        udelay(200);
    }
}

static bool smp_wait_online(const struct percpu *pc)
{
    s_time_t deadline = NOW() + AP_BOOT_TIMEOUT;
    while (!__atomic_load_n(&pc->online, __ATOMIC_ACQUIRE)) {
        if (NOW() > deadline)
            return false;
        cpu_relax();
    }
    return true;
}

static int smp_boot_one(unsigned int n, uint32_t apic_id)
{
    struct percpu *pc = &percpu_area[n];
    pc->self = pc;
    pc->cpu_id = n;
    pc->apic_id = apic_id;
    pc->online = false;
    if (!pc->stack_base) /* a failed CPU's slot is reused as it is */
        pc->stack_base = stack_slot_map(n);
    tramp_prepare(pc);
    smp_send_startup(apic_id);
    if (smp_wait_online(pc))
        return 0;
    /* Park it in wait-for-SIPI so a late start cannot run on the
     * trampoline data of the next CPU. */
    apic_send_ipi(apic_id, APIC_ICR_LEVEL_TRIGGER | APIC_ICR_LEVEL_ASSERT |
                               APIC_ICR_INIT);
    printk("warning: CPU%u (APIC id %u) did not come up\n", n, apic_id);
    return -1;
}

/* Whether 'apic_id' needs a start: not this CPU, not started already
 * (a MADT listing it twice), and addressable in the APIC mode we use. */
static bool smp_should_start(uint32_t apic_id, unsigned int nr_started)
{
    if (apic_id == apic_current_id())
        return false;
    for (unsigned int i = 1; i < nr_started; i++)
        if (percpu_area[i].apic_id == apic_id) {
            printk("warning: APIC id %u listed twice in the MADT\n", apic_id);
            return false;
        }
    if (apic_id > 0xfe && !apic_x2apic_mode) {
        printk("warning: APIC id %u needs x2APIC mode; skipped\n", apic_id);
        return false;
    }
    return true;
}

static void smp_boot_all(void)
{
    unsigned int next = 1, beyond = 0;
    unsigned int nr = MIN(acpi_info.nr_cpus, (unsigned int)ACPI_MAX_CPUS);
    for (unsigned int i = 0; i < nr; i++) {
        uint32_t id = acpi_info.cpus[i].apic_id;
        if (!smp_should_start(id, next))
            continue;
        if (next >= NR_CPUS) {
            beyond++;
            continue;
        }
        if (smp_boot_one(next, id) == 0)
            next++;
    }
    if (beyond)
        printk("warning: %u CPUs beyond NR_CPUS=%u ignored\n", beyond,
               (unsigned int)NR_CPUS);
}

unsigned int smp_boot_cpus(void)
{
    struct percpu *bsp = this_cpu();
    if (!bsp->online) { /* normally done by setup.c already */
        bsp->online = true;
        nr_cpus_online = 1;
    }
    if (!trampoline_pa) {
        printk("SMP: no trampoline page; running on the boot CPU only\n");
        return nr_cpus_online;
    }
    BUG_ON(trampoline_end - trampoline_data != sizeof(struct trampoline_data));
    BUG_ON(trampoline_end - trampoline_start > (long)PAGE_SIZE);
    if (tramp_tables_build()) {
        printk("warning: SMP: no low memory for the trampoline page table\n");
        return nr_cpus_online;
    }
    smp_boot_all();
    tramp_tables_free();
    return __atomic_load_n(&nr_cpus_online, __ATOMIC_ACQUIRE);
}

/* First C code on an AP: on its own stack and the idle page table,
 * interrupts off, GS base not yet set. */
void start_secondary(void)
{
    struct percpu *pc = (struct percpu *)tramp_data()->percpu;
    wrmsr(MSR_GS_BASE, (uint64_t)pc);
    gdt_init_cpu(pc);
    idt_load();
    cpu_enable_features();
    apic_cpu_init();
    apic_timer_cpu_init();
    if (apic_current_id() != pc->apic_id)
        printk("warning: CPU%u: APIC id %u, the MADT said %u\n", pc->cpu_id,
               apic_current_id(), pc->apic_id);
    /* Print before going online so boot messages come out in order. */
    printk("CPU%u: APIC id %u online\n", pc->cpu_id, pc->apic_id);
    __atomic_fetch_add(&nr_cpus_online, 1, __ATOMIC_SEQ_CST);
    __atomic_store_n(&pc->online, true, __ATOMIC_RELEASE);
    sched_start(); /* idle until the scheduler has a vCPU for us */
}
