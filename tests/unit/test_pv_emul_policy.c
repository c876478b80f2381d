/* SPDX-License-Identifier: BSD-2-Clause */
/* Host tests of what PV guests may see and touch: the CPUID policy,
 * checked against Xen 4.17's answers to a PV dom0 under QEMU -cpu max
 * (AMD), and the I/O port policy (arch/x86/pv/emulate_policy.c). */
#include "harness.h"
#include "../../arch/x86/pv/emulate.h"

/* The QEMU TCG -cpu max machine the Xen oracle ran on; dom0's kernel
 * through the forced-emulation prefix. */
static struct pv_cpuid_env qemu_env(void)
{
    struct pv_cpuid_env e = {
        .amd = true,
        .forced = true,
        .kernel_mode = true,
        .hwdom = true,
        .host_osxsave = true,
        .rdtscp = true,
        .max_leaf = 0xd,
        .max_ext_leaf = 0x8000000a,
        .xen_version = 0x40011,
        .xcr0 = 7,
        .mfn_bits = 29,
        .cpu_khz = 2596143,
    };
    return e;
}

static struct cpuid_regs policy(uint32_t leaf, uint32_t sub,
                                const struct pv_cpuid_env *e, uint32_t a,
                                uint32_t b, uint32_t c, uint32_t d)
{
    struct cpuid_regs r = {a, b, c, d};
    pv_cpuid_policy(leaf, sub, e, &r);
    return r;
}

#define CHECK_REGS(r, ea, eb, ec, ed)                                          \
    do {                                                                       \
        CHECK_EQ((r).a, ea);                                                   \
        CHECK_EQ((r).b, eb);                                                   \
        CHECK_EQ((r).c, ec);                                                   \
        CHECK_EQ((r).d, ed);                                                   \
    } while (0)

TEST(cpuid_matches_xen_on_qemu)
{
    struct pv_cpuid_env e = qemu_env();
    struct cpuid_regs r;
    r = policy(0, 0, &e, 0xd, 0x68747541, 0x444d4163, 0x69746e65);
    CHECK_REGS(r, 0xd, 0x68747541, 0x444d4163, 0x69746e65);
    r = policy(1, 0, &e, 0x00060fb1, 0x01000800, 0xfed8320b, 0x0fcbfbfd);
    CHECK_REGS(r, 0x00060fb1, 0x00000800, 0xfed83203, 0x0fc9d3f5);
    r = policy(0x80000001, 0, &e, 0x00060fb1, 0, 0x75, 0xedd3fbfd);
    CHECK_REGS(r, 0x00060fb1, 0, 0x61, 0xe9d1dbf5);
    r = policy(0x80000008, 0, &e, 0x3928, 0, 0, 0);
    CHECK_REGS(r, 0x3028, 0, 0, 0);
    r = policy(0xd, 1, &e, 5, 0x3c8, 0, 0);
    CHECK_REGS(r, 5, 0, 0, 0);
    r = policy(0xd, 2, &e, 0x100, 0x240, 0, 0);
    CHECK_REGS(r, 0x100, 0x240, 0, 0);
    /* Xen also shows FSGSBASE (bit 0): Basalt hides it. */
    r = policy(7, 0, &e, 0, 0x01d843a9, 0x8001020c, 0);
    CHECK_REGS(r, 0, 0x01880328, 0x00000200, 0);
    r = policy(5, 0, &e, 0, 0, 3, 0);
    CHECK_REGS(r, 0, 0, 0, 0);
    r = policy(6, 0, &e, 4, 0, 0, 0);
    CHECK_REGS(r, 0, 0, 0, 0);
    r = policy(0xb, 0, &e, 0, 1, 0x100, 0);
    CHECK_REGS(r, 0, 0, 0, 0);
    r = policy(0x14, 0, &e, 0x21f, 0x240, 0xa88, 0); /* past leaf 0xd */
    CHECK_REGS(r, 0, 0, 0, 0);
}

TEST(cpuid_hypervisor_leaves)
{
    struct pv_cpuid_env e = qemu_env();
    struct cpuid_regs r;
    char sig[13] = {0};
    r = policy(0x40000000, 0, &e, 0x40000001, 1, 2, 3);
    CHECK_EQ(r.a, 0x40000005);
    memcpy(sig, &r.b, 4);
    memcpy(sig + 4, &r.c, 4);
    memcpy(sig + 8, &r.d, 4);
    CHECK_STR(sig, "XenVMMXenVMM");
    r = policy(0x40000001, 0, &e, 9, 9, 9, 9);
    CHECK_REGS(r, 0x40011, 0, 0, 0);
    r = policy(0x40000002, 0, &e, 9, 9, 9, 9);
    CHECK_REGS(r, 1, 0x40000000, 1, 0);
    r = policy(0x40000003, 0, &e, 9, 9, 9, 9);
    CHECK_REGS(r, 4, 0, 0, 0);
    r = policy(0x40000003, 1, &e, 9, 9, 9, 9);
    CHECK_REGS(r, 0, 0, 0, 0);
    r = policy(0x40000003, 2, &e, 9, 9, 9, 9);
    CHECK_REGS(r, 2596143, 0, 0, 0);
    e.tsc_safe = true;
    e.rdtscp = false;
    r = policy(0x40000003, 0, &e, 9, 9, 9, 9);
    CHECK_REGS(r, 2, 0, 0, 0);
    r = policy(0x40000004, 0, &e, 9, 9, 9, 9); /* HVM only */
    CHECK_REGS(r, 0, 0, 0, 0);
    r = policy(0x40000005, 0, &e, 9, 9, 9, 9);
    CHECK_REGS(r, 0, 29, 0, 0);
    r = policy(0x40000005, 1, &e, 9, 9, 9, 9);
    CHECK_REGS(r, 0, 0, 0, 0);
    r = policy(0x40000006, 0, &e, 9, 9, 9, 9);
    CHECK_REGS(r, 0, 0, 0, 0);
    r = policy(0x40000100, 0, &e, 9, 9, 9, 9); /* Viridian's base: HVM */
    CHECK_REGS(r, 0, 0, 0, 0);
}

TEST(cpuid_ranges_and_gaps)
{
    struct pv_cpuid_env e = qemu_env();
    struct cpuid_regs r;
    r = policy(0x80000000, 0, &e, 0x8000000a, 1, 2, 3);
    CHECK_REGS(r, 0x80000008, 1, 2, 3);
    r = policy(0x80000002, 0, &e, 0x20555043, 1, 2, 3); /* brand */
    CHECK_REGS(r, 0x20555043, 1, 2, 3);
    r = policy(0x80000007, 0, &e, 0, 0, 0, 0x100); /* invariant TSC */
    CHECK_REGS(r, 0, 0, 0, 0);
    r = policy(0x8000000a, 0, &e, 1, 0x10, 0, 0x10010001); /* SVM */
    CHECK_REGS(r, 0, 0, 0, 0);
    r = policy(0x8000001f, 0, &e, 1, 1, 1, 1);
    CHECK_REGS(r, 0, 0, 0, 0);
    r = policy(0x3, 0, &e, 1, 1, 1, 1);
    CHECK_REGS(r, 0, 0, 0, 0);
    r = policy(0xc0000000, 0, &e, 1, 1, 1, 1);
    CHECK_REGS(r, 0, 0, 0, 0);
    r = policy(0x3fffffff, 0, &e, 1, 1, 1, 1);
    CHECK_REGS(r, 0, 0, 0, 0);
    e.max_leaf = 7; /* a leaf the hardware lacks is empty */
    r = policy(0xd, 0, &e, 7, 0x340, 0x340, 0);
    CHECK_REGS(r, 0, 0, 0, 0);
    e.max_ext_leaf = 0x80000001;
    r = policy(0x80000008, 0, &e, 0x3028, 0, 0, 0);
    CHECK_REGS(r, 0, 0, 0, 0);
    e.max_leaf = 0x1f;
    r = policy(0, 0, &e, 0x1f, 1, 2, 3);
    CHECK_EQ(r.a, 0xd);
}

/* An Intel host: VMX, x2APIC, TSC deadline, PCID, DS, SMX gone; the
 * hypervisor bit set; Xen's dom0-only leaks. */
TEST(cpuid_leaf1_intel)
{
    struct pv_cpuid_env e = qemu_env();
    const uint32_t ecx = 0x7ffafbff; /* all but hypervisor, bit 10/2x */
    const uint32_t edx = 0xbfebfbff;
    struct cpuid_regs r;
    e.amd = false;
    r = policy(1, 0, &e, 0x906ea, 0x03100800, ecx, edx);
    CHECK_EQ(r.b, 0x00100800);
    CHECK_EQ(r.c & (1u << 5), 0);       /* VMX */
    CHECK_EQ(r.c & (1u << 6), 0);       /* SMX */
    CHECK_EQ(r.c & (1u << 17), 0);      /* PCID */
    CHECK_EQ(r.c & (1u << 21), 0);      /* x2APIC */
    CHECK_EQ(r.c & (1u << 24), 0);      /* TSC deadline */
    CHECK_EQ(r.c & (1u << 3), 0);       /* MONITOR, forced path */
    CHECK_EQ(r.c & (1u << 7), 1u << 7); /* EIST leaks to dom0's kernel */
    CHECK_EQ(r.c & (1u << 31), 1u << 31);
    CHECK_EQ(r.c & (1u << 27), 1u << 27); /* OSXSAVE: forced, kernel */
    CHECK_EQ(r.c, 0xfed83283u);
    CHECK_EQ(r.d, 0x1fc9d3f5u & edx); /* no VME PSE PGE PSE36 DS SEP */
    e.forced = false;                 /* a faulting CPUID */
    r = policy(1, 0, &e, 0x906ea, 0, ecx, edx);
    CHECK_EQ(r.c & (1u << 3), 1u << 3);
    CHECK_EQ(r.c & (1u << 27), 0);
    e.guest_osxsave = true;
    r = policy(1, 0, &e, 0x906ea, 0, ecx, edx);
    CHECK_EQ(r.c & (1u << 27), 1u << 27);
    e.guest_osxsave = false;
    e.kernel_mode = false; /* guest user: no leaks at all */
    r = policy(1, 0, &e, 0x906ea, 0, ecx, edx);
    CHECK_EQ(r.c & ((1u << 3) | (1u << 7) | (1u << 27)), 0);
    CHECK_EQ(r.d & (1u << 12), 0);
    e.kernel_mode = true;
    e.hwdom = false; /* a domU's kernel */
    r = policy(1, 0, &e, 0x906ea, 0, ecx, edx);
    CHECK_EQ(r.c & ((1u << 3) | (1u << 7)), 0);
    CHECK_EQ(r.d & (1u << 12), 0);
}

TEST(cpuid_leaf7_and_xsave_deps)
{
    struct pv_cpuid_env e = qemu_env();
    struct cpuid_regs r;
    r = policy(7, 0, &e, 2, 0xffffffff, 0xffffffff, 0xffffffff);
    CHECK_REGS(r, 0, 0xfdaf0b28u & ~0xdc230000u, 0x02405f43u & ~0x5842u, 0x400);
    CHECK_EQ(r.b & ((1u << 7) | (1u << 20) | (1u << 10) | 1u), 0);
    e.xcr0 = 0xe7; /* AVX-512 state enabled: AVX-512 shows */
    r = policy(7, 0, &e, 2, 0xffffffff, 0xffffffff, 0xffffffff);
    CHECK_REGS(r, 0, 0xfdaf0b28u, 0x02405f43u, 0x40c);
    r = policy(7, 1, &e, 0x20, 0, 0, 0);
    CHECK_REGS(r, 0, 0, 0, 0);
    e.xcr0 = 3; /* no AVX state: no AVX family */
    r = policy(1, 0, &e, 0, 0, 0xffffffff, 0);
    CHECK_EQ(r.c & 0x30001000u, 0);
    CHECK_EQ(r.c & (1u << 26), 1u << 26);
    r = policy(7, 0, &e, 0, 0x20, 0x600, 0);
    CHECK_REGS(r, 0, 0, 0, 0);
    r = policy(0x80000001, 0, &e, 0, 0, 0x10800, 0);
    CHECK_EQ(r.c, 0);
    e.xcr0 = 0; /* no XSAVE at all */
    r = policy(1, 0, &e, 0, 0, 0xffffffff, 0);
    CHECK_EQ(r.c & ((1u << 26) | (1u << 27)), 0);
    r = policy(0xd, 0, &e, 7, 0x340, 0x340, 0);
    CHECK_REGS(r, 0, 0, 0, 0);
}

TEST(cpuid_xstate_leaf)
{
    struct pv_cpuid_env e = qemu_env();
    struct cpuid_regs r;
    r = policy(0xd, 0, &e, 0x21f, 0x340, 0xa88, 0);
    CHECK_REGS(r, 7, 0x340, 0x340, 0);
    r = policy(0xd, 1, &e, 0xf, 0x3c8, 0x1800, 0);
    CHECK_REGS(r, 7, 0x3c8, 0, 0);             /* XSAVEC kept, XSAVES gone */
    r = policy(0xd, 3, &e, 0x40, 0x3c0, 0, 0); /* MPX state */
    CHECK_REGS(r, 0, 0, 0, 0);
    r = policy(0xd, 9, &e, 8, 0xa80, 0, 0); /* PKRU */
    CHECK_REGS(r, 0, 0, 0, 0);
    r = policy(0xd, 64, &e, 8, 8, 8, 8);
    CHECK_REGS(r, 0, 0, 0, 0);
}

TEST(cpuid_extended_intel)
{
    struct pv_cpuid_env e = qemu_env();
    struct cpuid_regs r;
    e.amd = false;
    r = policy(0x80000001, 0, &e, 0, 0, 0x125, 0x2c100800 | 0x3ff);
    CHECK_REGS(r, 0, 0, 0x121, 0x28100800); /* no 1GB pages, no copies */
    r = policy(0x80000008, 0, &e, 0x3027, 0x1000, 7, 1);
    CHECK_REGS(r, 0x3027, 0, 0, 0); /* IBPB hidden */
    e.amd = true;
    e.kernel_mode = false;
    r = policy(0x80000001, 0, &e, 0, 0, 0, 0xffffffff);
    CHECK_EQ(r.d, 0xea500800u | (0x0183f3ffu & 0x1fc9c3f5u));
}

TEST(ioport_policy)
{
    CHECK(pv_ioport_permitted(0x80, 1, 0x3f8));
    CHECK(pv_ioport_permitted(0x70, 2, 0x3f8));
    CHECK(pv_ioport_permitted(0x71, 1, 0x3f8));
    CHECK(pv_ioport_permitted(0x60, 1, 0x3f8));
    CHECK(pv_ioport_permitted(0x1e, 2, 0x3f8));
    CHECK(!pv_ioport_permitted(0x1f, 2, 0x3f8));
    CHECK(!pv_ioport_permitted(0x20, 1, 0x3f8));
    CHECK(!pv_ioport_permitted(0x21, 1, 0x3f8));
    CHECK(pv_ioport_permitted(0x22, 4, 0x3f8));
    CHECK(!pv_ioport_permitted(0x3e, 4, 0x3f8));
    CHECK(!pv_ioport_permitted(0x43, 1, 0x3f8));
    CHECK(pv_ioport_permitted(0x44, 4, 0x3f8));
    CHECK(!pv_ioport_permitted(0x61, 1, 0x3f8));
    CHECK(!pv_ioport_permitted(0x60, 2, 0x3f8));
    CHECK(!pv_ioport_permitted(0xa0, 2, 0x3f8));
    CHECK(pv_ioport_permitted(0xa2, 1, 0x3f8));
    CHECK(!pv_ioport_permitted(0x3f8, 1, 0x3f8));
    CHECK(!pv_ioport_permitted(0x3ff, 1, 0x3f8));
    CHECK(!pv_ioport_permitted(0x3f7, 2, 0x3f8));
    CHECK(pv_ioport_permitted(0x3f7, 1, 0x3f8));
    CHECK(pv_ioport_permitted(0x400, 4, 0x3f8));
    CHECK(pv_ioport_permitted(0x3f8, 1, 0));
    CHECK(!pv_ioport_permitted(0x2fc, 4, 0x2f8));
    CHECK(pv_ioport_permitted(0xcf8, 4, 0x3f8));
    CHECK(pv_ioport_permitted(0xffff, 1, 0x3f8));
    CHECK(!pv_ioport_permitted(0xffff, 2, 0x3f8));
    CHECK(pv_ioport_permitted(0xfffc, 4, 0x3f8));
    CHECK(!pv_ioport_permitted(0x10000, 1, 0x3f8));
    CHECK(!pv_ioport_permitted(0x80, 0, 0x3f8));
    CHECK(!pv_ioport_permitted(0x80, 8, 0x3f8));
}
