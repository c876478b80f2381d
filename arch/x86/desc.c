/* SPDX-License-Identifier: BSD-2-Clause */
/* Per-CPU GDT and TSS (with IST stacks for NMI, #DF, #MC) and the IDT. */
#include <basalt/lib.h>
#include <asm/desc.h>
#include <asm/percpu.h>
#include <asm/config.h>
#include <asm/traps.h>

static struct gdt_page gdt_pages[NR_CPUS];
static struct idt_gate idt[256] __aligned(16);
extern const char trap_stubs[];

/* Top of an IST stack inside the CPU's stack slot; see stack.c. */
static uint64_t ist_top(const struct percpu *pc, unsigned int ist)
{
    return pc->stack_base + (uint64_t)(2 * ist) * 0x1000;
}

static void gdt_set_tss(struct gdt_page *g, const struct tss64 *tss)
{
    uint64_t base = (uint64_t)tss, limit = sizeof(*tss) - 1;
    unsigned int i = TSS_SELECTOR / 8;
    g->entries[i] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
                    (0x89ULL << 40) | (((limit >> 16) & 0xf) << 48) |
                    (((base >> 24) & 0xff) << 56);
    g->entries[i + 1] = base >> 32;
}

static void gdt_load(struct gdt_page *g)
{
    struct desc_ptr d = {sizeof(*g) - 1, (uint64_t)g};
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

void gdt_init_cpu(struct percpu *pc)
{
    struct gdt_page *g = &gdt_pages[pc->cpu_id];
    memset(g, 0, sizeof(*g));
    g->entries[HYPERVISOR_CS / 8] = 0x00af9a000000ffffULL; /* 64-bit code */
    g->entries[HYPERVISOR_DS / 8] = 0x00cf92000000ffffULL; /* data */
    memset(&pc->tss, 0, sizeof(pc->tss));
    pc->tss.rsp0 = pc->stack_base + STACK_SLOT_SIZE;
    pc->tss.ist[IST_NMI - 1] = ist_top(pc, IST_NMI);
    pc->tss.ist[IST_DF - 1] = ist_top(pc, IST_DF);
    pc->tss.ist[IST_MC - 1] = ist_top(pc, IST_MC);
    pc->tss.iomap_base = sizeof(pc->tss); /* no I/O bitmap: all denied */
    gdt_set_tss(g, &pc->tss);
    pc->gdt = g;
    gdt_load(g);
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
}

/* NMI, #DF and #MC on their own stacks, once the TSS that holds them is
 * loaded (every CPU loads its TSS before it loads this shared IDT). */
void idt_enable_ist(void)
{
    idt_set(2, (uint64_t)trap_stubs + 16 * 2, IST_NMI);
    idt_set(8, (uint64_t)trap_stubs + 16 * 8, IST_DF);
    idt_set(18, (uint64_t)trap_stubs + 16 * 18, IST_MC);
}

void idt_load(void)
{
    struct desc_ptr d = {sizeof(idt) - 1, (uint64_t)idt};
    __asm__ volatile("lidt %0" ::"m"(d));
}
