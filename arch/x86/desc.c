/* SPDX-License-Identifier: BSD-2-Clause */
/* Per-CPU GDT and TSS (with IST stacks for NMI, #DF, #MC) and the IDT. */
#include <basalt/lib.h>
#include <basalt/mm.h>
#include <asm/desc.h>
#include <asm/paging.h>
#include <asm/percpu.h>
#include <asm/config.h>
#include <asm/traps.h>

static struct idt_gate idt[256] __aligned(16);
extern const char trap_stubs[];

/* Top of an IST stack inside the CPU's stack slot; see stack.c. */
static uint64_t ist_top(const struct percpu *pc, unsigned int ist)
{
    return pc->stack_base + (uint64_t)(2 * ist) * 0x1000;
}

static void gdt_set_tss(uint64_t *gdt, const struct tss64 *tss)
{
    uint64_t base = (uint64_t)tss, limit = sizeof(*tss) - 1;
    unsigned int i = TSS_SELECTOR / 8;
    gdt[i] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x89ULL << 40) |
             (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
    gdt[i + 1] = base >> 32;
}

static void gdt_load(uint64_t *gdt)
{
    struct desc_ptr d = {GDT_WINDOW_LIMIT, (uint64_t)gdt};
    __asm__ volatile("lgdt %0\n"
                     "pushq %1\n"
                     "leaq 1f(%%rip), %%rax\n"
                     "pushq %%rax\n"
                     "lretq\n"
                     "1: mov %2, %%eax\n"
                     "mov %%eax, %%ss\n"
                     "mov %%eax, %%ds\n"
                     "mov %%eax, %%es\n"
                     :
                     : "m"(d), "i"(HYPERVISOR_CS), "i"(HYPERVISOR_DS)
                     : "rax", "memory");
    __asm__ volatile("ltr %w0" ::"r"(TSS_SELECTOR));
}

/* Only page 14 is backed now; pages 0-13 will map a guest's GDT frames,
 * and a selector there faults until then. */
static uint64_t *gdt_window_map(unsigned int cpu)
{
    uint64_t va = GDT_VIRT_START + (uint64_t)cpu * GDT_WINDOW_PAGES * 4096;
    uint64_t *page = alloc_xen_page_zeroed();
    if (!page)
        panic("GDT: out of memory for CPU%u", cpu);
    map_pages(idle_l4, va + GDT_RESERVED_PAGE * 4096, __pa(page), 1,
              PAGE_HYPERVISOR_RW, false);
    return (uint64_t *)va;
}

void gdt_init_cpu(struct percpu *pc)
{
    uint64_t *gdt = pc->gdt ? pc->gdt : gdt_window_map(pc->cpu_id);
    gdt[HYPERVISOR_CS / 8] = 0x00af9a000000ffffULL; /* 64-bit code, DPL 0 */
    gdt[HYPERVISOR_DS / 8] = 0x00cf92000000ffffULL; /* data, DPL 0 */
    gdt[GUEST_CS32 / 8] = 0x00cffa000000ffffULL;    /* 32-bit code, DPL 3 */
    gdt[GUEST_DS / 8] = 0x00cff2000000ffffULL;      /* data, DPL 3 */
    gdt[GUEST_CS64 / 8] = 0x00affa000000ffffULL;    /* 64-bit code, DPL 3 */
    memset(&pc->tss, 0, sizeof(pc->tss));
    pc->tss.rsp0 = pc->stack_base + STACK_SLOT_SIZE;
    for (unsigned int ist = IST_NMI; ist <= IST_DB; ist++) {
        /* The CPU's percpu pointer tops each IST stack: an IST entry
         * from ring 0 compares it with GS_BASE (entry.S). */
        uint64_t top = ist_top(pc, ist);
        *(uint64_t *)(top - 8) = (uint64_t)pc;
        pc->tss.ist[ist - 1] = top - 16;
    }
    pc->tss.iomap_base = sizeof(pc->tss); /* no I/O bitmap: all denied */
    gdt_set_tss(gdt, &pc->tss);
    pc->gdt = gdt;
    gdt_load(gdt);
}

static void idt_set(unsigned int vec, uint64_t handler, unsigned int ist)
{
    struct idt_gate *e = &idt[vec];
    e->off_lo = handler & 0xffff;
    e->sel = HYPERVISOR_CS;
    e->ist = ist;
    e->type_attr = 0x8e; /* present, DPL 0, 64-bit interrupt gate */
    e->off_mid = (handler >> 16) & 0xffff;
    e->off_hi = handler >> 32;
    e->reserved = 0;
}

/* Plain gates for all 256 vectors; usable before any TSS of ours. */
void idt_init(void)
{
    for (unsigned int v = 0; v < 256; v++)
        idt_set(v, (uint64_t)trap_stubs + 16 * v, 0);
    /* int3 and into are usable from ring 3, as on Xen, so PV guests get
     * #BP and #OF rather than #GP. */
    idt[3].type_attr = idt[4].type_attr = 0xee;
}

/* NMI, #DF and #MC on their own stacks, once the TSS that holds them is
 * loaded (every CPU loads its TSS before it loads this shared IDT). */
void idt_enable_ist(void)
{
    idt_set(2, (uint64_t)trap_stubs + 16 * 2, IST_NMI);
    idt_set(8, (uint64_t)trap_stubs + 16 * 8, IST_DF);
    idt_set(18, (uint64_t)trap_stubs + 16 * 18, IST_MC);
    idt_set(1, (uint64_t)trap_stubs + 16 * 1, IST_DB);
}

void idt_load(void)
{
    struct desc_ptr d = {sizeof(idt) - 1, (uint64_t)idt};
    __asm__ volatile("lidt %0" ::"m"(d));
}
