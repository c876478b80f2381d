/* SPDX-License-Identifier: BSD-2-Clause */
/* Multiboot (v1) boot information: parser into struct boot_info. */
#include <basalt/bootinfo.h>
#include <basalt/errno.h>
#include <basalt/lib.h>
#include <basalt/unaligned.h>

#define MB1_FLAG_MEM     (1u << 0)
#define MB1_FLAG_CMDLINE (1u << 2)
#define MB1_FLAG_MODS    (1u << 3)
#define MB1_FLAG_MMAP    (1u << 6)
#define MB1_FLAG_LOADER  (1u << 9)
#define MB1_FLAG_FB      (1u << 12)

/* Field offsets in the information block. */
#define MB1_OFF_MEM_LOWER   4
#define MB1_OFF_MEM_UPPER   8
#define MB1_OFF_CMDLINE     16
#define MB1_OFF_MODS_COUNT  20
#define MB1_OFF_MODS_ADDR   24
#define MB1_OFF_MMAP_LENGTH 44
#define MB1_OFF_MMAP_ADDR   48
#define MB1_OFF_LOADER      64
#define MB1_OFF_FB          88

#define MB1_MOD_SIZE   16 /* mod_start, mod_end, string, reserved */
#define MB1_MMAP_ENTRY 20 /* base, len, type after the size field */

typedef const void *(*mb1_map_fn)(uint64_t pa, size_t len);

/* Copy the string at physical 'pa' into dst[size], mapping no more than
 * 'size' bytes: a string without a NUL in reach is cut, not chased. */
static void mb1_copy_str(char *dst, size_t size, uint32_t pa, mb1_map_fn map,
                         const char *what)
{
    const char *s = map(pa, size);
    size_t len;

    dst[0] = '\0';
    if (!s) {
        printk("warning: multiboot1 %s at 0x%x not mapped, ignored\n", what,
               pa);
        return;
    }
    len = strnlen(s, size);
    if (len == size) {
        len = size - 1;
        printk("warning: multiboot1 %s cut to %u characters\n", what,
               (unsigned int)len);
    }
    memcpy(dst, s, len);
    dst[len] = '\0';
}

static void mb1_parse_mods(const uint8_t *mbi, mb1_map_fn map,
                           struct boot_info *bi)
{
    uint32_t count = get_le32(mbi + MB1_OFF_MODS_COUNT);
    uint32_t pa = get_le32(mbi + MB1_OFF_MODS_ADDR);
    const uint8_t *mods, *e;
    struct boot_module *m;

    if (count > BOOT_MAX_MODULES) {
        printk("warning: %u boot modules, keeping the first %u\n", count,
               BOOT_MAX_MODULES);
        count = BOOT_MAX_MODULES;
    }
    if (!count)
        return;
    mods = map(pa, (size_t)count * MB1_MOD_SIZE);
    if (!mods) {
        printk("warning: multiboot1 module list not mapped, ignored\n");
        return;
    }
    for (uint32_t i = 0; i < count; i++) {
        e = mods + (size_t)i * MB1_MOD_SIZE;
        if (get_le32(e + 4) < get_le32(e)) {
            printk("warning: boot module %u ends before it starts, ignored\n",
                   i);
            continue;
        }
        m = &bi->modules[bi->nr_modules];
        m->start = get_le32(e);
        m->end = get_le32(e + 4);
        mb1_copy_str(m->cmdline, sizeof(m->cmdline), get_le32(e + 8), map,
                     "module string");
        bi->nr_modules++;
    }
}

static uint32_t mb1_mem_type(uint32_t type)
{
    return type >= MEM_USABLE && type <= MEM_BAD ? type : MEM_RESERVED;
}

/* Entries are {u32 size, u64 base, u64 len, u32 type}; size excludes
 * itself and may be larger than what we read. */
static void mb1_parse_mmap(const uint8_t *mbi, mb1_map_fn map,
                           struct boot_info *bi)
{
    uint32_t len = get_le32(mbi + MB1_OFF_MMAP_LENGTH), esize = 0;
    const uint8_t *mm =
        len ? map(get_le32(mbi + MB1_OFF_MMAP_ADDR), len) : NULL;
    struct mem_range *r;

    if (!mm) {
        printk("warning: multiboot1 memory map not mapped, ignored\n");
        return;
    }
    for (size_t off = 0; len - off >= 4; off += 4 + (size_t)esize) {
        esize = get_le32(mm + off);
        if (esize < MB1_MMAP_ENTRY || esize > len - off - 4) {
            printk("warning: multiboot1 memory map entry size %u, rest "
                   "ignored\n",
                   esize);
            return;
        }
        if (bi->nr_memmap >= BOOT_MAX_MEMMAP) {
            printk("warning: more than %u memory map entries, ignoring the "
                   "rest\n",
                   BOOT_MAX_MEMMAP);
            return;
        }
        r = &bi->memmap[bi->nr_memmap++];
        r->base = get_le64(mm + off + 4);
        r->len = get_le64(mm + off + 12);
        r->type = mb1_mem_type(get_le32(mm + off + 20));
    }
}

static void mb1_parse_fb(const uint8_t *mbi, struct boot_info *bi)
{
    const uint8_t *f = mbi + MB1_OFF_FB;
    struct boot_fb *fb = &bi->fb;
    uint8_t kind = f[21];

    /* An indexed (palette) mode is of no use to our console. */
    if (kind != FB_RGB && kind != FB_EGA_TEXT)
        return;
    fb->addr = get_le64(f);
    fb->pitch = get_le32(f + 8);
    fb->width = get_le32(f + 12);
    fb->height = get_le32(f + 16);
    fb->bpp = f[20];
    fb->kind = kind;
    if (kind == FB_RGB) {
        fb->red_pos = f[22];
        fb->red_size = f[23];
        fb->green_pos = f[24];
        fb->green_size = f[25];
        fb->blue_pos = f[26];
        fb->blue_size = f[27];
    }
}

/* 'mbi' must be readable for the fields its flags announce (at most the
 * 116-byte v1 structure); everything it points to goes through the map. */
int mb1_parse(const void *mbi,
              const void *(*phys_to_virt)(uint64_t pa, size_t len),
              struct boot_info *bi)
{
    const uint8_t *p = mbi;
    uint32_t flags;

    memset(bi, 0, sizeof(*bi));
    bi->loader = "multiboot1";
    if (!p || !phys_to_virt)
        return -EINVAL;
    flags = get_le32(p);
    if (flags & MB1_FLAG_MEM) {
        bi->mem_lower_kb = get_le32(p + MB1_OFF_MEM_LOWER);
        bi->mem_upper_kb = get_le32(p + MB1_OFF_MEM_UPPER);
    }
    if (flags & MB1_FLAG_CMDLINE)
        mb1_copy_str(bi->cmdline, sizeof(bi->cmdline),
                     get_le32(p + MB1_OFF_CMDLINE), phys_to_virt,
                     "command line");
    if (flags & MB1_FLAG_MODS)
        mb1_parse_mods(p, phys_to_virt, bi);
    if (flags & MB1_FLAG_MMAP)
        mb1_parse_mmap(p, phys_to_virt, bi);
    if (flags & MB1_FLAG_LOADER)
        mb1_copy_str(bi->loader_name, sizeof(bi->loader_name),
                     get_le32(p + MB1_OFF_LOADER), phys_to_virt,
                     "boot loader name");
    if (flags & MB1_FLAG_FB)
        mb1_parse_fb(p, bi);
    return 0;
}
