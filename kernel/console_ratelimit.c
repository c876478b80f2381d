/* SPDX-License-Identifier: BSD-2-Clause */
/* The token bucket that limits how fast a domU may write to the console. */
#include <basalt/lib.h>
#include <basalt/console.h>
#include <basalt/time.h>

/* Token bucket: how many of 'want' bytes may go out at 'now'; the rest
 * are dropped (and counted by the caller). */
size_t console_ratelimit(uint64_t *tokens, s_time_t *stamp, s_time_t now,
                         size_t want)
{
    if (now - *stamp >= NSEC_PER_SEC || now < *stamp) {
        *tokens = CONSOLE_BURST; /* a second or more: a full bucket */
        *stamp = now;
    } else {
        uint64_t add = (uint64_t)(now - *stamp) * CONSOLE_RATE / NSEC_PER_SEC;
        if (add) {
            *tokens = MIN(*tokens + add, (uint64_t)CONSOLE_BURST);
            *stamp = now;
        }
    }
    size_t n = MIN((uint64_t)want, *tokens);
    *tokens -= n;
    return n;
}
