/* SPDX-License-Identifier: BSD-2-Clause */
/* The dom0 PV ELF loader (dom0-tools/libxc/elf*.c) on hand-built images,
 * each also run through the hypervisor's own loader: same verdicts. */
#include "harness.h"
#include "xl_elf_build.h"
#include <basalt/xen_elf.h>
#include <dom0/libxc.h>

static struct xb_elf img;
static struct xb_notes notes;
static struct xc_elf_info info;
static char err[256];

/* The hypervisor's kernel/xen_elf.c must agree on every image. */
static void same_as_hypervisor(const void *p, size_t n, int rc)
{
    static struct xen_elf_info h;
    char herr[256];
    int hrc = xen_elf_parse(p, n, &h, herr, sizeof(herr));

    CHECK_EQ(hrc, rc);
    if (hrc || rc)
        return;
    CHECK_EQ(h.virt_base, info.virt_base);
    CHECK_EQ(h.paddr_offset, info.paddr_offset);
    CHECK_EQ(h.virt_entry, info.virt_entry);
    CHECK_EQ(h.virt_hypercall, info.virt_hypercall);
    CHECK_EQ(h.virt_kstart, info.virt_kstart);
    CHECK_EQ(h.virt_kend, info.virt_kend);
    CHECK_EQ(h.init_p2m, info.init_p2m);
    CHECK_EQ(h.features_required[0], info.features_required[0]);
    CHECK_EQ(h.features_supported[0], info.features_supported[0]);
    CHECK_EQ(h.has_notes, info.has_notes);
    CHECK_EQ(h.has_legacy, info.has_legacy);
    CHECK_EQ(h.nr_load, info.nr_load);
    CHECK_STR(h.guest_os, info.guest_os);
}

static int parse_img(void)
{
    int rc;
    xb_finish(&img);
    rc = xc_elf_parse(img.b, img.size, &info, err, sizeof(err));
    same_as_hypervisor(img.b, img.size, rc);
    return rc;
}

TEST(elf_linux_high_address)
{
    xb_linux(&img, &notes);
    CHECK_EQ(parse_img(), 0);
    CHECK_STR(err, "");
    CHECK_EQ(info.virt_base, XB_VB);
    CHECK_EQ(info.paddr_offset, 0);
    CHECK_EQ(info.virt_entry, XB_VB + 0x1000040);
    CHECK_EQ(info.virt_hypercall, XB_VB + 0x1001000);
    CHECK_EQ(info.virt_kstart, XB_VB + 0x1000000);
    CHECK_EQ(info.virt_kend, XB_VB + 0x1005000);
    CHECK_EQ(info.features_required[0], 1u << XENFEAT_writable_page_tables);
    CHECK_EQ(info.features_supported[0],
             (1u << XENFEAT_writable_page_tables) |
                 (1u << XENFEAT_pae_pgdir_above_4gb));
    CHECK_STR(info.guest_os, "linux");
    CHECK_STR(info.xen_version, "xen-3.0");
    CHECK_EQ(info.nr_notes, 7);
    CHECK_EQ(info.has_notes, 1);
    CHECK_EQ(info.has_legacy, 0);
}

TEST(elf_linked_at_zero)
{
    xb_minios(&img, &notes);
    CHECK_EQ(parse_img(), 0);
    CHECK_EQ(info.virt_base, 0);
    CHECK_EQ(info.virt_kstart, 0);
    CHECK_EQ(info.virt_kend, 0x8000);
    CHECK_EQ(info.virt_entry, 0);
    CHECK_EQ(info.virt_hypercall, 0x1000);
    CHECK_STR(info.loader, "generic");
    CHECK_STR(info.guest_os, "Mini-OS");
}

static void legacy_img(const char *guest)
{
    static const uint8_t code[0x40];
    xb_init(&img, XB_VB + 0x100000);
    xb_phdr(&img, 1, xb_data(&img, code, sizeof(code)), XB_VB + 0x100000,
            sizeof(code), 0x3000);
    xb_section(&img, "__xen_guest", 1, xb_data(&img, guest, strlen(guest) + 1),
               strlen(guest) + 1);
}

TEST(elf_legacy_xen_guest)
{
    legacy_img("GUEST_OS=linux,XEN_VER=xen-3.0,VIRT_BASE=0xffffffff80000000,"
               "HYPERCALL_PAGE=0x101,LOADER=generic,PAE=yes[extended-cr3],"
               "FEATURES=writable_page_tables|!auto_translated_physmap");
    CHECK_EQ(parse_img(), 0);
    CHECK_EQ(info.has_legacy, 1);
    CHECK_EQ(info.has_notes, 0);
    CHECK_EQ(info.virt_base, XB_VB);
    CHECK_EQ(info.paddr_offset, XB_VB); /* p_paddr was virtual */
    CHECK_EQ(info.virt_kstart, XB_VB + 0x100000);
    CHECK_EQ(info.virt_hypercall, XB_VB + 0x101000);
    CHECK_EQ(info.features_required[0], 1u << XENFEAT_auto_translated_physmap);
    CHECK_EQ(info.pae_yes, 1);
}

TEST(elf_legacy_errors)
{
    legacy_img("GUEST_OS=linux,XEN_VER=xen-3.0,VIRT_BASE=0xzz");
    CHECK_EQ(parse_img(), -XC_EINVAL);
    CHECK(strstr(err, "VIRT_BASE=0xzz is not a 64-bit number") != NULL);
    legacy_img("GUEST_OS=linux,XEN_VER=xen-3.0,HYPERCALL_PAGE="
               "0x10000000000000");
    CHECK_EQ(parse_img(), -XC_EINVAL);
    legacy_img("GUEST_OS=linux,XEN_VER=xen-3.0,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
               "AAAAAAAAA=1");
    CHECK_EQ(parse_img(), -XC_EINVAL);
    CHECK(strstr(err, "too long") != NULL);
    legacy_img("GUEST_OS=plan9,XEN_VER=xen-3.0");
    CHECK_EQ(parse_img(), -XC_EINVAL);
    CHECK(strstr(err, "neither for the generic loader") != NULL);
}

TEST(elf_section_notes_and_precedence)
{
    static const uint8_t code[0x40];
    xb_linux(&img, &notes);
    /* Notes only in a SHT_NOTE section; a PT_NOTE at offset 0 is skipped. */
    xb_init(&img, XB_VB + 0x1000000);
    xb_phdr(&img, 1, xb_data(&img, code, sizeof(code)), 0x1000000, 0x40,
            0x3000);
    xb_phdr(&img, 4, 0, 0, 0x40, 0x40);
    xb_section(&img, ".note.Xen", 7, xb_data(&img, notes.b, notes.len),
               notes.len);
    CHECK_EQ(parse_img(), 0);
    CHECK_EQ(info.has_notes, 1);
    CHECK_EQ(info.virt_kstart, XB_VB + 0x1000000);
    /* Notes win over __xen_guest. */
    xb_linux(&img, &notes);
    xb_section(&img, "__xen_guest", 1, xb_data(&img, "GUEST_OS=x", 11), 11);
    CHECK_EQ(parse_img(), 0);
    CHECK_EQ(info.has_legacy, 0);
    CHECK_STR(info.guest_os, "linux");
}

/* Patch the Linux image and expect a failure naming why. */
static void expect_fail(int rc, const char *why)
{
    CHECK_EQ(xc_elf_parse(img.b, img.size, &info, err, sizeof(err)), rc);
    if (!strstr(err, why))
        fprintf(stderr, "    got \"%s\", want \"%s\"\n", err, why);
    CHECK(strstr(err, why) != NULL);
    same_as_hypervisor(img.b, img.size, rc);
}

TEST(elf_bad_headers)
{
    static const struct {
        size_t off, len;
        uint64_t val;
        const char *why;
    } cases[] = {
        {0, 1, 0x7e, "not an ELF image"},
        {4, 1, 1, "not a little-endian ELF64"},
        {5, 1, 2, "not a little-endian ELF64"},
        {18, 2, 3, "not an x86_64 executable"},
        {16, 2, 3, "not an x86_64 executable"},
        {54, 2, 32, "bad program header table"},
        {56, 2, 0, "bad program header table"},
        {56, 2, 0xffff, "bad program header table"},
        {32, 8, 0x3fff, "program headers at 0x3fff run past"},
        {32, 8, ~0ull, "run past the end"},
        {XB_PHDR_OFF + 8, 8, ~0ull - 8, "segment 0"},
        {XB_PHDR_OFF + 32, 8, 0x6000, "segment 0"},
        {XB_PHDR_OFF + 56 + 32, 8, 0x100000, "segment 1"},
        {XB_PHDR_OFF + 24, 8, ~0ull - 0x10, "wraps the address space"},
        {XB_PHDR_OFF + 4, 4, 0, "no loadable segments"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
        xb_linux(&img, &notes);
        xb_put(img.b + cases[i].off, cases[i].val, cases[i].len);
        expect_fail(-XC_ENOEXEC, cases[i].why);
    }
    CHECK_EQ(xc_elf_parse(img.b, 63, &info, err, sizeof(err)), -XC_ENOEXEC);
    CHECK(strstr(err, "too small") != NULL);
    CHECK_EQ(xc_elf_parse(NULL, 0, &info, err, sizeof(err)), -XC_ENOEXEC);
}

/* A Linux image whose notes are the given ones. */
static void notes_img(void (*add)(struct xb_notes *))
{
    static const uint8_t code[0x40];
    memset(&notes, 0, sizeof(notes));
    xb_nstr(&notes, 6, "linux");
    xb_nstr(&notes, 5, "xen-3.0");
    add(&notes);
    xb_init(&img, 0x1000000);
    xb_phdr(&img, 1, xb_data(&img, code, sizeof(code)), 0x1000000, 0x40,
            0x3000);
    xb_phdr(&img, 4, xb_data(&img, notes.b, notes.len), 0, notes.len,
            notes.len);
}

static void n_vb_above(struct xb_notes *n)
{
    xb_n64(n, 3, 0x2000000);
    xb_n64(n, 4, 0x2000000);
}
static void n_poff_only(struct xb_notes *n)
{
    xb_n64(n, 4, 0);
}
static void n_entry_out(struct xb_notes *n)
{
    xb_n64(n, 1, 0x5000);
}
static void n_hcall_unaligned(struct xb_notes *n)
{
    xb_n64(n, 2, 0x1000010);
}
static void n_hcall_outside(struct xb_notes *n)
{
    xb_n64(n, 2, 0x1003000);
}
static void n_p2m_inside(struct xb_notes *n)
{
    xb_n64(n, 15, 0x1001000);
}
static void n_num_size3(struct xb_notes *n)
{
    xb_note(n, 1, "\1\2\3", 3);
}
static void n_str_nonul(struct xb_notes *n)
{
    xb_note(n, 8, "gene", 4);
}
static void n_req_unknown(struct xb_notes *n)
{
    xb_nstr(n, 10, "!warp_drive");
}
static void n_supfeat3(struct xb_notes *n)
{
    xb_note(n, 17, "\1\2\3", 3);
}
static void n_bad_version(struct xb_notes *n)
{
    xb_nstr(n, 5, "xen-4.0");
}

TEST(elf_bad_notes)
{
    static const struct {
        void (*add)(struct xb_notes *);
        const char *why;
    } cases[] = {
        {n_vb_above, "VIRT_BASE 0x2000000 is above"},
        {n_poff_only, "PADDR_OFFSET is set but VIRT_BASE is not"},
        {n_entry_out, "entry 0x5000 outside the kernel image"},
        {n_hcall_unaligned, "hypercall page 0x1000010"},
        {n_hcall_outside, "hypercall page 0x1003000"},
        {n_p2m_inside, "INIT_P2M 0x1001000 inside"},
        {n_num_size3, "numeric size 3"},
        {n_str_nonul, "not NUL-terminated"},
        {n_req_unknown, "requires unknown feature 'warp_drive'"},
        {n_supfeat3, "SUPPORTED_FEATURES: size 3"},
        {n_bad_version, "not built for Xen 3.0"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
        notes_img(cases[i].add);
        expect_fail(-XC_EINVAL, cases[i].why);
    }
}

TEST(elf_note_area_bounds)
{
    struct xc_elf_info i;
    struct xb_notes n = {0};
    xb_nstr(&n, 6, "linux");
    xc_elf_info_init(&i);
    CHECK_EQ(xc_elf_parse_notes(n.b, n.len, &i, err, sizeof(err)), 1);
    /* The last descriptor's padding may be missing... */
    CHECK_EQ(xc_elf_parse_notes(n.b, n.len - 2, &i, err, sizeof(err)), 1);
    /* ...but not its bytes. */
    CHECK_EQ(xc_elf_parse_notes(n.b, n.len - 3, &i, err, sizeof(err)),
             -XC_EINVAL);
    CHECK(strstr(err, "runs past the end") != NULL);
    xb_put(n.b + 4, 0xfffffff0, 4); /* huge descsz */
    CHECK_EQ(xc_elf_parse_notes(n.b, n.len, &i, err, sizeof(err)), -XC_EINVAL);
    memcpy(n.b + 12, "GNU", 4); /* foreign notes are skipped */
    xb_put(n.b + 4, 6, 4);
    CHECK_EQ(xc_elf_parse_notes(n.b, n.len, &i, err, sizeof(err)), 0);
    CHECK_EQ(xc_elf_parse_notes(n.b, 11, &i, err, sizeof(err)), 0);
}

TEST(elf_every_truncation_fails_cleanly)
{
    uint8_t *copy;
    xb_linux(&img, &notes);
    for (size_t n = 0; n < img.size; n++) {
        copy = malloc(n ? n : 1); /* exact size: ASan catches overreads */
        memcpy(copy, img.b, n);
        CHECK(xc_elf_parse(copy, n, &info, err, sizeof(err)) < 0);
        free(copy);
    }
    CHECK_EQ(xc_elf_parse(img.b, img.size, &info, err, sizeof(err)), 0);
}

/* The load callback: a window over [virt_kstart, virt_kend). */
static uint8_t window[0x8000];
static unsigned int writes;

static int win_write(void *ctx, uint64_t va, const void *src, size_t len)
{
    const struct xc_elf_info *i = ctx;
    CHECK(va >= i->virt_kstart && len <= i->virt_kend - va);
    if (src)
        memcpy(window + (va - i->virt_kstart), src, len);
    else
        memset(window + (va - i->virt_kstart), 0, len);
    writes++;
    return 0;
}

static int fail_write(void *ctx, uint64_t va, const void *src, size_t len)
{
    (void)ctx, (void)va, (void)src, (void)len;
    return -XC_EFAULT;
}

TEST(elf_load_copies_and_zeroes)
{
    xb_linux(&img, &notes);
    CHECK_EQ(parse_img(), 0);
    memset(window, 0xee, sizeof(window));
    writes = 0;
    CHECK_EQ(xc_elf_load(img.b, img.size, &info, win_write, &info), 0);
    CHECK_EQ(writes, 2);
    CHECK_EQ(window[0], 1);
    CHECK_EQ(window[0x17ff], (uint8_t)(0x17ff * 7 + 1));
    CHECK_EQ(window[0x1800], 0);
    CHECK_EQ(window[0x4fff], 0);
    CHECK_EQ(window[0x5000], 0xee);
    CHECK_EQ(xc_elf_load(img.b, img.size, &info, fail_write, &info),
             -XC_EFAULT);
    info.virt_kend += 0x1000; /* an info that does not match the image */
    CHECK_EQ(xc_elf_load(img.b, img.size, &info, win_write, &info), -XC_EINVAL);
}

TEST(elf_features_list)
{
    uint32_t sup[1] = {0}, req[1] = {0};
    CHECK_EQ(xc_elf_parse_features("dom0|!writable_descriptor_tables||x", 64,
                                   sup, req, err, sizeof(err)),
             0);
    CHECK_EQ(sup[0], (1u << 11) | (1u << 1));
    CHECK_EQ(req[0], 1u << 1);
    CHECK_EQ(xc_elf_parse_features("!", 1, sup, req, err, sizeof(err)),
             -XC_EINVAL);
    /* len bounds the string even without a NUL. */
    CHECK_EQ(xc_elf_parse_features("dom0!zz", 4, sup, req, err, sizeof(err)),
             0);
}
