/* SPDX-License-Identifier: BSD-2-Clause */
/* What ping and pong agree on: the rendezvous in pong's xenstore home. */
#ifndef SAMPLE_PINGPONG_H
#define SAMPLE_PINGPONG_H

#include "guest.h"

/*
 * pong owns /local/domain/<pong>/data/pingpong (value: the pair name) and
 * opens it to everybody ("b<pong>"). ping finds it, allocates an unbound
 * port for pong and writes /local/domain/<pong>/data/pingpong/<ping> =
 * "<port>"; pong's watch sees it, binds, and sends one "ready" event.
 * After the last round ping writes "done" there. See README.md.
 */
#define PP_DIR          "data/pingpong"
#define PP_DEFAULT_PAIR "pingpong"
#define PP_DONE         "done"
#define PP_ROUNDS       1000

/* cmdline "pair=NAME" lets several pairs run side by side. */
static inline void pp_pair(char *buf, size_t n)
{
    if (!guest_cmdline("pair", buf, n) || !buf[0])
        strlcpy(buf, PP_DEFAULT_PAIR, n);
}

#endif
