/* SPDX-License-Identifier: BSD-2-Clause */
/* Xen PV kernel images: ELF64 header checks, note discovery, layout, load. */
#include <basalt/xen_elf.h>
#include <basalt/errno.h>
#include <basalt/lib.h>
#include <basalt/unaligned.h>

#define EHDR_SIZE    64
#define PHDR_SIZE    56
#define SHDR_SIZE    64
#define EM_X86_64    62
#define ET_EXEC      2
#define PT_LOAD      1
#define PT_NOTE      4
#define SHT_NOTE     7
#define SHT_NOBITS   8
#define PF_RWX       7
#define PN_XNUM      0xffff
#define PAGE_MASK_4K 0xfffULL

/* The validated outline of an image; sections only when shnum != 0. */
struct xen_elf_img {
    const uint8_t *p;
    size_t size;
    uint64_t entry, phoff, shoff;
    unsigned int phnum, shnum, shstrndx;
};

struct xen_elf_phdr {
    uint32_t type, flags;
    uint64_t offset, paddr, filesz, memsz;
};

/* [off, off + len) inside a buffer of size bytes, without wrapping. */
static bool xen_elf_in(size_t size, uint64_t off, uint64_t len)
{
    return off <= size && len <= size - off;
}

/* Section headers are optional extras: a bogus table is ignored. */
static void xen_elf_check_shdrs(struct xen_elf_img *im)
{
    const uint8_t *e = im->p;
    uint64_t shnum = get_le16(e + 60);

    im->shoff = get_le64(e + 40);
    im->shstrndx = get_le16(e + 62);
    im->shnum = 0;
    if (shnum && get_le16(e + 58) == SHDR_SIZE &&
        xen_elf_in(im->size, im->shoff, shnum * SHDR_SIZE))
        im->shnum = shnum;
}

static int xen_elf_check_ehdr(struct xen_elf_img *im, const void *image,
                              size_t size, char *err, size_t errlen)
{
    const uint8_t *e = image;

    if (!image || size < EHDR_SIZE)
        return xen_elf_fail(-ENOEXEC, err, errlen,
                            "image of %zu bytes is too small for an ELF64 "
                            "header",
                            size);
    if (memcmp(e, "\177ELF", 4))
        return xen_elf_fail(-ENOEXEC, err, errlen, "not an ELF image");
    if (e[4] != 2 || e[5] != 1 || e[6] != 1)
        return xen_elf_fail(-ENOEXEC, err, errlen,
                            "not a little-endian ELF64 version 1 image "
                            "(class %u, data %u, version %u)",
                            e[4], e[5], e[6]);
    if (get_le16(e + 18) != EM_X86_64 || get_le16(e + 16) != ET_EXEC)
        return xen_elf_fail(-ENOEXEC, err, errlen,
                            "not an x86_64 executable (machine %u, type %u)",
                            get_le16(e + 18), get_le16(e + 16));
    im->p = e;
    im->size = size;
    im->entry = get_le64(e + 24);
    im->phoff = get_le64(e + 32);
    im->phnum = get_le16(e + 56);
    if (get_le16(e + 54) != PHDR_SIZE || !im->phnum || im->phnum == PN_XNUM)
        return xen_elf_fail(-ENOEXEC, err, errlen,
                            "bad program header table (entsize %u, count %u)",
                            get_le16(e + 54), im->phnum);
    if (!xen_elf_in(size, im->phoff, (uint64_t)im->phnum * PHDR_SIZE))
        return xen_elf_fail(-ENOEXEC, err, errlen,
                            "program headers at %#llx run past the end of the "
                            "%zu-byte image",
                            (unsigned long long)im->phoff, size);
    xen_elf_check_shdrs(im);
    return 0;
}

static void xen_elf_phdr(const struct xen_elf_img *im, unsigned int i,
                         struct xen_elf_phdr *ph)
{
    const uint8_t *p = im->p + im->phoff + (uint64_t)i * PHDR_SIZE;

    ph->type = get_le32(p);
    ph->flags = get_le32(p + 4);
    ph->offset = get_le64(p + 8);
    ph->paddr = get_le64(p + 24);
    ph->filesz = get_le64(p + 32);
    ph->memsz = get_le64(p + 40);
}

/* Xen loads PT_LOAD segments with at least one of R, W, X set. */
static bool xen_elf_loadable(const struct xen_elf_phdr *ph)
{
    return ph->type == PT_LOAD && (ph->flags & PF_RWX);
}

static int xen_elf_check_phdr(const struct xen_elf_img *im, unsigned int i,
                              const struct xen_elf_phdr *ph, char *err,
                              size_t errlen)
{
    if (ph->type != PT_LOAD && ph->type != PT_NOTE)
        return 0;
    if (!xen_elf_in(im->size, ph->offset, ph->filesz))
        return xen_elf_fail(-ENOEXEC, err, errlen,
                            "segment %u (offset %#llx, size %#llx) runs past "
                            "the end of the %zu-byte image",
                            i, (unsigned long long)ph->offset,
                            (unsigned long long)ph->filesz, im->size);
    if (ph->type == PT_NOTE)
        return 0;
    if (ph->filesz > ph->memsz)
        return xen_elf_fail(-ENOEXEC, err, errlen,
                            "segment %u: file size %#llx exceeds memory size "
                            "%#llx",
                            i, (unsigned long long)ph->filesz,
                            (unsigned long long)ph->memsz);
    if (ph->memsz > UINT64_MAX - ph->paddr)
        return xen_elf_fail(-ENOEXEC, err, errlen,
                            "segment %u at %#llx wraps the address space", i,
                            (unsigned long long)ph->paddr);
    return 0;
}

/* Validate every program header; find the loadable paddr range. */
static int xen_elf_check_phdrs(const struct xen_elf_img *im,
                               struct xen_elf_info *info, char *err,
                               size_t errlen)
{
    struct xen_elf_phdr ph;
    int rc;

    info->pstart = UINT64_MAX;
    info->pend = 0;
    for (unsigned int i = 0; i < im->phnum; i++) {
        xen_elf_phdr(im, i, &ph);
        rc = xen_elf_check_phdr(im, i, &ph, err, errlen);
        if (rc)
            return rc;
        if (!xen_elf_loadable(&ph))
            continue;
        info->nr_load++;
        info->pstart = MIN(info->pstart, ph.paddr);
        info->pend = MAX(info->pend, ph.paddr + ph.memsz);
    }
    if (!info->nr_load)
        return xen_elf_fail(-ENOEXEC, err, errlen, "no loadable segments");
    return 0;
}

/* Section i's file bytes, or NULL if the table or the section is unusable. */
static const uint8_t *xen_elf_section(const struct xen_elf_img *im,
                                      unsigned int i, uint32_t *type,
                                      uint64_t *len)
{
    const uint8_t *s;
    uint64_t off;

    if (i >= im->shnum)
        return NULL;
    s = im->p + im->shoff + (uint64_t)i * SHDR_SIZE;
    *type = get_le32(s + 4);
    off = get_le64(s + 24);
    *len = get_le64(s + 32);
    if (*type == SHT_NOBITS || !xen_elf_in(im->size, off, *len))
        return NULL;
    return im->p + off;
}

static bool xen_elf_section_named(const struct xen_elf_img *im, unsigned int i,
                                  const char *want)
{
    uint64_t tablen, name = get_le32(im->p + im->shoff + i * SHDR_SIZE);
    uint32_t type;
    const uint8_t *tab = xen_elf_section(im, im->shstrndx, &type, &tablen);
    size_t n = strlen(want) + 1;

    return tab && i != 0 && xen_elf_in(tablen, name, n) &&
           !memcmp(tab + name, want, n);
}

static int xen_elf_scan(const uint8_t *p, uint64_t len,
                        struct xen_elf_info *info, int *count, char *err,
                        size_t errlen)
{
    int rc = xen_elf_parse_notes(p, len, info, err, errlen);

    if (rc > 0)
        *count += rc;
    return rc < 0 ? rc : 0;
}

/* Xen's order: PT_NOTE segments, else SHT_NOTE sections, else __xen_guest. */
static int xen_elf_find_notes(const struct xen_elf_img *im,
                              struct xen_elf_info *info, char *err,
                              size_t errlen)
{
    struct xen_elf_phdr ph;
    const uint8_t *s;
    uint64_t len;
    uint32_t type;
    int rc = 0, count = 0;

    /* Some binutils leave p_offset 0 on note segments; Xen skips those. */
    for (unsigned int i = 0; i < im->phnum && !rc; i++) {
        xen_elf_phdr(im, i, &ph);
        if (ph.type == PT_NOTE && ph.offset)
            rc = xen_elf_scan(im->p + ph.offset, ph.filesz, info, &count, err,
                              errlen);
    }
    /* All SHT_NOTE sections count once the segments gave nothing. */
    for (unsigned int i = 1, seg = count; i < im->shnum && !seg && !rc; i++) {
        s = xen_elf_section(im, i, &type, &len);
        if (s && type == SHT_NOTE)
            rc = xen_elf_scan(s, len, info, &count, err, errlen);
    }
    if (rc || count) {
        info->has_notes = count > 0;
        info->nr_xen_notes = count;
        return rc;
    }
    for (unsigned int i = 1; i < im->shnum; i++) {
        s = xen_elf_section(im, i, &type, &len);
        if (s && xen_elf_section_named(im, i, "__xen_guest")) {
            info->has_legacy = true;
            return xen_elf_parse_legacy((const char *)s, len, info, err,
                                        errlen);
        }
    }
    return 0;
}

/* Xen's elf_xen_addr_calc_check, PV flavour. */
static int xen_elf_layout(struct xen_elf_info *info, uint64_t e_entry,
                          char *err, size_t errlen)
{
    uint64_t off;

    if (info->paddr_offset != XEN_ELF_UNSET && info->virt_base == XEN_ELF_UNSET)
        return xen_elf_fail(-EINVAL, err, errlen,
                            "PADDR_OFFSET is set but VIRT_BASE is not");
    if (info->virt_base == XEN_ELF_UNSET)
        info->virt_base = 0;
    /* Legacy kernels wrote virtual addresses into p_paddr. */
    if (info->paddr_offset == XEN_ELF_UNSET)
        info->paddr_offset = info->has_notes ? 0 : info->virt_base;
    if (info->virt_entry == XEN_ELF_UNSET)
        info->virt_entry = e_entry;
    off = info->virt_base - info->paddr_offset;
    info->virt_kstart = info->pstart + off;
    info->virt_kend = info->pend + off;
    if (info->virt_kstart > info->virt_kend)
        return xen_elf_fail(-EINVAL, err, errlen,
                            "kernel image at paddr %#llx + offset %#llx wraps "
                            "the address space",
                            (unsigned long long)info->pstart,
                            (unsigned long long)off);
    if (info->virt_base > info->virt_kstart)
        return xen_elf_fail(-EINVAL, err, errlen,
                            "VIRT_BASE %#llx is above the kernel start %#llx",
                            (unsigned long long)info->virt_base,
                            (unsigned long long)info->virt_kstart);
    return 0;
}

static bool xen_elf_inside(const struct xen_elf_info *info, uint64_t va)
{
    return va >= info->virt_kstart && va < info->virt_kend;
}

static int xen_elf_check_addrs(const struct xen_elf_info *info, char *err,
                               size_t errlen)
{
    unsigned long long ks = info->virt_kstart, ke = info->virt_kend;

    if (!xen_elf_inside(info, info->virt_entry))
        return xen_elf_fail(-EINVAL, err, errlen,
                            "entry %#llx outside the kernel image %#llx-%#llx",
                            (unsigned long long)info->virt_entry, ks, ke);
    if (info->virt_hypercall != XEN_ELF_UNSET &&
        (!xen_elf_inside(info, info->virt_hypercall) ||
         (info->virt_hypercall & PAGE_MASK_4K)))
        return xen_elf_fail(-EINVAL, err, errlen,
                            "hypercall page %#llx is not a page-aligned "
                            "address inside the kernel image %#llx-%#llx",
                            (unsigned long long)info->virt_hypercall, ks, ke);
    if (info->init_p2m != XEN_ELF_UNSET && xen_elf_inside(info, info->init_p2m))
        return xen_elf_fail(-EINVAL, err, errlen,
                            "INIT_P2M %#llx inside the kernel image "
                            "%#llx-%#llx",
                            (unsigned long long)info->init_p2m, ks, ke);
    return 0;
}

int xen_elf_parse(const void *image, size_t size, struct xen_elf_info *info,
                  char *err, size_t errlen)
{
    struct xen_elf_img im;
    int rc;

    xen_elf_info_init(info);
    if (err && errlen)
        err[0] = '\0';
    rc = xen_elf_check_ehdr(&im, image, size, err, errlen);
    if (!rc)
        rc = xen_elf_check_phdrs(&im, info, err, errlen);
    if (!rc)
        rc = xen_elf_find_notes(&im, info, err, errlen);
    if (!rc)
        rc = xen_elf_check_identity(info, err, errlen);
    if (!rc)
        rc = xen_elf_layout(info, im.entry, err, errlen);
    if (!rc)
        rc = xen_elf_check_addrs(info, err, errlen);
    return rc;
}

BUILD_BUG_ON(sizeof(size_t) < sizeof(uint64_t));

static int xen_elf_load_one(const struct xen_elf_img *im,
                            const struct xen_elf_phdr *ph,
                            const struct xen_elf_info *info,
                            xen_elf_copy_fn copy, xen_elf_zero_fn zero,
                            void *ctx)
{
    uint64_t dst = ph->paddr + (info->virt_base - info->paddr_offset);
    int rc = 0;

    /* Re-checked so a mismatched info can never aim outside its range. */
    if (xen_elf_check_phdr(im, 0, ph, NULL, 0) || ph->paddr < info->pstart ||
        ph->paddr + ph->memsz > info->pend)
        return -EINVAL;
    if (ph->filesz)
        rc = copy(ctx, dst, im->p + ph->offset, ph->filesz);
    if (!rc && ph->memsz > ph->filesz)
        rc = zero(ctx, dst + ph->filesz, ph->memsz - ph->filesz);
    return rc;
}

int xen_elf_load(const void *image, size_t size,
                 const struct xen_elf_info *info, xen_elf_copy_fn copy,
                 xen_elf_zero_fn zero, void *ctx)
{
    struct xen_elf_img im;
    struct xen_elf_phdr ph;
    uint64_t off = info->virt_base - info->paddr_offset;
    int rc;

    if (xen_elf_check_ehdr(&im, image, size, NULL, 0) ||
        info->pstart > info->pend || info->pstart + off != info->virt_kstart ||
        info->pend + off != info->virt_kend ||
        info->virt_kstart > info->virt_kend)
        return -EINVAL;
    for (unsigned int i = 0; i < im.phnum; i++) {
        xen_elf_phdr(&im, i, &ph);
        if (!xen_elf_loadable(&ph))
            continue;
        rc = xen_elf_load_one(&im, &ph, info, copy, zero, ctx);
        if (rc)
            return rc;
    }
    return 0;
}
