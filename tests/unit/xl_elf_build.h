/* SPDX-License-Identifier: BSD-2-Clause */
/* Hand-built Xen PV kernel images for the dom0 ELF loader's tests. */
#ifndef XL_ELF_BUILD_H
#define XL_ELF_BUILD_H

#include <stdint.h>
#include <string.h>

#define XB_MAX      0x4000
#define XB_PHDR_OFF 0x40
#define XB_DATA_OFF 0x200
#define XB_VB       0xffffffff80000000ULL

struct xb_elf {
    uint8_t b[XB_MAX];
    size_t size;
    unsigned int phnum, shnum;
    uint8_t sh[8][64];
    char shstr[128];
    size_t shstr_len;
};

struct xb_notes {
    uint8_t b[2048];
    size_t len;
};

static inline void xb_put(uint8_t *p, uint64_t v, size_t n)
{
    memcpy(p, &v, n);
}

static inline void xb_init(struct xb_elf *e, uint64_t entry)
{
    memset(e, 0, sizeof(*e));
    memcpy(e->b, "\177ELF\2\1\1", 7);
    xb_put(e->b + 16, 2, 2);  /* ET_EXEC */
    xb_put(e->b + 18, 62, 2); /* EM_X86_64 */
    xb_put(e->b + 20, 1, 4);
    xb_put(e->b + 24, entry, 8);
    xb_put(e->b + 32, XB_PHDR_OFF, 8);
    xb_put(e->b + 52, 64, 2);
    xb_put(e->b + 54, 56, 2);
    xb_put(e->b + 58, 64, 2);
    e->size = XB_DATA_OFF;
    e->shstr_len = 1;
}

static inline size_t xb_data(struct xb_elf *e, const void *p, size_t n)
{
    size_t off = (e->size + 15) & ~(size_t)15;
    memcpy(e->b + off, p, n);
    e->size = off + n;
    return off;
}

static inline uint8_t *xb_phdr(struct xb_elf *e, uint32_t type, uint64_t off,
                               uint64_t paddr, uint64_t filesz, uint64_t memsz)
{
    uint8_t *p = e->b + XB_PHDR_OFF + 56 * e->phnum++;
    xb_put(p, type, 4);
    xb_put(p + 4, 7, 4); /* RWX */
    xb_put(p + 8, off, 8);
    xb_put(p + 16, paddr, 8);
    xb_put(p + 24, paddr, 8);
    xb_put(p + 32, filesz, 8);
    xb_put(p + 40, memsz, 8);
    xb_put(e->b + 56, e->phnum, 2);
    return p;
}

static inline void xb_section(struct xb_elf *e, const char *name, uint32_t type,
                              uint64_t off, uint64_t size)
{
    uint8_t *s = e->sh[++e->shnum];
    xb_put(s, e->shstr_len, 4);
    strcpy(e->shstr + e->shstr_len, name);
    e->shstr_len += strlen(name) + 1;
    xb_put(s + 4, type, 4);
    xb_put(s + 24, off, 8);
    xb_put(s + 32, size, 8);
}

/* Append .shstrtab and the section table (if any sections). */
static inline void xb_finish(struct xb_elf *e)
{
    size_t off;
    if (!e->shnum)
        return;
    xb_section(e, ".shstrtab", 3, 0, 0);
    off = xb_data(e, e->shstr, e->shstr_len);
    xb_put(e->sh[e->shnum] + 24, off, 8);
    xb_put(e->sh[e->shnum] + 32, e->shstr_len, 8);
    off = xb_data(e, e->sh, 64 * (e->shnum + 1));
    xb_put(e->b + 40, off, 8);
    xb_put(e->b + 60, e->shnum + 1, 2);
    xb_put(e->b + 62, e->shnum, 2);
}

static inline void xb_note(struct xb_notes *n, uint32_t type, const void *desc,
                           uint32_t len)
{
    uint8_t *p = n->b + n->len;
    xb_put(p, 4, 4);
    xb_put(p + 4, len, 4);
    xb_put(p + 8, type, 4);
    memcpy(p + 12, "Xen", 4);
    memcpy(p + 16, desc, len);
    n->len += 16 + ((len + 3) & ~3u);
}

static inline void xb_nstr(struct xb_notes *n, uint32_t type, const char *s)
{
    xb_note(n, type, s, (uint32_t)strlen(s) + 1);
}

static inline void xb_n64(struct xb_notes *n, uint32_t type, uint64_t v)
{
    xb_note(n, type, &v, 8);
}

static inline void xb_n32(struct xb_notes *n, uint32_t type, uint32_t v)
{
    xb_note(n, type, &v, 4);
}

/* A Linux-style kernel: VIRT_BASE XB_VB, loaded at paddr 16 MiB, one
 * 0x1800-byte segment of pattern growing to 0x5000 in memory. */
static inline void xb_linux(struct xb_elf *e, struct xb_notes *n)
{
    uint8_t pat[0x1800];
    for (size_t i = 0; i < sizeof(pat); i++)
        pat[i] = (uint8_t)(i * 7 + 1);
    memset(n, 0, sizeof(*n));
    xb_nstr(n, 6, "linux");
    xb_nstr(n, 5, "xen-3.0");
    xb_n64(n, 3, XB_VB);
    xb_n64(n, 4, 0);
    xb_n64(n, 1, XB_VB + 0x1000040);
    xb_n64(n, 2, XB_VB + 0x1001000);
    xb_nstr(n, 10, "!writable_page_tables|pae_pgdir_above_4gb|nosuch");
    xb_init(e, XB_VB + 0x1000040);
    xb_phdr(e, 1, xb_data(e, pat, sizeof(pat)), 0x1000000, sizeof(pat), 0x5000);
    xb_phdr(e, 4, xb_data(e, n->b, n->len), 0, n->len, n->len);
}

/* A Mini-OS-style kernel linked at virtual 0 with 4-byte notes. */
static inline void xb_minios(struct xb_elf *e, struct xb_notes *n)
{
    static const uint8_t code[0x2100] = {0x90};
    memset(n, 0, sizeof(*n));
    xb_nstr(n, 8, "generic");
    xb_nstr(n, 6, "Mini-OS");
    xb_nstr(n, 5, "xen-3.0");
    xb_n32(n, 3, 0);
    xb_n32(n, 4, 0);
    xb_n32(n, 1, 0);
    xb_n32(n, 2, 0x1000);
    xb_init(e, 0);
    xb_phdr(e, 1, xb_data(e, code, sizeof(code)), 0, sizeof(code), 0x8000);
    xb_phdr(e, 4, xb_data(e, n->b, n->len), 0, n->len, n->len);
}

#endif
