/* SPDX-License-Identifier: BSD-2-Clause */
/* Private to the PV ELF loader: bounded little-endian reads, messages. */
#ifndef LIBXC_ELF_PRIV_H
#define LIBXC_ELF_PRIV_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <dom0/libxc.h>

/* x86 is little-endian; memcpy keeps unaligned reads defined. */
static inline uint16_t elf_rd16(const uint8_t *p)
{
    uint16_t v;
    memcpy(&v, p, 2);
    return v;
}

static inline uint32_t elf_rd32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

static inline uint64_t elf_rd64(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

/* [off, off + len) inside size bytes, without wrapping. */
static inline bool elf_inside(uint64_t size, uint64_t off, uint64_t len)
{
    return off <= size && len <= size - off;
}

/* Write a reason into err (if any) and return rc. */
static inline int elf_fail(int rc, char *err, size_t errlen, const char *fmt,
                           ...) __attribute__((format(printf, 4, 5)));
static inline int elf_fail(int rc, char *err, size_t errlen, const char *fmt,
                           ...)
{
    va_list ap;

    if (err && errlen) {
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return rc;
}

#endif
