/* SPDX-License-Identifier: BSD-2-Clause */
/* HPET: only the free-running main counter, as a calibration reference. */
#include <basalt/errno.h>
#include <basalt/lib.h>
#include <basalt/time.h>
#include <asm/io.h>

#define HPET_GCAP_ID       0x000 /* period (fs) in bits 63:32 */
#define HPET_GEN_CONF      0x010
#define HPET_COUNTER       0x0f0
#define HPET_CAP_REV_MASK  0xff
#define HPET_CAP_COUNT_64  (1U << 13)
#define HPET_CONF_ENABLE   (1U << 0)
#define HPET_CONF_LEGACY   (1U << 1)
#define HPET_MAX_PERIOD_FS 100000000U /* 100 ns, the spec's limit */
#define HPET_REGS_SIZE     0x400

static volatile uint8_t *hpet_regs;
static uint64_t hpet_period;
static bool hpet_counter64;

int hpet_init(uint64_t phys)
{
    uint64_t off = phys & 0xfff;
    uint8_t *page;
    uint32_t cap, period, conf;

    if (!phys)
        return -ENODEV;
    page = ioremap(phys - off, ALIGN_UP(off + HPET_REGS_SIZE, 4096));
    hpet_regs = page + off;
    cap = mmio_read32(hpet_regs + HPET_GCAP_ID);
    period = mmio_read32(hpet_regs + HPET_GCAP_ID + 4);
    /* All-ones (nothing there) fails the period check too. */
    if (!(cap & HPET_CAP_REV_MASK) || !period || period > HPET_MAX_PERIOD_FS) {
        printk("warning: HPET at %#llx: bad capabilities %#x, period %u fs\n",
               (unsigned long long)phys, cap, period);
        hpet_regs = NULL;
        return -ENODEV;
    }
    hpet_period = period;
    hpet_counter64 = cap & HPET_CAP_COUNT_64;
    /* Main counter on; legacy replacement off so the PIT and RTC keep
     * their own interrupt lines. */
    conf = mmio_read32(hpet_regs + HPET_GEN_CONF);
    conf = (conf & ~HPET_CONF_LEGACY) | HPET_CONF_ENABLE;
    mmio_write32(hpet_regs + HPET_GEN_CONF, conf);
    return 0;
}

/* A 32-bit counter reads as 0..2^32-1 and wraps; callers handle it. */
uint64_t hpet_read_counter(void)
{
    if (!hpet_regs)
        return 0;
    if (hpet_counter64)
        return mmio_read64(hpet_regs + HPET_COUNTER);
    return mmio_read32(hpet_regs + HPET_COUNTER);
}

uint64_t hpet_period_fs(void)
{
    return hpet_period;
}
