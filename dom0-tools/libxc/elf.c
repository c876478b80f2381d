/* SPDX-License-Identifier: BSD-2-Clause */
/* The PV kernel image: ELF64 header and program headers checked against
 * the image's size, Xen notes found, the virtual layout computed, and the
 * loadable segments copied out through a callback. */
#include "elf_priv.h"

#define EHDR_SIZE  64
#define PHDR_SIZE  56
#define SHDR_SIZE  64
#define EM_X86_64  62
#define ET_EXEC    2
#define PT_LOAD    1
#define PT_NOTE    4
#define SHT_NOTE   7
#define SHT_NOBITS 8
#define PF_RWX     7
#define PN_XNUM    0xffff

/* The checked outline of an image; shnum 0 when sections are unusable. */
struct elf_img {
    const uint8_t *p;
    uint64_t size, entry, phoff, shoff;
    unsigned int phnum, shnum, shstrndx;
};

struct elf_phdr {
    uint32_t type, flags;
    uint64_t offset, paddr, filesz, memsz;
};

/* Section headers are optional: a bogus table is ignored, as by libelf. */
static void elf_sections(struct elf_img *im)
{
    const uint8_t *e = im->p;
    uint64_t shnum = elf_rd16(e + 60);

    im->shoff = elf_rd64(e + 40);
    im->shstrndx = elf_rd16(e + 62);
    im->shnum = 0;
    if (shnum && elf_rd16(e + 58) == SHDR_SIZE &&
        elf_inside(im->size, im->shoff, shnum * SHDR_SIZE))
        im->shnum = (unsigned int)shnum;
}

static int elf_header(struct elf_img *im, const void *image, size_t size,
                      char *err, size_t errlen)
{
    const uint8_t *e = image;

    if (!image || size < EHDR_SIZE)
        return elf_fail(-XC_ENOEXEC, err, errlen,
                        "image of %zu bytes is too small for an ELF64 header",
                        size);
    if (memcmp(e, "\177ELF", 4))
        return elf_fail(-XC_ENOEXEC, err, errlen, "not an ELF image");
    if (e[4] != 2 || e[5] != 1 || e[6] != 1)
        return elf_fail(-XC_ENOEXEC, err, errlen,
                        "not a little-endian ELF64 version 1 image (class "
                        "%u, data %u, version %u)",
                        e[4], e[5], e[6]);
    if (elf_rd16(e + 18) != EM_X86_64 || elf_rd16(e + 16) != ET_EXEC)
        return elf_fail(-XC_ENOEXEC, err, errlen,
                        "not an x86_64 executable (machine %u, type %u)",
                        elf_rd16(e + 18), elf_rd16(e + 16));
    *im = (struct elf_img){.p = e,
                           .size = size,
                           .entry = elf_rd64(e + 24),
                           .phoff = elf_rd64(e + 32),
                           .phnum = elf_rd16(e + 56)};
    if (elf_rd16(e + 54) != PHDR_SIZE || !im->phnum || im->phnum == PN_XNUM)
        return elf_fail(-XC_ENOEXEC, err, errlen,
                        "bad program header table (entry size %u, count %u)",
                        elf_rd16(e + 54), im->phnum);
    if (!elf_inside(size, im->phoff, (uint64_t)im->phnum * PHDR_SIZE))
        return elf_fail(-XC_ENOEXEC, err, errlen,
                        "program headers at %#llx run past the end of the "
                        "%zu-byte image",
                        (unsigned long long)im->phoff, size);
    elf_sections(im);
    return 0;
}

static void elf_phdr(const struct elf_img *im, unsigned int i,
                     struct elf_phdr *ph)
{
    const uint8_t *p = im->p + im->phoff + (uint64_t)i * PHDR_SIZE;

    ph->type = elf_rd32(p);
    ph->flags = elf_rd32(p + 4);
    ph->offset = elf_rd64(p + 8);
    ph->paddr = elf_rd64(p + 24);
    ph->filesz = elf_rd64(p + 32);
    ph->memsz = elf_rd64(p + 40);
}

/* libelf loads PT_LOAD segments with at least one of R, W, X. */
static bool elf_loadable(const struct elf_phdr *ph)
{
    return ph->type == PT_LOAD && (ph->flags & PF_RWX);
}

static int elf_check_phdr(const struct elf_img *im, unsigned int i,
                          const struct elf_phdr *ph, char *err, size_t errlen)
{
    if (ph->type != PT_LOAD && ph->type != PT_NOTE)
        return 0;
    if (!elf_inside(im->size, ph->offset, ph->filesz))
        return elf_fail(-XC_ENOEXEC, err, errlen,
                        "segment %u (offset %#llx, size %#llx) runs past the "
                        "end of the %llu-byte image",
                        i, (unsigned long long)ph->offset,
                        (unsigned long long)ph->filesz,
                        (unsigned long long)im->size);
    if (ph->type == PT_NOTE)
        return 0;
    if (ph->filesz > ph->memsz)
        return elf_fail(-XC_ENOEXEC, err, errlen,
                        "segment %u: file size %#llx exceeds memory size "
                        "%#llx",
                        i, (unsigned long long)ph->filesz,
                        (unsigned long long)ph->memsz);
    if (ph->memsz > UINT64_MAX - ph->paddr)
        return elf_fail(-XC_ENOEXEC, err, errlen,
                        "segment %u at %#llx wraps the address space", i,
                        (unsigned long long)ph->paddr);
    return 0;
}

static int elf_phdrs(const struct elf_img *im, struct xc_elf_info *info,
                     char *err, size_t errlen)
{
    struct elf_phdr ph;
    int rc;

    info->pstart = UINT64_MAX;
    info->pend = 0;
    for (unsigned int i = 0; i < im->phnum; i++) {
        elf_phdr(im, i, &ph);
        if ((rc = elf_check_phdr(im, i, &ph, err, errlen)))
            return rc;
        if (!elf_loadable(&ph))
            continue;
        info->nr_load++;
        if (ph.paddr < info->pstart)
            info->pstart = ph.paddr;
        if (ph.paddr + ph.memsz > info->pend)
            info->pend = ph.paddr + ph.memsz;
    }
    if (!info->nr_load)
        return elf_fail(-XC_ENOEXEC, err, errlen, "no loadable segments");
    return 0;
}

/* Section i's bytes inside the image, or NULL. */
static const uint8_t *elf_section(const struct elf_img *im, unsigned int i,
                                  uint32_t *type, uint64_t *len)
{
    const uint8_t *s;
    uint64_t off;

    if (i >= im->shnum)
        return NULL;
    s = im->p + im->shoff + (uint64_t)i * SHDR_SIZE;
    *type = elf_rd32(s + 4);
    off = elf_rd64(s + 24);
    *len = elf_rd64(s + 32);
    if (*type == SHT_NOBITS || !elf_inside(im->size, off, *len))
        return NULL;
    return im->p + off;
}

static bool elf_section_named(const struct elf_img *im, unsigned int i,
                              const char *want)
{
    uint64_t tablen, name = elf_rd32(im->p + im->shoff + i * SHDR_SIZE);
    uint32_t type;
    const uint8_t *tab = elf_section(im, im->shstrndx, &type, &tablen);
    size_t n = strlen(want) + 1;

    return tab && i && elf_inside(tablen, name, n) &&
           !memcmp(tab + name, want, n);
}

static int elf_scan(const uint8_t *p, uint64_t len, struct xc_elf_info *info,
                    int *count, char *err, size_t errlen)
{
    int rc = xc_elf_parse_notes(p, len, info, err, errlen);

    if (rc > 0)
        *count += rc;
    return rc < 0 ? rc : 0;
}

/* libelf's order: PT_NOTE segments, else SHT_NOTE sections, else the
 * __xen_guest section. Notes with p_offset 0 are skipped, as by libelf. */
static int elf_notes(const struct elf_img *im, struct xc_elf_info *info,
                     char *err, size_t errlen)
{
    struct elf_phdr ph;
    const uint8_t *s;
    uint64_t len;
    uint32_t type;
    int rc = 0, count = 0;

    for (unsigned int i = 0; i < im->phnum && !rc; i++) {
        elf_phdr(im, i, &ph);
        if (ph.type == PT_NOTE && ph.offset)
            rc = elf_scan(im->p + ph.offset, ph.filesz, info, &count, err,
                          errlen);
    }
    for (unsigned int i = 1; i < im->shnum && !count && !rc; i++) {
        s = elf_section(im, i, &type, &len);
        if (s && type == SHT_NOTE)
            rc = elf_scan(s, len, info, &count, err, errlen);
    }
    info->has_notes = count > 0;
    info->nr_notes = (unsigned int)count;
    if (rc || count)
        return rc;
    for (unsigned int i = 1; i < im->shnum; i++) {
        s = elf_section(im, i, &type, &len);
        if (s && elf_section_named(im, i, "__xen_guest")) {
            info->has_legacy = true;
            return xc_elf_parse_legacy((const char *)s, len, info, err, errlen);
        }
    }
    return 0;
}

/* libelf's elf_xen_note_check: the image says it is for Xen 3.0 PV. */
static int elf_identity(const struct xc_elf_info *info, char *err,
                        size_t errlen)
{
    if (!info->has_notes && !info->has_legacy)
        return elf_fail(-XC_EINVAL, err, errlen,
                        "kernel has no Xen ELF notes (neither PT_NOTE 'Xen' "
                        "notes nor a __xen_guest section)");
    if (strncmp(info->loader, "generic", 7) &&
        strncmp(info->guest_os, "linux", 5))
        return elf_fail(-XC_EINVAL, err, errlen,
                        "kernel is built neither for the generic loader nor "
                        "as Linux (LOADER '%s', GUEST_OS '%s')",
                        info->loader, info->guest_os);
    if (strncmp(info->xen_version, "xen-3.0", 7))
        return elf_fail(-XC_EINVAL, err, errlen,
                        "kernel is not built for Xen 3.0 (XEN_VERSION '%s')",
                        info->xen_version);
    return 0;
}

/* libelf's elf_xen_addr_calc_check. */
static int elf_layout(struct xc_elf_info *info, uint64_t e_entry, char *err,
                      size_t errlen)
{
    uint64_t off;

    if (info->paddr_offset != XC_ELF_UNSET && info->virt_base == XC_ELF_UNSET)
        return elf_fail(-XC_EINVAL, err, errlen,
                        "PADDR_OFFSET is set but VIRT_BASE is not");
    if (info->virt_base == XC_ELF_UNSET)
        info->virt_base = 0;
    /* Legacy kernels put virtual addresses in p_paddr. */
    if (info->paddr_offset == XC_ELF_UNSET)
        info->paddr_offset = info->has_notes ? 0 : info->virt_base;
    if (info->virt_entry == XC_ELF_UNSET)
        info->virt_entry = e_entry;
    off = info->virt_base - info->paddr_offset;
    info->virt_kstart = info->pstart + off;
    info->virt_kend = info->pend + off;
    if (info->virt_kstart > info->virt_kend)
        return elf_fail(-XC_EINVAL, err, errlen,
                        "kernel at paddr %#llx + offset %#llx wraps the "
                        "address space",
                        (unsigned long long)info->pstart,
                        (unsigned long long)off);
    if (info->virt_base > info->virt_kstart)
        return elf_fail(-XC_EINVAL, err, errlen,
                        "VIRT_BASE %#llx is above the kernel start %#llx",
                        (unsigned long long)info->virt_base,
                        (unsigned long long)info->virt_kstart);
    return 0;
}

static bool elf_in_kernel(const struct xc_elf_info *i, uint64_t va)
{
    return va >= i->virt_kstart && va < i->virt_kend;
}

static int elf_addrs(const struct xc_elf_info *i, char *err, size_t errlen)
{
    unsigned long long ks = i->virt_kstart, ke = i->virt_kend;

    if (!elf_in_kernel(i, i->virt_entry))
        return elf_fail(-XC_EINVAL, err, errlen,
                        "entry %#llx outside the kernel image %#llx-%#llx",
                        (unsigned long long)i->virt_entry, ks, ke);
    if (i->virt_hypercall != XC_ELF_UNSET &&
        (!elf_in_kernel(i, i->virt_hypercall) ||
         (i->virt_hypercall & (XC_PAGE_SIZE - 1))))
        return elf_fail(-XC_EINVAL, err, errlen,
                        "hypercall page %#llx is not a page-aligned address "
                        "inside the kernel image %#llx-%#llx",
                        (unsigned long long)i->virt_hypercall, ks, ke);
    if (i->init_p2m != XC_ELF_UNSET && elf_in_kernel(i, i->init_p2m))
        return elf_fail(-XC_EINVAL, err, errlen,
                        "INIT_P2M %#llx inside the kernel image %#llx-%#llx",
                        (unsigned long long)i->init_p2m, ks, ke);
    return 0;
}

int xc_elf_parse(const void *image, size_t size, struct xc_elf_info *info,
                 char *err, size_t errlen)
{
    struct elf_img im;
    int rc;

    xc_elf_info_init(info);
    if (err && errlen)
        err[0] = '\0';
    rc = elf_header(&im, image, size, err, errlen);
    if (!rc)
        rc = elf_phdrs(&im, info, err, errlen);
    if (!rc)
        rc = elf_notes(&im, info, err, errlen);
    if (!rc)
        rc = elf_identity(info, err, errlen);
    if (!rc)
        rc = elf_layout(info, im.entry, err, errlen);
    if (!rc)
        rc = elf_addrs(info, err, errlen);
    return rc;
}

int xc_elf_load(const void *image, size_t size, const struct xc_elf_info *info,
                xc_elf_write_fn write, void *ctx)
{
    uint64_t off = info->virt_base - info->paddr_offset, dst;
    struct elf_img im;
    struct elf_phdr ph;
    int rc = 0;

    if (elf_header(&im, image, size, NULL, 0) || info->pstart > info->pend ||
        info->pstart + off != info->virt_kstart ||
        info->pend + off != info->virt_kend)
        return -XC_EINVAL;
    for (unsigned int i = 0; i < im.phnum && !rc; i++) {
        elf_phdr(&im, i, &ph);
        if (!elf_loadable(&ph))
            continue;
        /* Checked again, so a mismatched info can never aim elsewhere. */
        if (elf_check_phdr(&im, i, &ph, NULL, 0) || ph.paddr < info->pstart ||
            ph.paddr + ph.memsz > info->pend)
            return -XC_EINVAL;
        dst = ph.paddr + off;
        if (ph.filesz)
            rc = write(ctx, dst, im.p + ph.offset, ph.filesz);
        if (!rc && ph.memsz > ph.filesz)
            rc = write(ctx, dst + ph.filesz, NULL, ph.memsz - ph.filesz);
    }
    return rc;
}
