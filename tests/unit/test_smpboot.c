/* SPDX-License-Identifier: BSD-2-Clause */
/* Host tests of the AP trampoline page choice (arch/x86/smpboot.c). */
#include "harness.h"
#include <basalt/acpi.h>
#include <basalt/bootinfo.h>
#include <basalt/mm.h>
#include <basalt/time.h>
#include <asm/apic.h>
#include <asm/desc.h>
#include <asm/paging.h>
#include <asm/percpu.h>
#include <asm/processor.h>
#include <asm/smp.h>

/* What smpboot.c links against; none of it runs in these tests. */
struct boot_info boot_info;
struct acpi_info acpi_info;
struct page_info *frame_table;
uint64_t max_pfn;
pte_t *idle_l4;
paddr_t idle_l4_pa;
bool apic_x2apic_mode;
const char trampoline_start[1], trampoline_end[1], trampoline_data[1];
const char trampoline_high[1];
struct page_info *alloc_pages(unsigned int order, bool low)
{
    (void)order, (void)low;
    return NULL;
}
void free_pages(struct page_info *pg, unsigned int order)
{
    (void)pg, (void)order;
}
uint64_t stack_slot_map(unsigned int cpu)
{
    return cpu;
}
void apic_send_ipi(uint32_t dest, uint32_t icr)
{
    (void)dest, (void)icr;
}
uint32_t apic_current_id(void)
{
    return 0;
}
void apic_cpu_init(void)
{
}
void apic_timer_cpu_init(void)
{
}
void gdt_init_cpu(struct percpu *pc)
{
    (void)pc;
}
void idt_load(void)
{
}
void cpu_enable_features(void)
{
}

/* start_secondary's last call (kernel/sched.c); never reached here. */
void sched_start(void)
{
    abort();
}
s_time_t NOW(void)
{
    return 0;
}
void udelay(uint64_t us)
{
    (void)us;
}
void mdelay(uint64_t ms)
{
    (void)ms;
}

static void reset(void)
{
    memset(&boot_info, 0, sizeof(boot_info));
    trampoline_pa = 0x1234; /* must be overwritten */
    unit_log_clear();
}

static void add(uint64_t base, uint64_t len, uint32_t type)
{
    boot_info.memmap[boot_info.nr_memmap++] =
        (struct mem_range){base, len, type};
}

static void add_module(uint64_t start, uint64_t end)
{
    struct boot_module *m = &boot_info.modules[boot_info.nr_modules++];
    m->start = start;
    m->end = end;
}

/* QEMU's BIOS map: 639 KiB usable, the EBDA reserved. */
static void qemu_map(void)
{
    add(0, 0x9fc00, MEM_USABLE);
    add(0x9fc00, 0x400, MEM_RESERVED);
    add(0xf0000, 0x10000, MEM_RESERVED);
    add(0x100000, 0x3fedf000, MEM_USABLE);
}

TEST(tramp_highest_free_page)
{
    reset();
    qemu_map();
    trampoline_reserve();
    CHECK_EQ(trampoline_pa, 0x9e000);
    CHECK_STR(unit_log, "SMP: AP trampoline at 0x9e000\n");
}

TEST(tramp_never_at_or_above_9f000)
{
    reset();
    add(0, 0x100000, MEM_USABLE); /* a map claiming all of low memory */
    trampoline_reserve();
    CHECK_EQ(trampoline_pa, 0x9e000);
}

TEST(tramp_skips_reserved_overlap)
{
    reset();
    qemu_map();
    add(0x9d800, 0x1000, MEM_ACPI_NVS); /* touches 0x9d000 and 0x9e000 */
    trampoline_reserve();
    CHECK_EQ(trampoline_pa, 0x9c000);
}

TEST(tramp_partial_page_not_used)
{
    reset();
    add(0x1000, 0x7800, MEM_USABLE); /* ends at 0x8800 */
    trampoline_reserve();
    CHECK_EQ(trampoline_pa, 0x7000);
}

TEST(tramp_page_zero_never_used)
{
    reset();
    add(0, 0x1000, MEM_USABLE);
    add(0x100000, 0x100000, MEM_USABLE);
    trampoline_reserve();
    CHECK_EQ(trampoline_pa, 0);
    CHECK_STR(unit_log,
              "warning: no free page below 640 KiB for the AP trampoline\n");
}

TEST(tramp_no_map)
{
    reset();
    trampoline_reserve();
    CHECK_EQ(trampoline_pa, 0);
}

TEST(tramp_skips_modules)
{
    reset();
    qemu_map();
    add_module(0x90000, 0x9e001);
    add_module(0x8f000, 0x8f000); /* empty: ignored */
    trampoline_reserve();
    CHECK_EQ(trampoline_pa, 0x8f000);
}

TEST(tramp_wrapping_entries)
{
    reset();
    add(0x1000, ~0ULL - 0x7ff, MEM_USABLE); /* wraps: not trusted */
    trampoline_reserve();
    CHECK_EQ(trampoline_pa, 0);
    reset();
    add(0, 0x9fc00, MEM_USABLE);
    add(0x50000, ~0ULL - 0x1000, MEM_RESERVED); /* wraps: reaches the top */
    trampoline_reserve();
    CHECK_EQ(trampoline_pa, 0x4f000);
}

TEST(tramp_counts_clamped)
{
    reset();
    qemu_map();
    boot_info.nr_memmap = 100000; /* only BOOT_MAX_MEMMAP entries exist */
    boot_info.nr_modules = 100000;
    trampoline_reserve();
    CHECK_EQ(trampoline_pa, 0x9e000);
}
