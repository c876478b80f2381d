/* SPDX-License-Identifier: BSD-2-Clause */
/* PV test kernel: port I/O from the guest kernel, emulated as Xen does:
 * #GP without I/O privilege, physdev set_iopl and set_iobitmap granting
 * it, IN/OUT of every size with the right register results, INS/OUTS
 * with REP and DF, the hypervisor's own ports reading all-ones, and
 * CLI/STI allowed with privilege. */
#include "emul_util.h"

#define CMOS_INDEX 0x70
#define CMOS_DATA  0x71
#define POST_PORT  0x80

/* One IN/OUT form each; the result is the #GPs raised (0 or 1), with
 * error code 0 checked. */
#define IO_TRY(insn, ...)                                                      \
    ({                                                                         \
        unsigned long _gp = emul_traps[13].count;                              \
        __asm__ volatile(EMUL_ARM insn EMUL_LANDING : __VA_ARGS__);            \
        emul_traps[13].count - _gp == 1 && emul_traps[13].err == 0 ? 1         \
        : emul_traps[13].count == _gp                              ? 0         \
                                                                   : 99;                                    \
    })

static int inb_imm80(unsigned long *rax)
{
    return IO_TRY("inb $0x80, %%al", "+a"(*rax) : : "r11", "memory");
}

static int in_dx(unsigned long *rax, uint16_t port, int size)
{
    if (size == 1)
        return IO_TRY("inb %%dx, %%al", "+a"(*rax)
                      : "d"(port)
                      : "r11", "memory");
    if (size == 2)
        return IO_TRY("inw %%dx, %%ax", "+a"(*rax)
                      : "d"(port)
                      : "r11", "memory");
    return IO_TRY("inl %%dx, %%eax", "+a"(*rax) : "d"(port) : "r11", "memory");
}

static int outb_dx(uint8_t v, uint16_t port)
{
    return IO_TRY("outb %%al, %%dx", : "a"(v), "d"(port) : "r11", "memory");
}

static uint8_t cmos_read(uint8_t reg)
{
    unsigned long v = 0;
    outb_dx(reg, CMOS_INDEX);
    in_dx(&v, CMOS_DATA, 1);
    return (uint8_t)v;
}

static void check_no_privilege(void)
{
    unsigned long rax = 0;
    CHECK_EQ("in $0x80 without I/O privilege: #GP(0)", inb_imm80(&rax), 1);
    CHECK_EQ("out %dx without I/O privilege: #GP(0)", outb_dx(0, POST_PORT), 1);
    CHECK_EQ("cli without I/O privilege: #GP(0)",
             IO_TRY("cli",
                    :
                    : "r11", "memory"),
             1);
    CHECK_EQ("set_iopl(4)", emul_set_iopl(4), -22);
    CHECK_EQ("set_iopl bad pointer",
             emul_physdev_op(PHYSDEVOP_set_iopl, (void *)0x1000), -14);
    CHECK_EQ("physdev unknown op", emul_physdev_op(99, NULL), -38);
}

/* With IOPL 1 (the guest kernel's ring): register results per size. */
static void check_in_out(void)
{
    unsigned long rax = 0x1122334455667700UL;
    uint8_t sec, b;
    CHECK_EQ("set_iopl(1)", emul_set_iopl(1), 0);
    CHECK_EQ("in $0x80, %al", inb_imm80(&rax), 0);
    CHECK_EQ("  upper 56 bits of rax kept", rax >> 8, 0x11223344556677UL);
    rax = 0x1122334455667700UL;
    CHECK_EQ("in %dx, %ax", in_dx(&rax, POST_PORT, 2), 0);
    CHECK_EQ("  upper 48 bits of rax kept", rax >> 16, 0x112233445566UL);
    rax = 0x1122334455667700UL;
    CHECK_EQ("in %dx, %eax", in_dx(&rax, POST_PORT, 4), 0);
    CHECK_EQ("  upper half of rax cleared", rax >> 32, 0);
    CHECK_EQ("out %al, %dx", outb_dx(0x42, POST_PORT), 0);
    CHECK_EQ("outw/outl",
             IO_TRY("outw %%ax, $0x80\n\toutl %%eax, $0x80",
                    : "a"(0x12345678)
                    : "r11", "memory"),
             0);
    b = cmos_read(0x0b);
    sec = cmos_read(0x00);
    printf("info: CMOS status B %#x seconds %#x\n", b, sec);
    CHECK("CMOS seconds via 0x70/0x71 (a real RTC)",
          (b & 4) ? sec < 60 : (sec < 0x60 && (sec & 0xf) < 10));
    CHECK_EQ("cli, sti with I/O privilege",
             IO_TRY("cli\n\tsti",
                    :
                    : "r11", "memory"),
             0);
}

/* Ports the hypervisor keeps: reads are all-ones, writes are dropped
 * (an unmasked PIC would read back 0), on Xen and Basalt alike. */
static void check_denied_ports(void)
{
    unsigned long rax = 0;
    CHECK_EQ("out to the PIC mask", outb_dx(0x00, 0x21), 0);
    CHECK_EQ("in from the PIC mask", in_dx(&rax, 0x21, 1), 0);
    CHECK_EQ("  PIC mask reads 0xff", rax & 0xff, 0xff);
    rax = 0;
    CHECK_EQ("in from the serial console's IER", in_dx(&rax, 0x3f9, 1), 0);
    CHECK_EQ("  reads 0xff", rax & 0xff, 0xff);
    rax = 0;
    CHECK_EQ("in from the PIT", in_dx(&rax, 0x40, 2), 0);
    CHECK_EQ("  reads all-ones", rax & 0xffff, 0xffff);
}

static void check_string_io(void)
{
    static uint8_t buf[8], out[4] = {1, 2, 3, 4};
    unsigned long rdi = (unsigned long)buf, rsi = (unsigned long)out, rcx = 4;
    unsigned long pf = emul_traps[14].count;
    outb_dx(0x00, CMOS_INDEX);
    memset(buf, 0xee, sizeof(buf));
    CHECK_EQ("rep insb from CMOS",
             IO_TRY("rep insb", "+D"(rdi), "+c"(rcx)
                    : "d"(CMOS_DATA)
                    : "r11", "memory"),
             0);
    CHECK("  rcx 0, rdi + 4", rcx == 0 && rdi == (unsigned long)buf + 4);
    CHECK("  4 bytes of seconds, the rest untouched",
          buf[0] < 0x60 && buf[3] < 0x60 && buf[4] == 0xee);
    rcx = 3;
    CHECK_EQ("rep outsb to 0x80",
             IO_TRY("rep outsb", "+S"(rsi), "+c"(rcx)
                    : "d"(POST_PORT)
                    : "r11", "memory"),
             0);
    CHECK("  rcx 0, rsi + 3", rcx == 0 && rsi == (unsigned long)out + 3);
    rsi = (unsigned long)&out[2];
    CHECK_EQ("std; outsw; cld",
             IO_TRY("std\n\toutsw\n\tcld", "+S"(rsi)
                    : "d"(POST_PORT)
                    : "r11", "memory"),
             0);
    CHECK_EQ("  rsi - 2 (DF set)", rsi, (unsigned long)&out[0]);
    rdi = 0x1000, rcx = 2;
    IO_TRY("rep insb", "+D"(rdi), "+c"(rcx) : "d"(POST_PORT) : "r11", "memory");
    CHECK_EQ("rep insb to an unmapped page: #PF", emul_traps[14].count - pf, 1);
    CHECK_EQ("  error code: write", emul_traps[14].err, 2);
    CHECK("  nothing done", rcx == 2 && rdi == 0x1000);
}

/* IOPL 0 again: only ports clear in the bitmap (and below nr_ports). */
static void check_iobitmap(void)
{
    static uint8_t bitmap[34];
    unsigned long rax = 0;
    memset(bitmap, 0xff, sizeof(bitmap));
    bitmap[POST_PORT / 8] &= ~1; /* port 0x80 only */
    CHECK_EQ("set_iopl(0)", emul_set_iopl(0), 0);
    CHECK_EQ("set_iobitmap", emul_set_iobitmap(bitmap, 0x100), 0);
    CHECK_EQ("in from an allowed port", inb_imm80(&rax), 0);
    CHECK_EQ("in from a denied port: #GP", in_dx(&rax, 0x84, 1), 1);
    CHECK_EQ("inw over an allowed and a denied port: #GP",
             in_dx(&rax, POST_PORT, 2), 1);
    CHECK_EQ("set_iobitmap, 0x80 ports", emul_set_iobitmap(bitmap, 0x80), 0);
    CHECK_EQ("in from beyond nr_ports: #GP", inb_imm80(&rax), 1);
    CHECK_EQ("set_iobitmap in the hypervisor's range",
             emul_set_iobitmap((void *)0xffff800000000000UL, 8), -22);
    CHECK_EQ("set_iobitmap non-canonical",
             emul_set_iobitmap((void *)0x0000800000000000UL, 8), -22);
    CHECK_EQ("set_iobitmap 65537 ports", emul_set_iobitmap(bitmap, 65537), -22);
    CHECK_EQ("set_iobitmap bad pointer",
             emul_physdev_op(PHYSDEVOP_set_iobitmap, (void *)0x1000), -14);
    CHECK_EQ("set_iobitmap none", emul_set_iobitmap(NULL, 0), 0);
    CHECK_EQ("in without bitmap or IOPL: #GP", inb_imm80(&rax), 1);
}

int guest_main(struct start_info *si)
{
    (void)si;
    CHECK_EQ("set_trap_table", emul_install_traps(), 0);
    check_no_privilege();
    check_in_out();
    check_denied_ports();
    check_string_io();
    check_iobitmap();
    return test_summary();
}
