/* SPDX-License-Identifier: BSD-2-Clause */
/* PV test kernel: the initrd module (the second module2) placed right
 * after the kernel image, named by start_info's mod_start (a virtual
 * address) and mod_len, byte for byte. */
#include "hypercall.h"
#include "test.h"

#define INITRD_LEN   123457UL /* tests/guests/guests.mk GUEST_INITRD */
#define INITRD_MAGIC "BASALT-INITRD-01"

static unsigned long initrd_bad_bytes(const unsigned char *p, unsigned long n)
{
    unsigned long bad = 0;
    for (unsigned long i = 16; i < n; i++)
        bad += p[i] != (unsigned char)((i * 7 + 3) & 0xff);
    return bad;
}

int guest_main(struct start_info *si)
{
    const unsigned char *p = (const unsigned char *)si->mod_start;
    unsigned long kend = ((unsigned long)_image_end + 4095) & ~4095UL;
    CHECK_EQ("mod_len", si->mod_len, INITRD_LEN);
    CHECK_EQ("mod_start right after the kernel", si->mod_start, kend);
    CHECK_EQ("no SIF_MOD_START_PFN", si->flags & SIF_MOD_START_PFN, 0);
    if (si->mod_len != INITRD_LEN || !si->mod_start)
        return test_summary();
    CHECK("magic", memcmp(p, INITRD_MAGIC, 16) == 0);
    CHECK_EQ("every byte", initrd_bad_bytes(p, INITRD_LEN), 0);
    CHECK("mfn_list after the initrd",
          si->mfn_list >= si->mod_start + ((INITRD_LEN + 4095) & ~4095UL));
    return test_summary();
}
