/* SPDX-License-Identifier: BSD-2-Clause */
/* CPUID feature detection and the per-CPU control-register setup. */
#include <basalt/lib.h>
#include <asm/processor.h>
#include <asm/msr.h>

struct cpu_features cpu_features;
bool smap_active; /* read by the entry code: clac only when SMAP exists */

/* Xen's PAT for PV guests: WB, WT, UC-, UC, WC, WP, UC, UC. Guests
 * depend on this layout, so the hypervisor uses it too. */
#define BASALT_MSR_PAT 0x0000050100070406ULL

static void cpu_read_strings(struct cpu_features *f)
{
    struct cpuid_regs r = cpuid(0);
    f->max_leaf = r.a;
    memcpy(f->vendor, &r.b, 4);
    memcpy(f->vendor + 4, &r.d, 4);
    memcpy(f->vendor + 8, &r.c, 4);
    f->max_ext_leaf = cpuid(0x80000000).a;
    if (f->max_ext_leaf >= 0x80000004) {
        for (uint32_t i = 0; i < 3; i++) {
            r = cpuid(0x80000002 + i);
            memcpy(f->brand + 16 * i, &r, 16);
        }
    }
}

static void cpu_read_leaf1(struct cpu_features *f)
{
    struct cpuid_regs r = cpuid(1);
    uint32_t fam = (r.a >> 8) & 0xf, model = (r.a >> 4) & 0xf;
    if (fam == 0xf)
        fam += (r.a >> 20) & 0xff;
    if (fam >= 6)
        model |= ((r.a >> 16) & 0xf) << 4;
    f->family = fam;
    f->model = model;
    f->stepping = r.a & 0xf;
    f->fpu = r.d & 1;
    f->tsc = r.d & (1 << 4);
    f->msr = r.d & (1 << 5);
    f->apic = r.d & (1 << 9);
    f->sse = r.d & (1 << 25);
    f->sse2 = r.d & (1 << 26);
    f->vmx = r.c & (1 << 5);
    f->pcid = r.c & (1 << 17);
    f->x2apic = r.c & (1 << 21);
    f->tsc_deadline = r.c & (1 << 24);
    f->xsave = r.c & (1 << 26);
    f->avx = r.c & (1 << 28);
    f->hypervisor = r.c & (1u << 31);
}

void cpu_detect(void)
{
    struct cpu_features *f = &cpu_features;
    struct cpuid_regs r;
    cpu_read_strings(f);
    cpu_read_leaf1(f);
    if (f->max_leaf >= 7) {
        r = cpuid_count(7, 0);
        f->fsgsbase = r.b & 1;
        f->smep = r.b & (1 << 7);
        f->invpcid = r.b & (1 << 10);
        f->smap = r.b & (1 << 20);
    }
    if (f->max_ext_leaf >= 0x80000001) {
        r = cpuid(0x80000001);
        f->svm = r.c & (1 << 2);
        f->nx = r.d & (1 << 20);
        f->pdpe1gb = r.d & (1 << 26);
        f->rdtscp = r.d & (1 << 27);
        f->lm = r.d & (1 << 29);
    }
    if (f->max_ext_leaf >= 0x80000007)
        f->invariant_tsc = cpuid(0x80000007).d & (1 << 8);
    if (f->xsave && f->max_leaf >= 0xd) {
        r = cpuid_count(0xd, 0);
        f->xcr0_supported = ((uint64_t)r.d << 32) | r.a;
    }
}

void cpu_print_features(void)
{
    const struct cpu_features *f = &cpu_features;
    static const struct {
        const char *name;
        size_t off;
    } flags[] = {
#define F(n) {#n, offsetof(struct cpu_features, n)}
        F(fpu),          F(sse2),          F(xsave),  F(avx),
        F(nx),           F(smep),          F(smap),   F(pdpe1gb),
        F(pcid),         F(fsgsbase),      F(rdtscp), F(x2apic),
        F(tsc_deadline), F(invariant_tsc), F(vmx),    F(svm),
        F(hypervisor),
#undef F
    };
    char buf[256];
    size_t n = 0;
    printk("CPU: %s family %#x model %#x stepping %u\n", f->vendor, f->family,
           f->model, f->stepping);
    if (f->brand[0])
        printk("CPU: %s\n", f->brand);
    for (size_t i = 0; i < ARRAY_SIZE(flags); i++)
        if (*(const bool *)((const char *)f + flags[i].off) && n < 200)
            n += snprintf(buf + n, sizeof(buf) - n, " %s", flags[i].name);
    printk("CPU features:%s\n", buf);
}

/* Runs on every CPU: FPU/SSE/XSAVE for later guest state, NX, SMEP/SMAP,
 * write protection in ring 0, Xen's PAT. */
void cpu_enable_features(void)
{
    const struct cpu_features *f = &cpu_features;
    uint64_t cr0 = read_cr0(), cr4 = read_cr4();
    cr0 = (cr0 | X86_CR0_MP | X86_CR0_NE | X86_CR0_WP) &
          ~(X86_CR0_EM | X86_CR0_TS);
    write_cr0(cr0);
    cr4 |= X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT | X86_CR4_MCE;
    if (f->xsave)
        cr4 |= X86_CR4_OSXSAVE;
    if (f->smep)
        cr4 |= X86_CR4_SMEP;
    if (f->smap) {
        cr4 |= X86_CR4_SMAP;
        smap_active = true;
    }
    write_cr4(cr4);
    if (f->xsave)
        xsetbv(0, f->xcr0_supported & 0x7); /* x87, SSE, AVX */
    if (f->nx)
        wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
    cpu_init_pat();
    __asm__ volatile("fninit");
}

void cpu_init_pat(void)
{
    if (rdmsr(MSR_IA32_PAT) != BASALT_MSR_PAT) {
        wrmsr(MSR_IA32_PAT, BASALT_MSR_PAT);
        flush_tlb_local(); /* no translation may keep the old memory type */
    }
}
