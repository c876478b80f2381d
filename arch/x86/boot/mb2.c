/* SPDX-License-Identifier: BSD-2-Clause */
/* Multiboot2 boot information: hostile-input parser into struct boot_info. */
#include <basalt/bootinfo.h>
#include <basalt/errno.h>
#include <basalt/lib.h>
#include <basalt/unaligned.h>

#define MB2_TAG_END      0
#define MB2_TAG_CMDLINE  1
#define MB2_TAG_LOADER   2
#define MB2_TAG_MODULE   3
#define MB2_TAG_MEMINFO  4
#define MB2_TAG_MMAP     6
#define MB2_TAG_FB       8
#define MB2_TAG_EFI32    11
#define MB2_TAG_EFI64    12
#define MB2_TAG_ACPI_OLD 14
#define MB2_TAG_ACPI_NEW 15
#define MB2_TAG_EFI_MMAP 17

#define MB2_HDR_SIZE    8  /* total_size, reserved; also a tag header */
#define MB2_MMAP_ENTRY  24 /* base, len, type, reserved */
#define MB2_FB_RGB_SIZE 38
#define EFI_DESC_MIN    40 /* Type, pad, Physical/VirtualStart, Pages, Attr */
#define EFI_PAGE_SHIFT  12

struct mb2_ctx {
    struct boot_info *bi;
    const uint8_t *mmap, *efi_mmap; /* first tag of each kind, or NULL */
    uint32_t mmap_size, efi_mmap_size;
    bool mods_warned, memmap_warned;
};

/* Smallest size each known tag needs before its fields may be read. */
static const uint8_t mb2_min_size[] = {
    [MB2_TAG_CMDLINE] = 8,   [MB2_TAG_LOADER] = 8,    [MB2_TAG_MODULE] = 16,
    [MB2_TAG_MEMINFO] = 16,  [MB2_TAG_MMAP] = 16,     [MB2_TAG_FB] = 32,
    [MB2_TAG_ACPI_OLD] = 28, [MB2_TAG_ACPI_NEW] = 44, [MB2_TAG_EFI_MMAP] = 16,
};

/* Copy a string of at most n bytes that need not be NUL-terminated;
 * true when it did not fit into dst[size]. */
static bool mb2_copy_str(char *dst, size_t size, const uint8_t *src, size_t n)
{
    size_t len = strnlen((const char *)src, n);
    bool cut = len >= size;

    if (cut)
        len = size - 1;
    memcpy(dst, src, len);
    dst[len] = '\0';
    return cut;
}

/* Walk the tag chain once, touching nothing, so that the real walk may
 * trust every tag size. */
static int mb2_validate(const uint8_t *p, size_t size)
{
    uint32_t total, tsize;
    size_t off;

    if (!p || size < 2 * MB2_HDR_SIZE)
        return -EINVAL;
    total = get_le32(p);
    if (total < 2 * MB2_HDR_SIZE || total > size)
        return -EINVAL;
    for (off = MB2_HDR_SIZE; off + MB2_HDR_SIZE <= total;
         off += ALIGN_UP((size_t)tsize, 8)) {
        tsize = get_le32(p + off + 4);
        if (tsize < MB2_HDR_SIZE || tsize > total - off)
            return -EINVAL;
        if (get_le32(p + off) == MB2_TAG_END)
            return 0;
    }
    return -EINVAL;
}

static uint32_t mb2_mem_type(uint32_t type)
{
    return type >= MEM_USABLE && type <= MEM_BAD ? type : MEM_RESERVED;
}

static void mb2_add_range(struct mb2_ctx *c, uint64_t base, uint64_t len,
                          uint32_t type)
{
    struct boot_info *bi = c->bi;

    if (bi->nr_memmap >= BOOT_MAX_MEMMAP) {
        if (!c->memmap_warned)
            printk("warning: more than %u memory map entries, "
                   "ignoring the rest\n",
                   BOOT_MAX_MEMMAP);
        c->memmap_warned = true;
        return;
    }
    bi->memmap[bi->nr_memmap++] = (struct mem_range){base, len, type};
}

static void mb2_parse_mmap(struct mb2_ctx *c, const uint8_t *t, uint32_t size)
{
    uint32_t esize = get_le32(t + 8);

    /* Larger entries are a later version of the spec: read our prefix. */
    if (esize < MB2_MMAP_ENTRY) {
        printk("warning: multiboot2 memory map entry size %u, map ignored\n",
               esize);
        return;
    }
    for (size_t off = 16; esize <= size - off; off += esize)
        mb2_add_range(c, get_le64(t + off), get_le64(t + off + 8),
                      mb2_mem_type(get_le32(t + off + 16)));
}

/* EFI memory types in E820 terms. Boot-services memory is free once
 * the loader has left boot services, and we never call them. */
static uint32_t mb2_efi_type(uint32_t efi)
{
    switch (efi) {
    case 1: /* EfiLoaderCode */
    case 2: /* EfiLoaderData */
    case 3: /* EfiBootServicesCode */
    case 4: /* EfiBootServicesData */
    case 7: /* EfiConventionalMemory */
        return MEM_USABLE;
    case 8: /* EfiUnusableMemory */
        return MEM_BAD;
    case 9: /* EfiACPIReclaimMemory */
        return MEM_ACPI_RECLAIM;
    case 10: /* EfiACPIMemoryNVS */
        return MEM_ACPI_NVS;
    default:
        return MEM_RESERVED;
    }
}

/* Firmware splits RAM into many descriptors that become one E820 type;
 * joining touching neighbours keeps real maps within BOOT_MAX_MEMMAP. */
static void mb2_add_efi_range(struct mb2_ctx *c, uint64_t base, uint64_t len,
                              uint32_t type)
{
    struct boot_info *bi = c->bi;
    struct mem_range *last;

    if (bi->nr_memmap) {
        last = &bi->memmap[bi->nr_memmap - 1];
        if (last->type == type && last->len <= UINT64_MAX - last->base &&
            last->base + last->len == base) {
            last->len =
                len > UINT64_MAX - last->len ? UINT64_MAX : last->len + len;
            return;
        }
    }
    mb2_add_range(c, base, len, type);
}

static void mb2_parse_efi_mmap(struct mb2_ctx *c, const uint8_t *t,
                               uint32_t size)
{
    uint32_t dsize = get_le32(t + 8);
    uint64_t pages, len;

    if (dsize < EFI_DESC_MIN) {
        printk("warning: EFI memory descriptor size %u, map ignored\n", dsize);
        return;
    }
    c->bi->memmap_from_efi = true;
    for (size_t off = 16; dsize <= size - off; off += dsize) {
        pages = get_le64(t + off + 24);
        if (!pages)
            continue;
        len = pages > (UINT64_MAX >> EFI_PAGE_SHIFT) ? UINT64_MAX
                                                     : pages << EFI_PAGE_SHIFT;
        mb2_add_efi_range(c, get_le64(t + off + 8), len,
                          mb2_efi_type(get_le32(t + off)));
    }
}

static void mb2_parse_module(struct mb2_ctx *c, const uint8_t *t, uint32_t size)
{
    struct boot_info *bi = c->bi;
    uint32_t start = get_le32(t + 8), end = get_le32(t + 12);
    struct boot_module *m;

    if (bi->nr_modules >= BOOT_MAX_MODULES) {
        if (!c->mods_warned)
            printk("warning: more than %u boot modules, ignoring the rest\n",
                   BOOT_MAX_MODULES);
        c->mods_warned = true;
        return;
    }
    if (end < start) {
        printk("warning: boot module 0x%x-0x%x ends before it starts, "
               "ignored\n",
               start, end);
        return;
    }
    m = &bi->modules[bi->nr_modules];
    m->start = start;
    m->end = end;
    if (mb2_copy_str(m->cmdline, sizeof(m->cmdline), t + 16, size - 16))
        printk("warning: boot module %u string cut\n", bi->nr_modules);
    bi->nr_modules++;
}

static void mb2_parse_fb(struct boot_info *bi, const uint8_t *t, uint32_t size)
{
    struct boot_fb *fb = &bi->fb;
    uint8_t kind = t[29];

    memset(fb, 0, sizeof(*fb));
    /* An indexed (palette) mode is of no use to our console. */
    if (kind != FB_RGB && kind != FB_EGA_TEXT)
        return;
    if (kind == FB_RGB && size < MB2_FB_RGB_SIZE) {
        printk("warning: multiboot2 RGB framebuffer tag too short\n");
        return;
    }
    fb->addr = get_le64(t + 8);
    fb->pitch = get_le32(t + 16);
    fb->width = get_le32(t + 20);
    fb->height = get_le32(t + 24);
    fb->bpp = t[28];
    fb->kind = kind;
    if (kind == FB_RGB) {
        fb->red_pos = t[32];
        fb->red_size = t[33];
        fb->green_pos = t[34];
        fb->green_size = t[35];
        fb->blue_pos = t[36];
        fb->blue_size = t[37];
    }
}

/* Keep the bytes; an ACPI 2.0+ RSDP wins over 1.0 whatever the order. */
static void mb2_parse_rsdp(struct boot_info *bi, const uint8_t *t,
                           unsigned int len)
{
    if (bi->rsdp_len > len)
        return;
    memcpy(bi->rsdp_copy, t + 8, len);
    bi->rsdp_len = len;
}

static void mb2_parse_tag(struct mb2_ctx *c, const uint8_t *t, uint32_t type,
                          uint32_t size)
{
    struct boot_info *bi = c->bi;

    if (type < ARRAY_SIZE(mb2_min_size) && size < mb2_min_size[type]) {
        printk("warning: multiboot2 tag %u is %u bytes, ignored\n", type, size);
        return;
    }
    switch (type) {
    case MB2_TAG_CMDLINE:
        if (mb2_copy_str(bi->cmdline, sizeof(bi->cmdline), t + 8, size - 8))
            printk("warning: command line cut to %u characters\n",
                   BOOT_CMDLINE_MAX - 1);
        break;
    case MB2_TAG_LOADER:
        mb2_copy_str(bi->loader_name, sizeof(bi->loader_name), t + 8, size - 8);
        break;
    case MB2_TAG_MODULE:
        mb2_parse_module(c, t, size);
        break;
    case MB2_TAG_MEMINFO:
        bi->mem_lower_kb = get_le32(t + 8);
        bi->mem_upper_kb = get_le32(t + 12);
        break;
    case MB2_TAG_MMAP:
        if (!c->mmap) {
            c->mmap = t;
            c->mmap_size = size;
        }
        break;
    case MB2_TAG_FB:
        mb2_parse_fb(bi, t, size);
        break;
    case MB2_TAG_EFI32:
    case MB2_TAG_EFI64:
        bi->efi = true;
        break;
    case MB2_TAG_ACPI_OLD:
        mb2_parse_rsdp(bi, t, 20);
        break;
    case MB2_TAG_ACPI_NEW:
        mb2_parse_rsdp(bi, t, 36);
        break;
    case MB2_TAG_EFI_MMAP:
        if (!c->efi_mmap) {
            c->efi_mmap = t;
            c->efi_mmap_size = size;
        }
        break;
    default: /* includes 18, boot services left running: we never call them */
        break;
    }
}

int mb2_parse(const void *mbi, size_t size, struct boot_info *bi)
{
    struct mb2_ctx c = {.bi = bi};
    const uint8_t *p = mbi;
    uint32_t type, tsize = 0;

    memset(bi, 0, sizeof(*bi));
    bi->loader = "multiboot2";
    if (mb2_validate(p, size))
        return -EINVAL;
    for (size_t off = MB2_HDR_SIZE; (type = get_le32(p + off)) != MB2_TAG_END;
         off += ALIGN_UP((size_t)tsize, 8)) {
        tsize = get_le32(p + off + 4);
        mb2_parse_tag(&c, p + off, type, tsize);
    }
    /* The BIOS-style map is the loader's own summary; prefer it. */
    if (c.mmap)
        mb2_parse_mmap(&c, c.mmap, c.mmap_size);
    else if (c.efi_mmap)
        mb2_parse_efi_mmap(&c, c.efi_mmap, c.efi_mmap_size);
    return 0;
}
