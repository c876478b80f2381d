/* SPDX-License-Identifier: BSD-2-Clause */
/* The TSC as the system clock: calibration against the HPET or PIT,
 * NOW(), TSC <-> ns conversion, busy-wait delays, wall clock at boot. */
#include <basalt/acpi.h>
#include <basalt/lib.h>
#include <basalt/spinlock.h>
#include <basalt/time.h>
#include <asm/io.h>
#include <asm/msr.h>

#define CALIBRATE_MS 10
#define FS_PER_NS    1000000ULL
#define FS_PER_MS    1000000000000ULL
/* Bound for the HPET loop, as for the PIT: no TSC is faster than this. */
#define TSC_MAX_PER_MS  50000000ULL
#define EARLY_DELAYS_US 4 /* io_delay()s per us before calibration */

uint64_t tsc_khz;
uint64_t boot_tsc;
uint64_t boot_wallclock;
static struct time_scale tsc_to_ns_scale, ns_to_tsc_scale;

s_time_t NOW(void)
{
    uint64_t d = rdtsc() - boot_tsc;

    /* A CPU whose TSC is a little behind the BSP's must not see time
     * wrap to 584 years. */
    if (unlikely((int64_t)d < 0))
        d = 0;
    return time_scale_apply(&tsc_to_ns_scale, d);
}

s_time_t tsc_to_ns(uint64_t tsc)
{
    return time_scale_apply(&tsc_to_ns_scale, tsc);
}

uint64_t ns_to_tsc(s_time_t ns)
{
    return time_scale_apply(&ns_to_tsc_scale, ns);
}

void udelay(uint64_t us)
{
    uint64_t start, ticks;

    if (!tsc_khz) {
        /* Uncalibrated: an io_delay() is about 1 us on real hardware and
         * less under emulation, so err on the long side. */
        for (uint64_t i = 0; i < us * EARLY_DELAYS_US; i++)
            io_delay();
        return;
    }
    start = rdtsc();
    ticks = ns_to_tsc(MICROSECS(us));
    while (rdtsc() - start < ticks)
        cpu_relax();
}

void mdelay(uint64_t ms)
{
    udelay(ms * 1000);
}

/* HPET ticks between two reads; a 32-bit counter may wrap once. */
static uint64_t hpet_delta(uint64_t from, uint64_t to)
{
    return to >= from ? to - from : to + (1ULL << 32) - from;
}

/* TSC kHz over ~10 ms of HPET counter, or 0 if the counter is stuck. */
static uint64_t time_calibrate_hpet(void)
{
    uint64_t period = hpet_period_fs();
    uint64_t want = CALIBRATE_MS * FS_PER_MS / period;
    uint64_t h0 = hpet_read_counter(), t0 = rdtsc(), h, t, ns;

    do {
        h = hpet_read_counter();
        t = rdtsc();
        if (t - t0 > TSC_MAX_PER_MS * CALIBRATE_MS)
            return 0;
    } while (hpet_delta(h0, h) < want);
    ns = hpet_delta(h0, h) * period / FS_PER_NS;
    return (t - t0) * 1000000 / ns;
}

/* Median of three PIT runs: one disturbed run (SMI, host preemption)
 * in either direction does not move the result. */
static uint64_t time_calibrate_pit(void)
{
    uint64_t a = pit_calibrate_tsc(CALIBRATE_MS);
    uint64_t b = pit_calibrate_tsc(CALIBRATE_MS);
    uint64_t c = pit_calibrate_tsc(CALIBRATE_MS);
    uint64_t mid = MAX(MIN(a, b), MIN(MAX(a, b), c));

    return mid / CALIBRATE_MS;
}

static void time_read_wallclock(void)
{
    struct rtc_time tm;
    int rc = rtc_read(&tm);

    if (rc) {
        printk("Wallclock: RTC unreadable (%d), using the epoch\n", rc);
        return;
    }
    boot_wallclock = rtc_to_unix(&tm);
    printk("Wallclock: %04u-%02u-%02u %02u:%02u:%02u UTC\n", tm.year, tm.mon,
           tm.day, tm.hour, tm.min, tm.sec);
}

void time_init(void)
{
    const char *src = "HPET";
    uint64_t khz = 0;

    if (acpi_info.hpet_addr && !hpet_init(acpi_info.hpet_addr))
        khz = time_calibrate_hpet();
    if (!khz) {
        src = "PIT";
        khz = time_calibrate_pit();
    }
    if (!khz || time_scale_init(&tsc_to_ns_scale, 1000000, khz) ||
        time_scale_init(&ns_to_tsc_scale, khz, 1000000))
        panic("TSC: cannot calibrate (%llu kHz against the %s)",
              (unsigned long long)khz, src);
    tsc_khz = khz;
    boot_tsc = rdtsc();
    printk("TSC: %llu.%03llu MHz (calibrated against %s)\n",
           (unsigned long long)(khz / 1000), (unsigned long long)(khz % 1000),
           src);
    time_read_wallclock();
}
