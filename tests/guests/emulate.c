/* SPDX-License-Identifier: BSD-2-Clause */
/* PV test kernel: privileged instructions from the guest kernel, emulated
 * as Xen does: forced-emulation CPUID and its hypervisor leaves, RDMSR/
 * WRMSR (segment bases, safe MSRs, #GP for the rest), MOV CRn and CLTS,
 * INT n through the trap table's DPL, and single-stepping over them. */
#include "emul_util.h"

#define MSR_IA32_TSC       0x10
#define MSR_APIC_BASE      0x1b
#define MSR_MISC_ENABLE    0x1a0
#define MSR_PAT            0x277
#define MSR_EFER           0xc0000080
#define MSR_STAR           0xc0000081
#define MSR_FS_BASE        0xc0000100
#define MSR_GS_BASE        0xc0000101
#define MSR_SHADOW_GS_BASE 0xc0000102
#define CR0_PE             0x1UL
#define CR0_TS             0x8UL
#define CR0_PG             0x80000000UL
#define CR4_OSXSAVE        0x40000UL
#define GUEST_VIRT_BASE    0xffffffff80000000UL

static void forced_cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
    __asm__ volatile("ud2a; .ascii \"xen\"; cpuid"
                     : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
                     : "a"(leaf), "c"(sub));
}

static void native_cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
    __asm__ volatile("cpuid"
                     : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
                     : "a"(leaf), "c"(sub));
}

static void check_cpuid_hypervisor_leaves(void)
{
    uint32_t r[4];
    char sig[13] = {0};
    forced_cpuid(0x40000000, 0, r);
    CHECK_EQ("cpuid 0x40000000: last leaf", r[0], 0x40000005);
    memcpy(sig, &r[1], 4);
    memcpy(sig + 4, &r[2], 4);
    memcpy(sig + 8, &r[3], 4);
    CHECK_STR("cpuid 0x40000000: signature", sig, "XenVMMXenVMM");
    forced_cpuid(0x40000001, 0, r);
    CHECK_EQ("cpuid 0x40000001: Xen 4.17", r[0], 0x40011);
    CHECK_EQ("cpuid 0x40000001 = XENVER_version", r[0],
             HYPERVISOR_xen_version(XENVER_version, NULL));
    forced_cpuid(0x40000002, 0, r);
    CHECK_EQ("cpuid 0x40000002: one hypercall page", r[0], 1);
    CHECK_EQ("cpuid 0x40000002: hypercall page MSR", r[1], 0x40000000);
    CHECK_EQ("cpuid 0x40000002: MMU_PT_UPDATE_PRESERVE_AD", r[2], 1);
    forced_cpuid(0x40000006, 0, r);
    CHECK_EQ("cpuid 0x40000006: empty", r[0] | r[1] | r[2] | r[3], 0);
    forced_cpuid(0x40000003, 2, r);
    printf("info: cpuid 0x40000003.2 cpu_khz %u\n", r[0]);
    forced_cpuid(0x40000005, 0, r);
    printf("info: cpuid 0x40000005 mfn address bits %u\n", r[1]);
}

static void check_cpuid_masks(void)
{
    uint32_t r[4], n[4];
    forced_cpuid(0, 0, r);
    native_cpuid(0, 0, n);
    CHECK("cpuid 0: the CPU's vendor",
          r[1] == n[1] && r[2] == n[2] && r[3] == n[3]);
    forced_cpuid(1, 0, r);
    native_cpuid(1, 0, n);
    CHECK_EQ("cpuid 1: the CPU's signature", r[0], n[0]);
    CHECK("cpuid 1: hypervisor bit", r[2] & (1u << 31));
    CHECK_EQ("cpuid 1: no VMX, MONITOR", r[2] & 0x28, 0);
    CHECK_EQ("cpuid 1: no x2APIC, TSC deadline", r[2] & 0x1200000, 0);
    CHECK_EQ("cpuid 1: no VME, PSE, PGE", r[3] & 0x200a, 0);
    CHECK_EQ("cpuid 1: OSXSAVE as enabled (enlightened view)", r[2] >> 27 & 1,
             n[2] >> 27 & 1);
    forced_cpuid(7, 0, r);
    CHECK_EQ("cpuid 7: no SMEP, SMAP, INVPCID", r[1] & 0x100480, 0);
    forced_cpuid(0x80000008, 0, r);
    CHECK("cpuid 0x80000008: at most 48 virtual address bits",
          (r[0] >> 8 & 0xff) <= 48);
}

/* A wrong signature is a plain #UD for the guest, at the ud2. */
static void check_cpuid_bad_prefix(void)
{
    unsigned long ud = emul_traps[6].count, at;
    uint32_t a = 0, c = 0;
    __asm__ volatile(EMUL_ARM "2: ud2a; .ascii \"xex\"; cpuid" EMUL_LANDING
                              "\tleaq 2b(%%rip), %2"
                     : "+a"(a), "+c"(c), "=r"(at)
                     :
                     : "rbx", "rdx", "r11", "memory");
    CHECK_EQ("bad forced-emulation prefix: #UD", emul_traps[6].count - ud, 1);
    CHECK_EQ("bad forced-emulation prefix: at the ud2", emul_traps[6].rip, at);
}

/* RDMSR/WRMSR; returns the #GPs raised (0 or 1), each checked to carry
 * error code 0 and to point at the instruction. */
static int rdmsr_gp(uint32_t msr, uint64_t *val)
{
    unsigned long gp = emul_traps[13].count, at;
    uint32_t lo = 0, hi = 0;
    __asm__ volatile(EMUL_ARM "2: rdmsr" EMUL_LANDING "\tleaq 2b(%%rip), %2"
                     : "+a"(lo), "+d"(hi), "=r"(at)
                     : "c"(msr)
                     : "r11", "memory");
    *val = (uint64_t)hi << 32 | lo;
    if (emul_traps[13].count == gp)
        return 0;
    return emul_traps[13].err == 0 && emul_traps[13].rip == at ? 1 : 99;
}

static int wrmsr_gp(uint32_t msr, uint64_t val)
{
    unsigned long gp = emul_traps[13].count;
    __asm__ volatile(EMUL_ARM "wrmsr" EMUL_LANDING
                     :
                     : "c"(msr), "a"((uint32_t)val), "d"((uint32_t)(val >> 32))
                     : "r11", "memory");
    return (int)(emul_traps[13].count - gp);
}

static void check_msr_segment_bases(void)
{
    static unsigned long fs_word = 0x1122334455667788UL;
    static unsigned long gs_word = 0x8877665544332211UL;
    uint64_t v = 0, gs = 0;
    CHECK_EQ("wrmsr FS_BASE", wrmsr_gp(MSR_FS_BASE, (unsigned long)&fs_word),
             0);
    CHECK_EQ("rdmsr FS_BASE", rdmsr_gp(MSR_FS_BASE, &v), 0);
    CHECK_EQ("FS_BASE round trip", v, (unsigned long)&fs_word);
    __asm__ volatile("mov %%fs:0, %0" : "=r"(v));
    CHECK_EQ("%fs:0 through the new base", v, fs_word);
    CHECK_EQ("wrmsr FS_BASE non-canonical: #GP",
             wrmsr_gp(MSR_FS_BASE, 0x8000000000000000UL), 1);
    CHECK_EQ("wrmsr FS_BASE 0", wrmsr_gp(MSR_FS_BASE, 0), 0);
    CHECK_EQ("rdmsr GS_BASE", rdmsr_gp(MSR_GS_BASE, &gs), 0);
    CHECK_EQ("wrmsr GS_BASE", wrmsr_gp(MSR_GS_BASE, (unsigned long)&gs_word),
             0);
    __asm__ volatile("mov %%gs:0, %0" : "=r"(v));
    CHECK_EQ("%gs:0 through the new base", v, gs_word);
    CHECK_EQ("wrmsr SHADOW_GS_BASE", wrmsr_gp(MSR_SHADOW_GS_BASE, 0x12345000),
             0);
    rdmsr_gp(MSR_SHADOW_GS_BASE, &v);
    CHECK_EQ("SHADOW_GS_BASE round trip", v, 0x12345000);
    rdmsr_gp(MSR_GS_BASE, &v);
    CHECK_EQ("GS_BASE untouched by SHADOW_GS_BASE", v, (unsigned long)&gs_word);
    hypercall2(__HYPERVISOR_set_segment_base, SEGBASE_GS_USER, 0x6789000);
    rdmsr_gp(MSR_SHADOW_GS_BASE, &v);
    CHECK_EQ("SHADOW_GS_BASE = set_segment_base(GS_USER)", v, 0x6789000);
    wrmsr_gp(MSR_GS_BASE, gs);
}

static void check_msr_others(void)
{
    uint64_t v = 0, efer = 0, t0 = 0;
    CHECK_EQ("rdmsr APIC_BASE", rdmsr_gp(MSR_APIC_BASE, &v), 0);
    CHECK_EQ("APIC_BASE: enabled BSP at 0xfee00000", v, 0xfee00900);
    CHECK_EQ("rdmsr EFER", rdmsr_gp(MSR_EFER, &efer), 0);
    CHECK_EQ("EFER: SCE LME LMA NXE", efer, 0xd01);
    CHECK_EQ("wrmsr EFER, same value", wrmsr_gp(MSR_EFER, efer), 0);
    CHECK_EQ("wrmsr EFER, NXE off: #GP", wrmsr_gp(MSR_EFER, efer & ~0x800), 1);
    CHECK_EQ("rdmsr PAT", rdmsr_gp(MSR_PAT, &v), 0);
    CHECK_EQ("PAT: Xen's layout", v, 0x0000050100070406UL);
    CHECK_EQ("rdmsr TSC", rdmsr_gp(MSR_IA32_TSC, &t0), 0);
    rdmsr_gp(MSR_IA32_TSC, &v);
    CHECK("TSC moves on", v > t0);
    CHECK_EQ("rdmsr unknown: #GP(0)", rdmsr_gp(0x12345678, &v), 1);
    CHECK_EQ("rdmsr STAR (not offered): #GP(0)", rdmsr_gp(MSR_STAR, &v), 1);
    v = 1;
    CHECK_EQ("rdmsr 0x40000000 (hypercall page, write-only)",
             rdmsr_gp(0x40000000, &v), 0);
    CHECK_EQ("  reads as 0", v, 0);
    CHECK_EQ("rdmsr 0x40000001: #GP(0)", rdmsr_gp(0x40000001, &v), 1);
    CHECK_EQ("wrmsr unknown: #GP", wrmsr_gp(0x12345678, 1), 1);
    CHECK_EQ("wrmsr STAR: #GP", wrmsr_gp(MSR_STAR, 0), 1);
    if (rdmsr_gp(MSR_MISC_ENABLE, &v) == 0)
        CHECK_EQ("MISC_ENABLE: no perfmon/monitor, no BTS/PEBS/xTPR",
                 v & 0x841980, 0x801800);
    else
        printf("info: MISC_ENABLE: #GP (the CPU has none)\n");
}

#define READ_CR(n, v)                                                          \
    __asm__ volatile(EMUL_ARM "mov %%cr" #n ", %0" EMUL_LANDING                \
                     : "+r"(v)                                                 \
                     :                                                         \
                     : "r11", "memory")
#define WRITE_CR(n, v)                                                         \
    __asm__ volatile(EMUL_ARM "mov %0, %%cr" #n EMUL_LANDING                   \
                     :                                                         \
                     : "r"(v)                                                  \
                     : "r11", "memory")

static void check_cr0_clts(void)
{
    unsigned long cr0 = 0, v = 0, gp = emul_traps[13].count;
    READ_CR(0, cr0);
    printf("info: cr0 %#lx\n", cr0);
    CHECK_EQ("mov %cr0: PE and PG", cr0 & (CR0_PE | CR0_PG), CR0_PE | CR0_PG);
    CHECK_EQ("fpu_taskswitch(1)", hypercall1(__HYPERVISOR_fpu_taskswitch, 1),
             0);
    READ_CR(0, v);
    CHECK_EQ("mov %cr0: virtual TS set", v, cr0 | CR0_TS);
    __asm__ volatile(EMUL_ARM "clts" EMUL_LANDING ::: "r11", "memory");
    READ_CR(0, v);
    CHECK_EQ("clts clears the virtual TS", v, cr0 & ~CR0_TS);
    v = cr0 | CR0_TS;
    WRITE_CR(0, v);
    READ_CR(0, v);
    CHECK_EQ("mov to %cr0: TS set", v, cr0 | CR0_TS);
    v = cr0 & ~CR0_TS;
    WRITE_CR(0, v);
    CHECK_EQ("no #GP so far", emul_traps[13].count, gp);
    v = cr0 & ~(CR0_PE | CR0_TS);
    WRITE_CR(0, v);
    CHECK_EQ("mov to %cr0 changing PE: #GP", emul_traps[13].count - gp, 1);
    __asm__ volatile(EMUL_ARM "wbinvd" EMUL_LANDING ::: "r11", "memory");
    CHECK_EQ("wbinvd: no #GP", emul_traps[13].count - gp, 1);
}

static void check_cr2_cr3_cr4(const struct start_info *si)
{
    const unsigned long *mfns = (const unsigned long *)si->mfn_list;
    unsigned long v = 0, cr4 = 0, gp = emul_traps[13].count;
    uint32_t r[4];
    v = 0xabc000;
    WRITE_CR(2, v);
    v = 0;
    READ_CR(2, v);
    CHECK_EQ("mov %cr2 round trip", v, 0xabc000);
    READ_CR(3, v);
    CHECK_EQ("mov %cr3: the L4's machine address", v,
             mfns[(si->pt_base - GUEST_VIRT_BASE) >> 12] << 12);
    READ_CR(4, cr4);
    printf("info: cr4 %#lx\n", cr4);
    CHECK_EQ("mov %cr4: PAE MCE OSFXSR OSXMMEXCPT only", cr4, 0x660);
    forced_cpuid(1, 0, r);
    if (r[2] & (1u << 26)) { /* XSAVE offered: the guest may set OSXSAVE */
        v = cr4 | CR4_OSXSAVE;
        WRITE_CR(4, v);
        READ_CR(4, v);
        CHECK_EQ("mov to %cr4: OSXSAVE kept", v, cr4 | CR4_OSXSAVE);
        WRITE_CR(4, cr4);
    }
    CHECK_EQ("no #GP so far", emul_traps[13].count, gp);
    READ_CR(8, v);
    CHECK_EQ("mov %cr8: #GP", emul_traps[13].count - gp, 1);
}

/* XSETBV to the XCR0 in use is accepted; Basalt switches no XSAVE state
 * per guest, so a change is a #GP there (Xen would allow a valid one). */
static void check_xsetbv(int basalt)
{
    unsigned long gp = emul_traps[13].count;
    uint32_t r[4], lo, hi;
    native_cpuid(1, 0, r);
    if (!(r[2] & (1u << 27))) {
        printf("info: no OSXSAVE: xsetbv not tried\n");
        return;
    }
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    printf("info: xcr0 %#x\n", lo);
    __asm__ volatile(EMUL_ARM "xsetbv" EMUL_LANDING
                     :
                     : "c"(0), "a"(lo), "d"(hi)
                     : "r11", "memory");
    CHECK_EQ("xsetbv to the current XCR0", emul_traps[13].count - gp, 0);
    if (basalt && (lo & 4)) {
        __asm__ volatile(EMUL_ARM "xsetbv" EMUL_LANDING
                         :
                         : "c"(0), "a"(lo & ~4u), "d"(hi)
                         : "r11", "memory");
        CHECK_EQ("xsetbv dropping AVX: #GP", emul_traps[13].count - gp, 1);
    }
}

/* INT n: delivered when the entry's DPL allows the guest kernel (>= 1);
 * else #GP with the IDT error code. Under QEMU TCG, Xen decodes the
 * wrong vector from TCG's error code (N*16+2) and passes that code on:
 * tolerated on Xen only (shared/EMULATORS.md). */
static void check_int(unsigned int vec, bool delivered, int basalt)
{
    unsigned long gp = emul_traps[13].count, n = emul_traps[vec].count;
    unsigned long after, rax = 0x5a5a5a5a, rdx = 0xd00d;
    char name[64];
    switch (vec) {
#define INT_CASE(v)                                                            \
    case v:                                                                    \
        __asm__ volatile(EMUL_ARM "int $" #v "\n2:" EMUL_LANDING               \
                                  "\tleaq 2b(%%rip), %2"                       \
                         : "+a"(rax), "+d"(rdx), "=r"(after)                   \
                         :                                                     \
                         : "r11", "rcx", "memory");                            \
        break;
        INT_CASE(0x80)
        INT_CASE(0x81)
        INT_CASE(0x82)
        INT_CASE(0x83)
    }
    snprintf(name, sizeof(name), "int $%#x", vec);
    if (!basalt && emul_traps[13].count - gp == 1 &&
        emul_traps[13].err == (vec << 4 | 2)) {
        printf("info: %s: #GP %#lx (QEMU TCG error code, tolerated on Xen)\n",
               name, emul_traps[13].err);
        test_pass(name);
        return;
    }
    if (delivered) {
        CHECK_EQ(name, emul_traps[vec].count - n, 1);
        CHECK_EQ("  frame rip after the int", emul_traps[vec].rip, after);
        CHECK_EQ("  frame cs", emul_traps[vec].cs & 0xffff,
                 FLAT_KERNEL_CS & ~3);
        CHECK("  rax, rdx preserved", rax == 0x5a5a5a5a && rdx == 0xd00d);
    } else {
        CHECK_EQ(name, emul_traps[13].count - gp, 1);
        CHECK_EQ("  #GP error code (vector << 3) | 2", emul_traps[13].err,
                 vec << 3 | 2);
    }
}

/* Single-stepping over an emulated instruction: #DB right after it. */
static void check_single_step(void)
{
    unsigned long db = emul_traps[1].count, after;
    uint32_t lo = 0, hi = 0;
    long dr6;
    __asm__ volatile("pushfq; orq $0x100, (%%rsp); popfq\n"
                     "rdmsr\n2:\n"
                     "leaq 2b(%%rip), %2"
                     : "+a"(lo), "+d"(hi), "=r"(after)
                     : "c"(MSR_PAT)
                     : "memory");
    CHECK_EQ("single step over rdmsr: one #DB", emul_traps[1].count - db, 1);
    CHECK_EQ("  #DB after the rdmsr", emul_traps[1].rip, after);
    CHECK_EQ("  rdmsr done", (uint64_t)hi << 32 | lo, 0x0000050100070406UL);
    dr6 = hypercall1(__HYPERVISOR_get_debugreg, 6);
    CHECK("  DR6.BS", dr6 > 0 && (dr6 & 0x4000));
}

int guest_main(struct start_info *si)
{
    int basalt = emul_on_basalt();
    CHECK_EQ("set_trap_table", emul_install_traps(), 0);
    check_cpuid_hypervisor_leaves();
    check_cpuid_masks();
    check_cpuid_bad_prefix();
    check_msr_segment_bases();
    check_msr_others();
    check_cr0_clts();
    check_cr2_cr3_cr4(si);
    check_xsetbv(basalt);
    check_int(0x80, true, basalt);
    check_int(0x82, true, basalt);
    check_int(0x81, false, basalt);
    check_int(0x83, false, basalt);
    check_single_step();
    return test_summary();
}
