/* SPDX-License-Identifier: BSD-2-Clause */
/* Legacy 8259 PICs: moved off the exception vectors and masked for good. */
#include <asm/apic.h>
#include <asm/io.h>

#define PIC1_CMD  0x20
#define PIC1_DATA 0x21
#define PIC2_CMD  0xa0
#define PIC2_DATA 0xa1
#define ICW1_INIT 0x11 /* edge, cascade, ICW4 follows */
#define ICW4_8086 0x01

/* The BIOS leaves the master at vectors 8-15, on top of #DF..#PF. Even
 * masked, a PIC can raise a spurious IRQ7/15, so remap before masking. */
void pic_disable(void)
{
    outb(ICW1_INIT, PIC1_CMD);
    io_delay();
    outb(ICW1_INIT, PIC2_CMD);
    io_delay();
    outb(0x20, PIC1_DATA); /* ICW2: vectors 0x20-0x27 */
    io_delay();
    outb(0x28, PIC2_DATA); /* ICW2: vectors 0x28-0x2f */
    io_delay();
    outb(0x04, PIC1_DATA); /* ICW3: slave on IRQ2 */
    io_delay();
    outb(0x02, PIC2_DATA); /* ICW3: slave identity 2 */
    io_delay();
    outb(ICW4_8086, PIC1_DATA);
    io_delay();
    outb(ICW4_8086, PIC2_DATA);
    io_delay();
    outb(0xff, PIC1_DATA);
    outb(0xff, PIC2_DATA);
}
