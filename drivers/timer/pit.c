/* SPDX-License-Identifier: BSD-2-Clause */
/* 8254 PIT channel 2 as a one-shot stopwatch for calibrating the TSC. */
#include <basalt/time.h>
#include <asm/io.h>
#include <asm/msr.h>

#define PIT_HZ         1193182ULL
#define PIT_CH2        0x42
#define PIT_MODE       0x43
#define PIT_CH2_MODE0  0xb0 /* channel 2, lo/hi byte, mode 0, binary */
#define PORT_B         0x61
#define PORT_B_GATE2   0x01
#define PORT_B_SPEAKER 0x02
#define PORT_B_OUT2    0x20
#define PIT_MAX_MS     50
/* Give up after this many TSC ticks per requested ms: no TSC runs at
 * 50 GHz, so a live PIT always finishes first. */
#define PIT_TSC_LIMIT 50000000ULL
/* Fewer polls than this over >= 1 ms means port 0x61 is not a PIT. */
#define PIT_MIN_POLLS 16

uint64_t pit_calibrate_tsc(unsigned int ms)
{
    uint64_t count, t0, t1, limit;
    unsigned long polls = 0;

    ms = ms < 1 ? 1 : ms > PIT_MAX_MS ? PIT_MAX_MS : ms;
    count = PIT_HZ * ms / 1000; /* <= 59659: fits 16 bits */
    limit = PIT_TSC_LIMIT * ms;
    /* Gate on, speaker off: channel 2 counts silently. */
    outb((inb(PORT_B) & ~PORT_B_SPEAKER) | PORT_B_GATE2, PORT_B);
    outb(PIT_CH2_MODE0, PIT_MODE); /* OUT goes low */
    outb(count & 0xff, PIT_CH2);
    outb(count >> 8, PIT_CH2); /* counting starts here */
    t0 = rdtsc();
    while (!(inb(PORT_B) & PORT_B_OUT2)) {
        if (rdtsc() - t0 > limit)
            return 0;
        polls++;
    }
    t1 = rdtsc();
    if (polls < PIT_MIN_POLLS)
        return 0;
    /* The count is not a whole number of ms: scale to exactly 'ms'. */
    return (t1 - t0) * (PIT_HZ * ms) / (count * 1000);
}
