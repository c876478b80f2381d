/* SPDX-License-Identifier: BSD-2-Clause */
/* Start of day on the boot CPU: from the loader's hand-off to an idle,
 * fully initialised machine. */
#include <basalt/lib.h>
#include <basalt/acpi.h>
#include <basalt/bootinfo.h>
#include <basalt/bootmem.h>
#include <basalt/cmdline.h>
#include <basalt/console.h>
#include <basalt/domain.h>
#include <basalt/mm.h>
#include <basalt/sched.h>
#include <basalt/setup.h>
#include <basalt/time.h>
#include <asm/apic.h>
#include <asm/io.h>
#include <asm/m2p.h>
#include <asm/desc.h>
#include <asm/msr.h>
#include <asm/paging.h>
#include <asm/percpu.h>
#include <asm/smp.h>
#include <asm/traps.h>
#include <public/arch-x86/xen-x86_64.h>

/* Our internal layout must be the one the PV ABI promises guests. */
_Static_assert(HYPERVISOR_VIRT_START == __HYPERVISOR_VIRT_START, "ABI");
_Static_assert(HYPERVISOR_VIRT_END == __HYPERVISOR_VIRT_END, "ABI");
_Static_assert(MACH2PHYS_VIRT_START == __MACH2PHYS_VIRT_START, "ABI");
_Static_assert(MACH2PHYS_VIRT_END == __MACH2PHYS_VIRT_END, "ABI");

#define MB2_BOOT_MAGIC 0x36d76289
#define MB1_BOOT_MAGIC 0x2badb002
#define VECTOR_SERIAL  (VECTOR_IRQ_BASE + 4)

struct boot_info boot_info;
paddr_t image_phys_start, image_phys_end;
static uint64_t entry_tsc; /* TSC when the boot CPU reached C */
bool opt_selftest, opt_bench;
boolean_param("selftest", opt_selftest);
boolean_param("bench", opt_bench);

extern const struct kernel_param __param_start[], __param_end[];
extern char _end[];

static const void *early_phys_to_virt(uint64_t pa, size_t len)
{
    /* The bootstrap tables direct-map the first 4 GiB. */
    return pa + len <= GiB(4) && pa + len >= pa ? __va(pa) : NULL;
}

/* Multiboot1 loaders (QEMU -kernel, GRUB legacy) put the image's path
 * first on the command line; multiboot2 does not. */
static void cmdline_drop_image_name(char *cmd)
{
    char *sp = strchr(cmd, ' ');
    if (!sp)
        cmd[0] = '\0';
    else
        memmove(cmd, sp + 1, strlen(sp + 1) + 1);
}

/* Multiboot1 loaders may give only the basic lower/upper memory sizes. */
static void memmap_from_meminfo(struct boot_info *bi)
{
    if (bi->nr_memmap || !bi->mem_upper_kb)
        return;
    bi->memmap[0] = (struct mem_range){0, bi->mem_lower_kb << 10, MEM_USABLE};
    bi->memmap[1] =
        (struct mem_range){MiB(1), bi->mem_upper_kb << 10, MEM_USABLE};
    bi->nr_memmap = 2;
}

static int boot_info_parse(uint32_t magic, uint32_t mbi_pa)
{
    if (magic == MB2_BOOT_MAGIC) {
        const uint32_t *mbi = __va(mbi_pa);
        return mb2_parse(mbi, mbi[0], &boot_info);
    }
    if (magic == MB1_BOOT_MAGIC) {
        int rc = mb1_parse(__va(mbi_pa), early_phys_to_virt, &boot_info);
        cmdline_drop_image_name(boot_info.cmdline);
        memmap_from_meminfo(&boot_info);
        return rc;
    }
    return -1;
}

static void memmap_print(void)
{
    static const char *const names[] = {"?",         "usable",   "reserved",
                                        "ACPI data", "ACPI NVS", "bad"};
    printk("Memory map (%s%s):\n", boot_info.loader,
           boot_info.memmap_from_efi ? ", EFI" : "");
    for (unsigned int i = 0; i < boot_info.nr_memmap; i++) {
        const struct mem_range *m = &boot_info.memmap[i];
        printk(" %016llx - %016llx %s\n", (unsigned long long)m->base,
               (unsigned long long)(m->base + m->len),
               m->type < ARRAY_SIZE(names) ? names[m->type] : "unknown");
    }
}

static void modules_print(void)
{
    for (unsigned int i = 0; i < boot_info.nr_modules; i++) {
        const struct boot_module *m = &boot_info.modules[i];
        printk("Module %u: %016llx - %016llx %s\n", i,
               (unsigned long long)m->start, (unsigned long long)m->end,
               m->cmdline);
    }
}

/* Tables outside the direct map are mapped uncached; a hostile table
 * set gets at most ACPI_IOREMAP_BUDGET of the ioremap window, after
 * which tables are skipped (acpi_parse warns), not the boot. */
#define ACPI_IOREMAP_BUDGET MiB(64)
static const void *acpi_map_phys(uint64_t pa, size_t len)
{
    static uint64_t used;
    if (directmap_covers(pa, len))
        return __va(pa);
    if (len > MiB(1) || used + len + 2 * PAGE_SIZE > ACPI_IOREMAP_BUDGET)
        return NULL;
    used += len + 2 * PAGE_SIZE; /* page rounding on both ends */
    return ioremap(pa, len);
}

/* A loader's 20-byte (ACPI 1.0) RSDP copy that claims revision 2 has no
 * XSDT fields behind it: read it as the 1.0 structure it is. */
static uint64_t acpi_rsdp_from_loader(void)
{
    static uint8_t rsdp[36];
    memcpy(rsdp, boot_info.rsdp_copy, boot_info.rsdp_len);
    if (boot_info.rsdp_len == 20 && rsdp[15] >= 2) {
        printk("warning: ACPI: 20-byte RSDP claims revision %u; using 1.0\n",
               rsdp[15]);
        rsdp[8] = (uint8_t)(rsdp[8] + rsdp[15]); /* keep the checksum */
        rsdp[15] = 0;
    }
    return __pa_symbol(rsdp);
}

static void acpi_setup(void)
{
    uint64_t rsdp = 0;
    if (boot_info.rsdp_len)
        rsdp = acpi_rsdp_from_loader();
    else
        rsdp = acpi_find_rsdp_bios(acpi_map_phys);
    if (!rsdp)
        panic("ACPI: no RSDP found (neither from the loader nor the BIOS)");
    if (acpi_parse(rsdp, acpi_map_phys, &acpi_info))
        panic("ACPI: the RSDP or its root table is invalid");
}

static void serial_interrupt(struct cpu_regs *regs)
{
    (void)regs;
    ns16550_interrupt();
    if (console_input_dom0())
        send_global_virq(VIRQ_CONSOLE);
    else
        keyhandler_run();
}

static void serial_irq_setup(void)
{
    if (!ns16550_port)
        return;
    set_irq_handler(VECTOR_SERIAL, serial_interrupt);
    if (ioapic_route_isa_irq(4, VECTOR_SERIAL, apic_current_id()) == 0)
        ns16550_enable_irq();
    else
        printk("warning: serial IRQ 4 not routed; input is polled\n");
}

static void bsp_percpu_init(void)
{
    struct percpu *pc = &percpu_area[0];
    pc->self = pc;
    pc->cpu_id = 0;
    wrmsr(MSR_GS_BASE, (uint64_t)pc);
}

static void print_summary(void)
{
    printk("Brought up %u CPUs\n", nr_cpus_online);
    printk("Memory: %llu MiB usable\n",
           (unsigned long long)(bootmem_usable_bytes() >> 20));
    printk("Heap: %llu MiB free in the frame allocator\n",
           (unsigned long long)(buddy_free_count() >> (20 - PAGE_SHIFT)));
    uint64_t cycles = rdtsc() - entry_tsc;
    printk("Boot: %llu TSC cycles from entry (%llu ms)\n",
           (unsigned long long)cycles,
           (unsigned long long)(cycles / (tsc_khz ? tsc_khz : 1)));
}

/* dom0_mem=: the initial domain's memory; default a quarter of free RAM,
 * at most 512 MiB. */
static uint64_t opt_dom0_mem;
size_param("dom0_mem", opt_dom0_mem);
/* dom0_max_vcpus=N: dom0's vCPUs (1..32, default 1); dom0_vcpus_pin:
 * vCPU n runs on CPU n (mod the CPU count) only. Xen's names. */
uint64_t opt_dom0_max_vcpus = 1; /* integer_param stores 64 bits */
integer_param("dom0_max_vcpus", opt_dom0_max_vcpus);
bool opt_dom0_vcpus_pin;
boolean_param("dom0_vcpus_pin", opt_dom0_vcpus_pin);

/* The first boot module is dom0's kernel, the second its initrd; returns
 * only when there is none or it cannot be built (reported). */
static void dom0_start(void)
{
    uint64_t mem = opt_dom0_mem;
    if (!boot_info.nr_modules) {
        printk("dom0: no kernel module given; nothing to run\n");
        return;
    }
    if (!mem)
        mem = MIN((buddy_free_count() << PAGE_SHIFT) / 4, MiB(512));
    uint64_t before = buddy_free_count();
    dom0_build_and_run(&boot_info.modules[0],
                       boot_info.nr_modules > 1 ? &boot_info.modules[1] : NULL,
                       ALIGN_DOWN(mem, MiB(1)));
    /* Only a failed build returns: it must have given everything back. */
    printk("dom0: not started; %llu frames free, %llu before the attempt\n",
           (unsigned long long)buddy_free_count(), (unsigned long long)before);
}

/* boot_action=: what to do once up. "idle" (default) waits for work;
 * "reboot" and "fault" exercise the reset path and the fatal-exception
 * dump on a real machine or in the boot tests. */
static char opt_boot_action[16] = "idle";
string_param("boot_action", opt_boot_action);

static void __noreturn boot_action(void)
{
    if (!strcmp(opt_boot_action, "reboot"))
        machine_reboot();
    if (!strcmp(opt_boot_action, "fault")) {
        printk("boot_action=fault: reading an unmapped address\n");
        (void)*(volatile uint64_t *)(this_cpu()->stack_base + 0xb000);
    } else if (strcmp(opt_boot_action, "idle")) {
        printk("warning: unknown boot_action '%s', idling\n", opt_boot_action);
    }
    printk("Idle. Press 'h' on the serial console for debug keys.\n");
    for (;;)
        safe_halt();
}

/* Second half: on the BSP's own guarded stack. */
static void __noreturn start_basalt_on_stack(void)
{
    struct percpu *pc = this_cpu();
    gdt_init_cpu(pc);
    idt_enable_ist();
    cpu_enable_features();
    cpu_print_features();
    acpi_setup();
    apic_bsp_init();
    pc->apic_id = apic_current_id();
    pc->online = true;
    nr_cpus_online = 1;
    apic_cpu_init();
    pic_disable();
    ioapic_init();
    time_init();
    apic_timer_init();
    apic_timer_cpu_init();
    serial_irq_setup();
    smp_init_ipis();
    local_irq_enable();
    smp_boot_cpus();
    print_summary();
    if (opt_bench)
        bench_run();
    int failed = opt_selftest ? selftest_run() : 0;
    if (!failed)
        dom0_start();
    if (opt_selftest)
        emulator_exit(failed ? EXIT_FAIL : EXIT_PASS);
    boot_action();
}

void __noreturn start_basalt(uint32_t magic, uint32_t mbi_pa)
{
    entry_tsc = rdtsc();
    bsp_percpu_init();
    idt_init(); /* from here a fault is a dump, not a triple fault */
    idt_load();
    int rc = boot_info_parse(magic, mbi_pa);
    cmdline_parse(boot_info.cmdline, __param_start, __param_end);
    console_init();
    printk("Basalt hypervisor, booted by %s%s%s\n",
           boot_info.loader ? boot_info.loader : "an unknown loader",
           boot_info.loader_name[0] ? " from " : "", boot_info.loader_name);
    if (rc)
        panic("bad boot information (magic %#x, rc %d)", magic, rc);
    printk("Command line: %s\n", boot_info.cmdline);
    memmap_sanitize(&boot_info);
    memmap_print();
    cpu_detect();
    cpu_init_pat();
    trampoline_reserve();
    image_phys_start = BASALT_LOAD_PHYS;
    image_phys_end = __pa_symbol(_end);
    modules_print();
    bootmem_init(&boot_info, image_phys_start, image_phys_end, DIRECTMAP_SIZE);
    paging_init();
    buddy_init();
    bootmem_handoff();
    console_init_late();
    m2p_init();
    percpu_area[0].stack_base = stack_slot_map(0);
    stack_switch_call(percpu_area[0].stack_base + STACK_SLOT_SIZE,
                      start_basalt_on_stack);
}
