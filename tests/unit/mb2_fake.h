/* SPDX-License-Identifier: BSD-2-Clause */
/* Multiboot2 information-block builders shared by the test_mb2*.c binaries:
 * tags are appended to one static buffer, then mb2_parse() reads it. */
#ifndef UNIT_MB2_FAKE_H
#define UNIT_MB2_FAKE_H

#include "harness.h"
#include "memmap_check.h"
#include <basalt/bootinfo.h>

/* A multiboot2 block under construction. */
struct mb2_buf {
    _Alignas(8) uint8_t b[16384];
    size_t len; /* bytes written */
    size_t tag; /* offset of the open tag */
};

static struct mb2_buf mb;
static struct boot_info bi;

static inline void put32(uint32_t v)
{
    memcpy(mb.b + mb.len, &v, 4);
    mb.len += 4;
}

static inline void put64(uint64_t v)
{
    memcpy(mb.b + mb.len, &v, 8);
    mb.len += 8;
}

static inline void put_bytes(const void *p, size_t n)
{
    memcpy(mb.b + mb.len, p, n);
    mb.len += n;
}

static inline void mb_begin(void)
{
    memset(&mb, 0, sizeof(mb));
    mb.len = 8;
}

static inline void tag_begin(uint32_t type)
{
    mb.tag = mb.len;
    put32(type);
    put32(0);
}

/* Close the open tag: write its size and pad to 8 bytes. */
static inline void tag_end(void)
{
    uint32_t size = (uint32_t)(mb.len - mb.tag);

    memcpy(mb.b + mb.tag + 4, &size, 4);
    mb.len = (mb.len + 7) & ~(size_t)7;
}

static inline void tag_str(uint32_t type, const char *s)
{
    tag_begin(type);
    put_bytes(s, strlen(s) + 1);
    tag_end();
}

/* Add the end tag and the total size; returns the block size. */
static inline size_t mb_finish(void)
{
    uint32_t total;

    tag_begin(0);
    tag_end();
    total = (uint32_t)mb.len;
    memcpy(mb.b, &total, 4);
    return mb.len;
}

static inline int parse(void)
{
    size_t n = mb_finish();

    return mb2_parse(mb.b, n, &bi);
}

static inline void add_module(uint32_t start, uint32_t end, const char *s)
{
    tag_begin(3);
    put32(start);
    put32(end);
    put_bytes(s, strlen(s) + 1);
    tag_end();
}

static inline void mmap_begin(uint32_t entry_size)
{
    tag_begin(6);
    put32(entry_size);
    put32(0);
}

static inline void mmap_entry(uint64_t base, uint64_t len, uint32_t type)
{
    put64(base);
    put64(len);
    put32(type);
    put32(0);
}

static inline void efi_desc(uint32_t type, uint64_t pa, uint64_t pages)
{
    put32(type);
    put32(0);
    put64(pa);
    put64(0xdead0000); /* VirtualStart: must be ignored */
    put64(pages);
    put64(0xf); /* Attribute */
}

static inline unsigned int count(const char *needle)
{
    unsigned int n = 0;

    for (const char *p = unit_log; (p = strstr(p, needle)); p++)
        n++;
    return n;
}

#endif
