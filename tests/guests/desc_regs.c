/* SPDX-License-Identifier: BSD-2-Clause */
/* PV test kernel: fpu_taskswitch with the #NM it causes, and the debug
 * registers: set/get round trips, Xen's checks, a real data breakpoint
 * (#DB to the guest, DR6 through get_debugreg) and one the hypervisor
 * itself hits while writing guest memory (ignored, as in Xen). */
#include "desc_util.h"
#include "test.h"

#define DR6_DEFAULT 0xffff0ff0UL
#define DR7_DEFAULT 0x400UL
#define DR7_L0      0x1UL
#define DR7_GD      0x2000UL
#define DR7_W0_8B   (1UL << 16 | 3UL << 18) /* bp 0: data writes, 8 bytes */
#define DR7_IO0     (2UL << 16)             /* bp 0: I/O */
#define DR7_RW0_2B  (3UL << 16 | 1UL << 18) /* bp 0: reads/writes, 2 bytes */

static volatile unsigned long watch;
static char version_buf[16] __attribute__((aligned(16)));

/* One SSE instruction pair: a value through %xmm0. */
static unsigned long sse_roundtrip(unsigned long x)
{
    unsigned long y;
    __asm__ volatile("movq %1, %%xmm0\n movq %%xmm0, %0" : "=r"(y) : "r"(x));
    return y;
}

static void regs_fpu_checks(void)
{
    unsigned long nm = desc_trap_count[7];

    CHECK_EQ("SSE without TS", sse_roundtrip(7), 7);
    CHECK_EQ("no #NM without TS", desc_trap_count[7], nm);
    desc_nm_clear = 1;
    CHECK_EQ("fpu_taskswitch(1)", desc_fpu_taskswitch(1), 0);
    CHECK_EQ("SSE after #NM", sse_roundtrip(0x1234), 0x1234);
    CHECK_EQ("#NM bounced once", desc_trap_count[7], nm + 1);
    CHECK_EQ("#NM handler's fpu_taskswitch(0)", desc_nm_rc, 0);
    CHECK_EQ("SSE again, no #NM", sse_roundtrip(5), 5);
    CHECK_EQ("still one #NM", desc_trap_count[7], nm + 1);
    /* Xen clears the virtual TS when it delivers the #NM: a handler that
     * does not call fpu_taskswitch(0) still sees the instruction finish. */
    desc_nm_clear = 0;
    CHECK_EQ("fpu_taskswitch(1) again", desc_fpu_taskswitch(1), 0);
    CHECK_EQ("SSE with a do-nothing handler", sse_roundtrip(9), 9);
    CHECK_EQ("#NM bounced once more", desc_trap_count[7], nm + 2);
    CHECK_EQ("set, clear", desc_fpu_taskswitch(1) | desc_fpu_taskswitch(0), 0);
    CHECK_EQ("SSE after clear", sse_roundtrip(11), 11);
    /* The argument is an int: 1 << 32 means clear. */
    CHECK_EQ("fpu_taskswitch(1) once more", desc_fpu_taskswitch(1), 0);
    CHECK_EQ("fpu_taskswitch(1 << 32)", desc_fpu_taskswitch(1UL << 32), 0);
    CHECK_EQ("SSE after int-truncated clear", sse_roundtrip(13), 13);
    CHECK_EQ("no #NM since", desc_trap_count[7], nm + 2);
}

static void regs_dr_addresses(void)
{
    static const unsigned long ok[] = {0x1000, 0x7ffffffffff8UL,
                                       0xffff880000000000UL, ~0UL};
    static const unsigned long bad[] = {
        0xffff800000000000UL, /* M2P */
        0xffff830000000000UL, /* direct map */
        0xffff87fffffffff8UL, /* end of the window */
        0x0000800000000000UL, /* non-canonical */
        0xfff0000000000000UL,
    };

    for (unsigned int i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
        CHECK_EQ("set DR1 guest address", desc_set_debugreg(1, ok[i]), 0);
    CHECK_EQ("DR1 kept the last", desc_get_debugreg(1), ~0UL);
    for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        CHECK_EQ("set DR1 hypervisor/non-canonical",
                 desc_set_debugreg(1, bad[i]), -1);
    CHECK_EQ("DR1 unchanged", desc_get_debugreg(1), ~0UL);
    for (unsigned int r = 0; r < 4; r++) {
        CHECK_EQ("set DR0-3", desc_set_debugreg(r, 0x1000 * (r + 1)), 0);
        CHECK_EQ("get DR0-3", desc_get_debugreg(r), 0x1000 * (r + 1));
    }
    /* Xen's reg is an int: 1 << 32 is DR0. */
    CHECK_EQ("set reg 1<<32 is DR0", desc_set_debugreg(1UL << 32, 0x5000), 0);
    CHECK_EQ("DR0 via truncated reg", desc_get_debugreg(0), 0x5000);
}

static void regs_dr67(void)
{
    CHECK_EQ("initial DR6", desc_get_debugreg(6), DR6_DEFAULT);
    CHECK_EQ("initial DR7", desc_get_debugreg(7), DR7_DEFAULT);
    CHECK_EQ("set DR6 B0-B3", desc_set_debugreg(6, 0xf), 0);
    CHECK_EQ("DR6 reserved ones", desc_get_debugreg(6), DR6_DEFAULT | 0xf);
    CHECK_EQ("set DR6 bit 12", desc_set_debugreg(6, 0x1000), 0);
    CHECK_EQ("DR6 bit 12 reads 0", desc_get_debugreg(6), DR6_DEFAULT);
    CHECK_EQ("DR4 is DR6", desc_set_debugreg(4, 1), 0);
    CHECK_EQ("read DR6 after DR4", desc_get_debugreg(6), DR6_DEFAULT | 1);
    CHECK_EQ("read DR4", desc_get_debugreg(4), DR6_DEFAULT | 1);
    CHECK_EQ("set DR6 upper half", desc_set_debugreg(6, 1UL << 32), -22);
    CHECK_EQ("set DR7 reserved bits", desc_set_debugreg(7, 0xd800), 0);
    CHECK_EQ("DR7 reserved bits dropped", desc_get_debugreg(7), DR7_DEFAULT);
    CHECK_EQ("set DR7 GD", desc_set_debugreg(7, DR7_GD), -1);
    CHECK_EQ("set DR7 I/O breakpoint", desc_set_debugreg(7, DR7_IO0 | DR7_L0),
             -1);
    CHECK_EQ("set DR7 I/O type, disabled", desc_set_debugreg(7, DR7_IO0), 0);
    CHECK_EQ("DR5 is DR7", desc_get_debugreg(5), DR7_DEFAULT | DR7_IO0);
    CHECK_EQ("set DR7 upper half", desc_set_debugreg(7, 1UL << 32), -22);
    CHECK_EQ("set DR5", desc_set_debugreg(5, 0), 0);
    CHECK_EQ("DR7 after DR5", desc_get_debugreg(7), DR7_DEFAULT);
    CHECK_EQ("set DR8", desc_set_debugreg(8, 0), -19);
    CHECK_EQ("get DR8", desc_get_debugreg(8), -19);
    CHECK_EQ("get DR-1", desc_get_debugreg(~0UL), -19);
}

/* A write breakpoint on 'watch': the guest's write traps to its #DB
 * handler after the store, DR6.B0 shows through get_debugreg. */
static void regs_dr_hit(void)
{
    unsigned long db = desc_trap_count[1];

    CHECK_EQ("clear DR6", desc_set_debugreg(6, 0), 0);
    CHECK_EQ("DR0 = &watch", desc_set_debugreg(0, (unsigned long)&watch), 0);
    CHECK_EQ("DR7 L0 write", desc_set_debugreg(7, DR7_L0 | DR7_W0_8B), 0);
    watch = 5;
    CHECK_EQ("#DB bounced", desc_trap_count[1], db + 1);
    CHECK_EQ("the write happened", watch, 5);
    CHECK_EQ("DR6.B0 set", desc_get_debugreg(6) & 0xf, 1);
    /* The hypervisor writing a watched guest buffer is ignored, as in
     * Xen: no #DB for the guest, no DR6 bit, the hypercall succeeds. */
    CHECK_EQ("clear DR6 again", desc_set_debugreg(6, 0), 0);
    CHECK_EQ("DR0 = version_buf",
             desc_set_debugreg(0, (unsigned long)version_buf), 0);
    CHECK_EQ("xen_version writes the watched buffer",
             HYPERVISOR_xen_version(XENVER_extraversion, version_buf), 0);
    CHECK_EQ("no #DB for the hypervisor's write", desc_trap_count[1], db + 1);
    CHECK_EQ("DR6 untouched", desc_get_debugreg(6), DR6_DEFAULT);
    CHECK_EQ("DR7 off", desc_set_debugreg(7, 0), 0);
    watch = 6;
    CHECK_EQ("no #DB once off", desc_trap_count[1], db + 1);
}

/*
 * MOV SS holds off the #DB of a data breakpoint on its source until after
 * the next instruction. On hardware (and Bochs) that is the SYSCALL, so
 * the #DB arrives at the hypervisor's SYSCALL entry with the guest's RSP
 * and GS (Xen's XSA-260), where it must be ignored; QEMU's TCG delivers it
 * to the guest before the SYSCALL. Either way the hypercall completes.
 */
static void regs_movss_syscall(void)
{
    static volatile unsigned long ss_src = 0xe02b; /* FLAT_RING3_SS64 */
    unsigned long db = desc_trap_count[1];
    long want = HYPERVISOR_xen_version(XENVER_version, NULL), rc;

    CHECK_EQ("DR0 = SS source", desc_set_debugreg(0, (unsigned long)&ss_src),
             0);
    CHECK_EQ("DR7 L0 read/write", desc_set_debugreg(7, DR7_L0 | DR7_RW0_2B), 0);
    __asm__ volatile("mov %1, %%ss\n syscall"
                     : "=a"(rc)
                     : "m"(ss_src), "a"(__HYPERVISOR_xen_version), "D"(0),
                       "S"(0)
                     : "rcx", "r11", "memory");
    CHECK_EQ("hypercall after mov ss", rc, want);
    CHECK("at most one #DB", desc_trap_count[1] - db <= 1);
    CHECK_EQ("DR7 off again", desc_set_debugreg(7, 0), 0);
}

int guest_main(struct start_info *si)
{
    (void)si;
    CHECK_EQ("set_trap_table", desc_install_traps(), 0);
    regs_fpu_checks();
    regs_dr67();
    regs_dr_addresses();
    regs_dr_hit();
    regs_movss_syscall();
    return test_summary();
}
