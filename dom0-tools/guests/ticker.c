/* SPDX-License-Identifier: BSD-2-Clause */
/* Sample guest "ticker": prints the wall-clock time every second. */
#include "guest.h"

/*
 * Tick N is due N - 1 seconds after the start. Deadlines are absolute, so
 * the ticks do not drift however long a print takes; after a late wakeup
 * (the domain was paused) the ticks it missed are skipped, not burst out.
 */
int sample_main(const struct start_info *si)
{
    uint64_t start = time_now();

    (void)si;
    for (unsigned long tick = 1;; tick++) {
        uint64_t wall = time_wall() / NSEC_PER_SEC;
        uint64_t elapsed;

        printf("tick %lu: %02lu:%02lu:%02lu\n", tick,
               (unsigned long)(wall / 3600 % 24),
               (unsigned long)(wall / 60 % 60), (unsigned long)(wall % 60));
        elapsed = (time_now() - start) / NSEC_PER_SEC;
        if (elapsed > tick)
            tick = elapsed;
        time_sleep_until(start + tick * NSEC_PER_SEC);
    }
}
