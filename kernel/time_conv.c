/* SPDX-License-Identifier: BSD-2-Clause */
/* Pure time arithmetic: fixed-point rate scales, RTC decoding, civil date
 * to Unix seconds. No hardware access, so host unit tests compile it. */
#include <basalt/time.h>
#include <basalt/errno.h>

int time_scale_init(struct time_scale *s, uint64_t num, uint64_t den)
{
    s->mul = 0;
    /* num << 32 must fit in 64 bits: no 128-bit division in the image. */
    if (!den || num >= (1ULL << 32))
        return -EINVAL;
    s->mul = ((num << 32) + den / 2) / den;
    return 0;
}

/* One BCD byte to binary, or -1 when a nibble is not a decimal digit. */
static int rtc_bcd(uint8_t v)
{
    if ((v & 0x0f) > 9 || (v >> 4) > 9)
        return -1;
    return (v >> 4) * 10 + (v & 0x0f);
}

static int rtc_field(uint8_t v, bool binary)
{
    return binary ? v : rtc_bcd(v);
}

static bool rtc_leap(unsigned int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static unsigned int rtc_month_days(unsigned int y, unsigned int m)
{
    static const uint8_t days[12] = {31, 28, 31, 30, 31, 30,
                                     31, 31, 30, 31, 30, 31};

    return days[m - 1] + (m == 2 && rtc_leap(y));
}

/* Hours: in 12-hour mode bit 7 is PM and 12 AM is midnight. */
static int rtc_hour(uint8_t v, bool binary, bool h24)
{
    int h;

    if (h24)
        return rtc_field(v, binary);
    h = rtc_field((uint8_t)(v & 0x7f), binary);
    if (h < 1 || h > 12)
        return -1;
    return h % 12 + ((v & 0x80) ? 12 : 0);
}

int rtc_decode(const struct rtc_raw *r, struct rtc_time *t)
{
    bool bin = r->status_b & 0x04, h24 = r->status_b & 0x02;
    int sec = rtc_field(r->sec, bin), min = rtc_field(r->min, bin);
    int hour = rtc_hour(r->hour, bin, h24), day = rtc_field(r->day, bin);
    int mon = rtc_field(r->mon, bin), yy = rtc_field(r->year, bin);
    int cent = rtc_field(r->century, bin);

    if (sec < 0 || sec > 59 || min < 0 || min > 59 || hour < 0 || hour > 23 ||
        mon < 1 || mon > 12 || yy < 0 || yy > 99)
        return -EINVAL;
    /* Register 0x32 is the usual century byte but not guaranteed to be
     * one (the FADT names it); anything odd means "assume 20xx". */
    if (cent < 19 || cent > 29)
        cent = 20;
    t->year = (unsigned int)(cent * 100 + yy);
    if (t->year < 1970 || day < 1 ||
        (unsigned int)day > rtc_month_days(t->year, (unsigned int)mon))
        return -EINVAL;
    t->mon = (unsigned int)mon;
    t->day = (unsigned int)day;
    t->hour = (unsigned int)hour;
    t->min = (unsigned int)min;
    t->sec = (unsigned int)sec;
    return 0;
}

/* Howard Hinnant's days_from_civil: the year is shifted to start in March
 * so the leap day is last, then split into 400-year eras. Dates before
 * the epoch give 0. */
uint64_t rtc_to_unix(const struct rtc_time *t)
{
    int64_t m = t->mon, y = (int64_t)t->year - (m <= 2);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + t->day - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    int64_t days = era * 146097 + doe - 719468;
    int64_t secs =
        days * 86400 + (int64_t)t->hour * 3600 + (int64_t)t->min * 60 + t->sec;

    return secs < 0 ? 0 : (uint64_t)secs;
}
