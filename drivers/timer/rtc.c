/* SPDX-License-Identifier: BSD-2-Clause */
/* CMOS real-time clock: read the wall-clock time once at boot. */
#include <basalt/errno.h>
#include <basalt/lib.h>
#include <basalt/time.h>
#include <asm/io.h>
#include <asm/processor.h>

#define CMOS_INDEX    0x70
#define CMOS_DATA     0x71
#define RTC_SEC       0x00
#define RTC_MIN       0x02
#define RTC_HOUR      0x04
#define RTC_DAY       0x07
#define RTC_MON       0x08
#define RTC_YEAR      0x09
#define RTC_STATUS_A  0x0a
#define RTC_STATUS_B  0x0b
#define RTC_CENTURY   0x32
#define RTC_UIP       0x80
#define RTC_UIP_POLLS 10000 /* x 10 us: an update takes under 2 ms */
#define RTC_TRIES     5

/* Bit 7 of the index is NMI-disable on many chipsets: keep it clear. */
static uint8_t cmos_read(uint8_t reg)
{
    outb(reg, CMOS_INDEX);
    return inb(CMOS_DATA);
}

/* Wait for the end of an update cycle; false when it never ends (no RTC
 * reads as all-ones). */
static bool rtc_wait_update(void)
{
    for (unsigned int i = 0; i < RTC_UIP_POLLS; i++) {
        if (!(cmos_read(RTC_STATUS_A) & RTC_UIP))
            return true;
        udelay(10);
    }
    return false;
}

static void rtc_read_raw(struct rtc_raw *r)
{
    r->sec = cmos_read(RTC_SEC);
    r->min = cmos_read(RTC_MIN);
    r->hour = cmos_read(RTC_HOUR);
    r->day = cmos_read(RTC_DAY);
    r->mon = cmos_read(RTC_MON);
    r->year = cmos_read(RTC_YEAR);
    r->century = cmos_read(RTC_CENTURY);
    r->status_b = cmos_read(RTC_STATUS_B);
}

/* Two equal reads, each after an update cycle, cannot straddle a seconds
 * rollover. */
static int rtc_read_stable(struct rtc_raw *a)
{
    struct rtc_raw b;

    for (int i = 0; i < RTC_TRIES; i++) {
        if (!rtc_wait_update())
            return -EIO;
        rtc_read_raw(a);
        if (!rtc_wait_update())
            return -EIO;
        rtc_read_raw(&b);
        if (!memcmp(a, &b, sizeof(b)))
            return 0;
    }
    return -EIO;
}

int rtc_read(struct rtc_time *t)
{
    struct rtc_raw raw;
    uint64_t flags = local_irq_save(); /* index/data is a port pair */
    int rc = rtc_read_stable(&raw);

    local_irq_restore(flags);
    return rc ? rc : rtc_decode(&raw, t);
}
