/* SPDX-License-Identifier: BSD-2-Clause */
/* Reading little-endian fields at any alignment from firmware and boot
 * loader blocks (x86 is little-endian; memcpy keeps UBSan and the compiler
 * honest about alignment). */
#ifndef BASALT_UNALIGNED_H
#define BASALT_UNALIGNED_H

#include <basalt/types.h>
#include <basalt/lib.h>

static inline uint16_t get_le16(const uint8_t *p)
{
    uint16_t v;
    memcpy(&v, p, sizeof(v));
    return v;
}

static inline uint32_t get_le32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, sizeof(v));
    return v;
}

static inline uint64_t get_le64(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, sizeof(v));
    return v;
}

#endif
