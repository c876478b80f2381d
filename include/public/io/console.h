/* SPDX-License-Identifier: BSD-2-Clause */
/* The PV console ring page (Xen's io/console.h layout), written for
 * Basalt: one page shared by a guest and its console backend. */
#ifndef BASALT_PUBLIC_IO_CONSOLE_H
#define BASALT_PUBLIC_IO_CONSOLE_H

#ifndef __ASSEMBLY__
#include <stdint.h>

#include "../abi_check.h"

/*
 * Free-running indices; the slot is idx masked by the ring size (a power
 * of two). in[] carries backend-to-guest bytes, out[] guest-to-backend.
 * Each side only writes its own producer or consumer index.
 */
typedef uint32_t XENCONS_RING_IDX;

#define MASK_XENCONS_IDX(idx, ring) ((idx) & (sizeof(ring) - 1))

struct xencons_interface {
    char in[1024];
    char out[2048];
    XENCONS_RING_IDX in_cons, in_prod;
    XENCONS_RING_IDX out_cons, out_prod;
};

XEN_ABI_SIZE(struct xencons_interface, 3088);
XEN_ABI_OFFSET(struct xencons_interface, out, 1024);
XEN_ABI_OFFSET(struct xencons_interface, in_cons, 3072);
XEN_ABI_OFFSET(struct xencons_interface, out_cons, 3080);
XEN_ABI_OFFSET(struct xencons_interface, out_prod, 3084);

#endif /* !__ASSEMBLY__ */

#endif
