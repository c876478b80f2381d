/* SPDX-License-Identifier: BSD-2-Clause */
/* Unit tests for the Xen PV kernel parser/loader on hand-built ELF images. */
#include "harness.h"
#include <basalt/xen_elf.h>
#include <basalt/errno.h>
#include <stdint.h>

#define IMG_MAX   0x4000
#define PHDR_OFF  0x40
#define DATA_OFF  0x200
#define PT_LOAD   1
#define PT_NOTE   4
#define PF_RWX    7
#define SHT_PROG  1
#define SHT_STR   3
#define SHT_NOTE  7
#define LINUX_VB  0xffffffff80000000ULL
#define LINUX_KS  0xffffffff81000000ULL
#define LINUX_PA  0x1000000ULL
#define LOAD_FILE 0x1800
#define LOAD_MEM  0x5000

/* ---- image builder --------------------------------------------------- */

struct elfb {
    uint8_t b[IMG_MAX];
    size_t size;
    unsigned int phnum, shnum;
    uint8_t sh[8][64];
    char shstr[128];
    size_t shstr_len;
};

struct notes {
    uint8_t b[2048];
    size_t len;
};

static void put16(uint8_t *p, uint16_t v)
{
    memcpy(p, &v, 2);
}
static void put32(uint8_t *p, uint32_t v)
{
    memcpy(p, &v, 4);
}
static void put64(uint8_t *p, uint64_t v)
{
    memcpy(p, &v, 8);
}

static void eb_init(struct elfb *e, uint64_t entry)
{
    memset(e, 0, sizeof(*e));
    memcpy(e->b, "\177ELF\2\1\1", 7);
    put16(e->b + 16, 2);  /* ET_EXEC */
    put16(e->b + 18, 62); /* EM_X86_64 */
    put32(e->b + 20, 1);
    put64(e->b + 24, entry);
    put64(e->b + 32, PHDR_OFF);
    put16(e->b + 52, 64);
    put16(e->b + 54, 56);
    put16(e->b + 58, 64);
    e->size = DATA_OFF;
    e->shstr_len = 1;
}

static size_t eb_data(struct elfb *e, const void *p, size_t n)
{
    size_t off = (e->size + 15) & ~(size_t)15;
    memcpy(e->b + off, p, n);
    e->size = off + n;
    return off;
}

static uint8_t *eb_phdr(struct elfb *e, uint32_t type, uint64_t off,
                        uint64_t paddr, uint64_t filesz, uint64_t memsz)
{
    uint8_t *p = e->b + PHDR_OFF + 56 * e->phnum++;
    put32(p, type);
    put32(p + 4, PF_RWX);
    put64(p + 8, off);
    put64(p + 16, paddr);
    put64(p + 24, paddr);
    put64(p + 32, filesz);
    put64(p + 40, memsz);
    put16(e->b + 56, e->phnum);
    return p;
}

static void eb_section(struct elfb *e, const char *name, uint32_t type,
                       uint64_t off, uint64_t size)
{
    uint8_t *s = e->sh[++e->shnum];
    put32(s, e->shstr_len);
    put32(s + 4, type);
    put64(s + 24, off);
    put64(s + 32, size);
    strcpy(e->shstr + e->shstr_len, name);
    e->shstr_len += strlen(name) + 1;
}

/* Append the section name table and the header table; return the size. */
static size_t eb_finish(struct elfb *e)
{
    if (e->shnum) {
        size_t n = e->shstr_len + strlen(".shstrtab") + 1;
        eb_section(e, ".shstrtab", SHT_STR, 0, n);
        put64(e->sh[e->shnum] + 24, eb_data(e, e->shstr, n));
        put64(e->b + 40, eb_data(e, e->sh, 64 * (e->shnum + 1)));
        put16(e->b + 60, e->shnum + 1);
        put16(e->b + 62, e->shnum);
    }
    return e->size;
}

static void note_raw(struct notes *n, const char *name, uint32_t namesz,
                     uint32_t type, const void *desc, uint32_t descsz)
{
    uint8_t *p = n->b + n->len;
    put32(p, namesz);
    put32(p + 4, descsz);
    put32(p + 8, type);
    memcpy(p + 12, name, namesz);
    memcpy(p + 12 + ((namesz + 3) & ~3u), desc, descsz);
    n->len += 12 + ((namesz + 3) & ~3u) + ((descsz + 3) & ~3u);
}

static void note_str(struct notes *n, uint32_t type, const char *s)
{
    note_raw(n, "Xen", 4, type, s, strlen(s) + 1);
}

static void note_u64(struct notes *n, uint32_t type, uint64_t v)
{
    note_raw(n, "Xen", 4, type, &v, 8);
}

static void note_u32(struct notes *n, uint32_t type, uint32_t v)
{
    note_raw(n, "Xen", 4, type, &v, 4);
}

static uint8_t pattern(size_t i)
{
    return (uint8_t)(i * 13 + 7);
}

/* One loadable segment of LOAD_FILE pattern bytes; notes in a PT_NOTE. */
static void kernel(struct elfb *e, uint64_t entry, uint64_t paddr,
                   const struct notes *n)
{
    uint8_t payload[LOAD_FILE];
    for (size_t i = 0; i < sizeof(payload); i++)
        payload[i] = pattern(i);
    eb_init(e, entry);
    eb_phdr(e, PT_LOAD, eb_data(e, payload, LOAD_FILE), paddr, LOAD_FILE,
            LOAD_MEM);
    if (n)
        eb_phdr(e, PT_NOTE, eb_data(e, n->b, n->len), 0, n->len, n->len);
}

/* A minimal Linux-style note set on top of which tests add their own. */
static void linux_notes(struct notes *n)
{
    memset(n, 0, sizeof(*n));
    note_str(n, XEN_ELFNOTE_GUEST_OS, "linux");
    note_str(n, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
    note_u64(n, XEN_ELFNOTE_VIRT_BASE, LINUX_VB);
    note_u64(n, XEN_ELFNOTE_PADDR_OFFSET, 0);
}

static struct elfb eb;
static struct xen_elf_info info;
static char err[160];

static int parse(void)
{
    return xen_elf_parse(eb.b, eb_finish(&eb), &info, err, sizeof(err));
}

static int parse_notes(const struct notes *n)
{
    kernel(&eb, LINUX_KS + 0x40, LINUX_PA, n);
    return parse();
}

/* ---- well-formed kernels --------------------------------------------- */

TEST(xen_elf_linux_notes_high)
{
    struct notes n;
    linux_notes(&n);
    note_u64(&n, XEN_ELFNOTE_ENTRY, LINUX_KS + 0x100);
    note_u64(&n, XEN_ELFNOTE_HYPERCALL_PAGE, LINUX_KS + 0x1000);
    note_u64(&n, XEN_ELFNOTE_HV_START_LOW, 0xffff800000000000ULL);
    note_u64(&n, XEN_ELFNOTE_INIT_P2M, 0x8000000000ULL);
    note_u32(&n, XEN_ELFNOTE_MOD_START_PFN, 1);
    note_str(&n, XEN_ELFNOTE_PAE_MODE, "yes");
    note_str(&n, XEN_ELFNOTE_GUEST_VERSION, "2.6");
    note_raw(&n, "GNU", 4, 3, "buildid!", 8); /* foreign notes are skipped */
    note_u64(&n, XEN_ELFNOTE_L1_MFN_VALID, 1);
    CHECK_EQ(parse_notes(&n), 0);
    CHECK_STR(err, "");
    CHECK_EQ(info.virt_base, LINUX_VB);
    CHECK_EQ(info.paddr_offset, 0);
    CHECK_EQ(info.virt_kstart, LINUX_KS);
    CHECK_EQ(info.virt_kend, LINUX_KS + LOAD_MEM);
    CHECK_EQ(info.pstart, LINUX_PA);
    CHECK_EQ(info.pend, LINUX_PA + LOAD_MEM);
    CHECK_EQ(info.virt_entry, LINUX_KS + 0x100);
    CHECK_EQ(info.virt_hypercall, LINUX_KS + 0x1000);
    CHECK_EQ(info.hv_start_low, 0xffff800000000000ULL);
    CHECK_EQ(info.init_p2m, 0x8000000000ULL);
    CHECK_EQ(info.phys32_entry, XEN_ELF_UNSET);
    CHECK(info.unmapped_initrd);
    CHECK(!info.suspend_cancel);
    CHECK_EQ(info.pae_mode, XEN_ELF_PAE_EXTCR3);
    CHECK(info.has_notes);
    CHECK(!info.has_legacy);
    CHECK_EQ(info.nr_xen_notes, 12);
    CHECK_EQ(info.nr_load, 1);
    CHECK_STR(info.guest_os, "linux");
    CHECK_STR(info.guest_version, "2.6");
    CHECK_STR(info.xen_version, "xen-3.0");
    CHECK_STR(info.loader, "");
}

TEST(xen_elf_entry_defaults_to_e_entry)
{
    struct notes n;
    linux_notes(&n);
    CHECK_EQ(parse_notes(&n), 0);
    CHECK_EQ(info.virt_entry, LINUX_KS + 0x40);
    CHECK_EQ(info.virt_hypercall, XEN_ELF_UNSET);
    CHECK_EQ(info.init_p2m, XEN_ELF_UNSET);
}

TEST(xen_elf_linked_at_zero_4byte_notes)
{
    struct notes n = {0};
    note_str(&n, XEN_ELFNOTE_LOADER, "generic");
    note_str(&n, XEN_ELFNOTE_GUEST_OS, "Mini-OS");
    note_str(&n, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
    note_u32(&n, XEN_ELFNOTE_VIRT_BASE, 0);
    note_u32(&n, XEN_ELFNOTE_PADDR_OFFSET, 0);
    note_u32(&n, XEN_ELFNOTE_ENTRY, 0);
    note_u32(&n, XEN_ELFNOTE_HYPERCALL_PAGE, 0x1000);
    note_u32(&n, XEN_ELFNOTE_SUSPEND_CANCEL, 1);
    kernel(&eb, 0x0, 0x0, &n);
    CHECK_EQ(parse(), 0);
    CHECK_EQ(info.virt_base, 0);
    CHECK_EQ(info.virt_kstart, 0);
    CHECK_EQ(info.virt_kend, LOAD_MEM);
    CHECK_EQ(info.virt_entry, 0);
    CHECK_EQ(info.virt_hypercall, 0x1000);
    CHECK(info.suspend_cancel);
    CHECK_STR(info.loader, "generic");
}

/* Old kernels put virtual addresses in p_paddr and said so with the offset. */
TEST(xen_elf_paddr_offset_equal_to_virt_base)
{
    struct notes n = {0};
    note_str(&n, XEN_ELFNOTE_GUEST_OS, "linux");
    note_str(&n, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
    note_u64(&n, XEN_ELFNOTE_VIRT_BASE, 0xffffffff80000000ULL);
    note_u64(&n, XEN_ELFNOTE_PADDR_OFFSET, 0xffffffff80000000ULL);
    kernel(&eb, 0xffffffff80200000ULL, 0xffffffff80200000ULL, &n);
    CHECK_EQ(parse(), 0);
    CHECK_EQ(info.paddr_offset, 0xffffffff80000000ULL);
    CHECK_EQ(info.virt_kstart, 0xffffffff80200000ULL);
    CHECK_EQ(info.virt_kend, 0xffffffff80200000ULL + LOAD_MEM);
}

TEST(xen_elf_numeric_note_sizes)
{
    struct notes n = {0};
    uint8_t one = 1, three[3] = {1, 2, 3};
    uint16_t two = 0x2000;
    note_str(&n, XEN_ELFNOTE_GUEST_OS, "linux");
    note_str(&n, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
    note_u32(&n, XEN_ELFNOTE_VIRT_BASE, 0);
    note_u32(&n, XEN_ELFNOTE_ENTRY, 0x1200);
    note_raw(&n, "Xen", 4, XEN_ELFNOTE_HYPERCALL_PAGE, &two, 2);
    note_raw(&n, "Xen", 4, XEN_ELFNOTE_SUSPEND_CANCEL, &one, 1);
    note_u64(&n, XEN_ELFNOTE_HV_START_LOW, 0xffff800000000000ULL);
    kernel(&eb, 0, 0x1000, &n);
    CHECK_EQ(parse(), 0);
    CHECK_EQ(info.virt_base, 0);
    CHECK_EQ(info.virt_kstart, 0x1000);
    CHECK_EQ(info.virt_entry, 0x1200);
    CHECK_EQ(info.virt_hypercall, 0x2000);
    CHECK_EQ(info.hv_start_low, 0xffff800000000000ULL);
    CHECK(info.suspend_cancel);

    /* A 4-byte number is zero-extended, not sign-extended. */
    linux_notes(&n);
    note_u32(&n, XEN_ELFNOTE_ENTRY, 0x81000200);
    CHECK_EQ(parse_notes(&n), -EINVAL);
    CHECK_STR(err, "entry 0x81000200 outside the kernel image "
                   "0xffffffff81000000-0xffffffff81005000");

    linux_notes(&n);
    note_raw(&n, "Xen", 4, XEN_ELFNOTE_ENTRY, three, 3);
    CHECK_EQ(parse_notes(&n), -EINVAL);
    CHECK_STR(err, "Xen note ENTRY: numeric size 3 is not 1, 2, 4 or 8");
}

TEST(xen_elf_features)
{
    struct notes n;
    linux_notes(&n);
    note_str(&n, XEN_ELFNOTE_FEATURES,
             "!writable_page_tables|pae_pgdir_above_4gb|no_such_thing||"
             "!linux_rsdp_unrestricted|dom0");
    note_u32(&n, XEN_ELFNOTE_SUPPORTED_FEATURES,
             1u << XENFEAT_hvm_callback_vector);
    CHECK_EQ(parse_notes(&n), 0);
    CHECK_EQ(info.features_supported[0],
             (1u << 0) | (1u << 4) | (1u << 15) | (1u << 11) | (1u << 8));
    CHECK_EQ(info.features_required[0], (1u << 0) | (1u << 15));
    CHECK(xen_elf_feature_test(info.features_required,
                               XENFEAT_writable_page_tables));
    CHECK(!xen_elf_feature_test(info.features_required, XENFEAT_dom0));
    CHECK(info.has_supported_features);
    CHECK_STR(info.features_str, "!writable_page_tables|pae_pgdir_above_4gb|"
                                 "no_such_thing||!linux_rsdp_unrestricted|"
                                 "dom0");
}

/* Names and bit numbers as in Xen's public features.h. */
TEST(xen_elf_feature_numbering)
{
    static const struct {
        const char *name;
        unsigned int bit;
    } t[] = {
        {"writable_page_tables", 0},
        {"writable_descriptor_tables", 1},
        {"auto_translated_physmap", 2},
        {"supervisor_mode_kernel", 3},
        {"pae_pgdir_above_4gb", 4},
        {"mmu_pt_update_preserve_ad", 5},
        {"highmem_assist", 6},
        {"gnttab_map_avail_bits", 7},
        {"hvm_callback_vector", 8},
        {"hvm_safe_pvclock", 9},
        {"hvm_pirqs", 10},
        {"dom0", 11},
        {"memory_op_vnode_supported", 13},
        {"ARM_SMCCC_supported", 14},
        {"linux_rsdp_unrestricted", 15},
        {"not_direct_mapped", 16},
        {"direct_mapped", 17},
    };
    for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
        uint32_t sup[1] = {0}, req[1] = {0};
        char buf[64];
        snprintf(buf, sizeof(buf), "!%s", t[i].name);
        CHECK_EQ(xen_elf_parse_features(buf, sizeof(buf), sup, req, NULL, 0),
                 0);
        CHECK_EQ(sup[0], 1u << t[i].bit);
        CHECK_EQ(req[0], 1u << t[i].bit);
    }
    /* 12 (grant_map_identity) is retired in Xen: unknown here. */
    uint32_t sup[1] = {0}, req[1] = {0};
    CHECK_EQ(
        xen_elf_parse_features("!grant_map_identity", 64, sup, req, NULL, 0),
        -EINVAL);
}

TEST(xen_elf_features_unknown_required)
{
    struct notes n;
    linux_notes(&n);
    note_str(&n, XEN_ELFNOTE_FEATURES, "dom0|!warp_drive");
    CHECK_EQ(parse_notes(&n), -EINVAL);
    CHECK_STR(err, "kernel requires unknown feature 'warp_drive'");

    uint32_t sup[1] = {0}, req[1] = {0};
    CHECK_EQ(xen_elf_parse_features("!dom0|writable_page_tables", 5, sup, req,
                                    NULL, 0),
             0);
    CHECK_EQ(sup[0], 1u << 11);
    CHECK_EQ(req[0], 1u << 11);
}

TEST(xen_elf_legacy_xen_guest)
{
    static const char guest[] =
        "GUEST_OS=linux,GUEST_VER=2.6,XEN_VER=xen-3.0,"
        "VIRT_BASE=0xffffffff80000000,HYPERCALL_PAGE=0x101,LOADER=generic,"
        "FEATURES=writable_page_tables|!auto_translated_physmap,"
        "PAE=yes[extended-cr3],BSD_SYMTAB";
    kernel(&eb, 0xffffffff80100000ULL, 0xffffffff80100000ULL, NULL);
    eb_section(&eb, "__xen_guest", SHT_PROG, eb_data(&eb, guest, sizeof(guest)),
               sizeof(guest));
    CHECK_EQ(parse(), 0);
    CHECK_STR(err, "");
    CHECK(info.has_legacy);
    CHECK(!info.has_notes);
    CHECK_EQ(info.virt_base, 0xffffffff80000000ULL);
    /* Legacy default: PADDR_OFFSET = VIRT_BASE. */
    CHECK_EQ(info.paddr_offset, 0xffffffff80000000ULL);
    CHECK_EQ(info.virt_kstart, 0xffffffff80100000ULL);
    CHECK_EQ(info.virt_entry, 0xffffffff80100000ULL);
    /* A page number relative to VIRT_BASE. */
    CHECK_EQ(info.virt_hypercall, 0xffffffff80101000ULL);
    CHECK_EQ(info.features_supported[0], (1u << 0) | (1u << 2));
    CHECK_EQ(info.features_required[0], 1u << 2);
    CHECK_EQ(info.pae_mode, XEN_ELF_PAE_EXTCR3);
    CHECK(info.bsd_symtab);
    CHECK_STR(info.guest_version, "2.6");
    CHECK_STR(info.loader, "generic");
}

TEST(xen_elf_legacy_explicit_offset_and_entry)
{
    /* The section ends before ",VIRT_BASE=...": reading on would see it. */
    static const char guest[] = "LOADER=generic,XEN_VER=xen-3.0,"
                                "VIRT_BASE=0x400000,ELF_PADDR_OFFSET=00,"
                                "VIRT_ENTRY=4198400,HYPERCALL_PAGE=03"
                                ",VIRT_BASE=0x999";
    kernel(&eb, 0, 0x1000, NULL);
    eb_section(&eb, "__xen_guest", SHT_PROG, eb_data(&eb, guest, sizeof(guest)),
               sizeof(guest) - sizeof(",VIRT_BASE=0x999"));
    CHECK_EQ(parse(), 0);
    CHECK_EQ(info.virt_base, 0x400000);
    CHECK_EQ(info.paddr_offset, 0);
    CHECK_EQ(info.virt_kstart, 0x401000);
    CHECK_EQ(info.virt_entry, 0x401000);
    CHECK_EQ(info.virt_hypercall, 0x403000);
}

TEST(xen_elf_notes_win_over_legacy)
{
    static const char guest[] = "GUEST_OS=linux,XEN_VER=xen-3.0,"
                                "VIRT_BASE=0x1234000,HYPERCALL_PAGE=zz";
    struct notes n;
    linux_notes(&n);
    kernel(&eb, LINUX_KS, LINUX_PA, &n);
    eb_section(&eb, "__xen_guest", SHT_PROG, eb_data(&eb, guest, sizeof(guest)),
               sizeof(guest));
    CHECK_EQ(parse(), 0);
    CHECK(info.has_notes);
    CHECK(!info.has_legacy);
    CHECK_EQ(info.virt_base, LINUX_VB);
    CHECK_EQ(info.virt_hypercall, XEN_ELF_UNSET);
}

/* No PT_NOTE (or one with p_offset 0, which Xen skips): SHT_NOTE sections. */
TEST(xen_elf_notes_from_section)
{
    struct notes n, e = {0};
    linux_notes(&n);
    note_u64(&e, XEN_ELFNOTE_ENTRY, LINUX_KS + 8);
    kernel(&eb, LINUX_KS, LINUX_PA, NULL);
    eb_phdr(&eb, PT_NOTE, 0, 0, 0x40, 0x40);
    /* Every SHT_NOTE section is read, not just the first with Xen notes. */
    eb_section(&eb, ".note.Xen", SHT_NOTE, eb_data(&eb, n.b, n.len), n.len);
    eb_section(&eb, ".note.Xen2", SHT_NOTE, eb_data(&eb, e.b, e.len), e.len);
    CHECK_EQ(parse(), 0);
    CHECK(info.has_notes);
    CHECK_EQ(info.nr_xen_notes, 5);
    CHECK_EQ(info.virt_entry, LINUX_KS + 8);
}

/* A garbage section table is ignored when the program headers suffice. */
TEST(xen_elf_bogus_section_table_ignored)
{
    struct notes n;
    linux_notes(&n);
    kernel(&eb, LINUX_KS, LINUX_PA, &n);
    eb_finish(&eb);
    put64(eb.b + 40, 0xfffffffffffffff0ULL);
    put16(eb.b + 60, 0xffff);
    CHECK_EQ(xen_elf_parse(eb.b, eb.size, &info, err, sizeof(err)), 0);
    put64(eb.b + 40, 0x100);
    put16(eb.b + 58, 40);
    CHECK_EQ(xen_elf_parse(eb.b, eb.size, &info, err, sizeof(err)), 0);
}

/* ---- hostile headers --------------------------------------------------- */

static int reparse(void)
{
    return xen_elf_parse(eb.b, eb.size, &info, err, sizeof(err));
}

static void good_kernel(void)
{
    static struct notes n;
    linux_notes(&n);
    kernel(&eb, LINUX_KS, LINUX_PA, &n);
    eb_finish(&eb);
}

TEST(xen_elf_truncated_header)
{
    good_kernel();
    CHECK_EQ(xen_elf_parse(eb.b, 63, &info, err, sizeof(err)), -ENOEXEC);
    CHECK(strstr(err, "too small"));
    CHECK_EQ(xen_elf_parse(NULL, 0, &info, NULL, 0), -ENOEXEC);
    CHECK_EQ(reparse(), 0);
    /* Cut inside the payload: the PT_LOAD no longer fits. */
    CHECK_EQ(xen_elf_parse(eb.b, DATA_OFF + 0x100, &info, err, sizeof(err)),
             -ENOEXEC);
}

TEST(xen_elf_bad_ident)
{
    good_kernel();
    eb.b[1] = 'X';
    CHECK_EQ(reparse(), -ENOEXEC);
    CHECK_STR(err, "not an ELF image");
    good_kernel();
    eb.b[4] = 1; /* ELFCLASS32 */
    CHECK_EQ(reparse(), -ENOEXEC);
    CHECK(strstr(err, "class 1"));
    good_kernel();
    eb.b[5] = 2; /* big-endian */
    CHECK_EQ(reparse(), -ENOEXEC);
}

TEST(xen_elf_wrong_machine_or_type)
{
    good_kernel();
    put16(eb.b + 18, 3); /* EM_386 */
    CHECK_EQ(reparse(), -ENOEXEC);
    CHECK_STR(err, "not an x86_64 executable (machine 3, type 2)");
    good_kernel();
    put16(eb.b + 16, 3); /* ET_DYN */
    CHECK_EQ(reparse(), -ENOEXEC);
}

TEST(xen_elf_phdr_table_bounds)
{
    good_kernel();
    put64(eb.b + 32, eb.size);
    CHECK_EQ(reparse(), -ENOEXEC);
    CHECK(strstr(err, "program headers at"));
    good_kernel();
    put64(eb.b + 32, UINT64_MAX - 8); /* phoff + phnum * 56 wraps */
    put16(eb.b + 56, 0xfffe);
    CHECK_EQ(reparse(), -ENOEXEC);
    good_kernel();
    put16(eb.b + 54, 32); /* phentsize */
    CHECK_EQ(reparse(), -ENOEXEC);
    good_kernel();
    put16(eb.b + 56, 0);
    CHECK_EQ(reparse(), -ENOEXEC);
    good_kernel();
    put16(eb.b + 56, 0xffff); /* PN_XNUM */
    CHECK_EQ(reparse(), -ENOEXEC);
}

TEST(xen_elf_load_segment_bounds)
{
    uint8_t *ph;
    good_kernel();
    ph = eb.b + PHDR_OFF;
    put64(ph + 32, eb.size); /* filesz past the end */
    put64(ph + 40, eb.size);
    CHECK_EQ(reparse(), -ENOEXEC);
    CHECK(strstr(err, "segment 0"));
    good_kernel();
    put64(ph + 8, UINT64_MAX); /* offset + filesz wraps */
    CHECK_EQ(reparse(), -ENOEXEC);
    good_kernel();
    put64(ph + 40, LOAD_FILE - 1); /* filesz > memsz */
    CHECK_EQ(reparse(), -ENOEXEC);
    CHECK(strstr(err, "exceeds memory size"));
    good_kernel();
    put64(ph + 24, UINT64_MAX - 0x100); /* paddr + memsz wraps */
    CHECK_EQ(reparse(), -ENOEXEC);
    CHECK(strstr(err, "wraps"));
    good_kernel();
    put64(ph + 56 + 8, eb.size - 4); /* PT_NOTE past the end */
    CHECK_EQ(reparse(), -ENOEXEC);
    good_kernel();
    put32(ph + 4, 0); /* no R/W/X: not loadable */
    CHECK_EQ(reparse(), -ENOEXEC);
    CHECK_STR(err, "no loadable segments");
}

/* ---- hostile notes ----------------------------------------------------- */

TEST(xen_elf_note_size_overflow)
{
    struct notes n;
    linux_notes(&n);
    note_raw(&n, "Xen", 4, XEN_ELFNOTE_ENTRY, "12345678", 8);
    put32(n.b + n.len - 24, 0xffffffff); /* namesz */
    CHECK_EQ(parse_notes(&n), -EINVAL);
    CHECK(strstr(err, "namesz 0xffffffff"));
    linux_notes(&n);
    note_raw(&n, "Xen", 4, XEN_ELFNOTE_ENTRY, "12345678", 8);
    put32(n.b + n.len - 20, 0xfffffffd); /* descsz */
    CHECK_EQ(parse_notes(&n), -EINVAL);
    CHECK(strstr(err, "runs past the end"));
}

TEST(xen_elf_note_past_segment)
{
    struct notes n;
    linux_notes(&n);
    note_u64(&n, XEN_ELFNOTE_ENTRY, LINUX_KS);
    n.len -= 4; /* the segment ends half-way into the descriptor */
    CHECK_EQ(parse_notes(&n), -EINVAL);
    CHECK(strstr(err, "ELF note 4 (namesz 0x4, descsz 0x8)"));
    /* Missing padding after the last descriptor is tolerated. */
    linux_notes(&n);
    note_str(&n, XEN_ELFNOTE_LOADER, "gen");
    note_raw(&n, "Xen", 4, XEN_ELFNOTE_GUEST_VERSION, "ab", 3);
    n.len -= 1;
    CHECK_EQ(parse_notes(&n), 0);
    CHECK_STR(info.guest_version, "ab");
    /* A trailing fragment shorter than a note header is ignored. */
    linux_notes(&n);
    n.len += 8;
    CHECK_EQ(parse_notes(&n), 0);
}

TEST(xen_elf_note_unterminated_string)
{
    struct notes n;
    linux_notes(&n);
    note_raw(&n, "Xen", 4, XEN_ELFNOTE_GUEST_OS, "linuxxxx", 8);
    CHECK_EQ(parse_notes(&n), -EINVAL);
    CHECK_STR(err, "Xen note GUEST_OS: string is not NUL-terminated");
    linux_notes(&n);
    note_raw(&n, "Xen", 4, XEN_ELFNOTE_FEATURES, "", 0);
    CHECK_EQ(parse_notes(&n), -EINVAL);
    /* Long strings are truncated into the fixed fields. */
    linux_notes(&n);
    note_str(&n, XEN_ELFNOTE_GUEST_VERSION,
             "0123456789abcdef0123456789abcdefXYZ");
    CHECK_EQ(parse_notes(&n), 0);
    CHECK_STR(info.guest_version, "0123456789abcdef0123456789abcde");
}

TEST(xen_elf_supported_features_size)
{
    struct notes n;
    linux_notes(&n);
    note_raw(&n, "Xen", 4, XEN_ELFNOTE_SUPPORTED_FEATURES, "\1\0\0", 3);
    CHECK_EQ(parse_notes(&n), -EINVAL);
    CHECK(strstr(err, "SUPPORTED_FEATURES"));
}

TEST(xen_elf_too_many_notes)
{
    size_t count = 65537, len = count * 12;
    uint8_t *area = calloc(1, len);
    struct xen_elf_info tmp;
    xen_elf_info_init(&tmp);
    CHECK_EQ(xen_elf_parse_notes(area, len - 12, &tmp, err, sizeof(err)), 0);
    CHECK_EQ(xen_elf_parse_notes(area, len, &tmp, err, sizeof(err)), -EINVAL);
    CHECK_STR(err, "too many ELF notes");
    free(area);
}

/* ---- inconsistent layouts ---------------------------------------------- */

TEST(xen_elf_no_notes_at_all)
{
    kernel(&eb, LINUX_KS, LINUX_PA, NULL);
    CHECK_EQ(parse(), -EINVAL);
    CHECK(strstr(err, "kernel has no Xen ELF notes (neither PT_NOTE 'Xen' "
                      "notes nor a __xen_guest section)"));
    /* Notes under another name do not count. */
    struct notes n = {0};
    note_raw(&n, "Xen2", 5, XEN_ELFNOTE_GUEST_OS, "linux", 6);
    note_raw(&n, "Xe", 3, XEN_ELFNOTE_GUEST_OS, "linux", 6);
    CHECK_EQ(parse_notes(&n), -EINVAL);
    CHECK(strstr(err, "kernel has no Xen ELF notes"));
}

TEST(xen_elf_identity_checks)
{
    struct notes n = {0};
    note_str(&n, XEN_ELFNOTE_GUEST_OS, "Plan9");
    note_str(&n, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
    CHECK_EQ(parse_notes(&n), -EINVAL);
    CHECK(strstr(err, "neither for the generic loader nor as Linux"));
    memset(&n, 0, sizeof(n));
    note_str(&n, XEN_ELFNOTE_GUEST_OS, "linux");
    note_str(&n, XEN_ELFNOTE_XEN_VERSION, "xen-2.0");
    CHECK_EQ(parse_notes(&n), -EINVAL);
    CHECK(strstr(err, "not built for Xen 3.0"));
}

TEST(xen_elf_entry_outside_image)
{
    struct notes n;
    linux_notes(&n);
    note_u64(&n, XEN_ELFNOTE_ENTRY, LINUX_KS - 1);
    CHECK_EQ(parse_notes(&n), -EINVAL);
    CHECK_STR(err, "entry 0xffffffff80ffffff outside the kernel image "
                   "0xffffffff81000000-0xffffffff81005000");
    linux_notes(&n);
    note_u64(&n, XEN_ELFNOTE_ENTRY, LINUX_KS + LOAD_MEM);
    CHECK_EQ(parse_notes(&n), -EINVAL);
    linux_notes(&n);
    note_u64(&n, XEN_ELFNOTE_ENTRY, LINUX_KS + LOAD_MEM - 1);
    CHECK_EQ(parse_notes(&n), 0);
}

TEST(xen_elf_hypercall_page_outside_image)
{
    struct notes n;
    linux_notes(&n);
    note_u64(&n, XEN_ELFNOTE_HYPERCALL_PAGE, LINUX_KS + LOAD_MEM);
    CHECK_EQ(parse_notes(&n), -EINVAL);
    CHECK(strstr(err, "hypercall page 0xffffffff81005000"));
    linux_notes(&n);
    note_u64(&n, XEN_ELFNOTE_HYPERCALL_PAGE, LINUX_KS + 0x1800);
    CHECK_EQ(parse_notes(&n), -EINVAL);
    CHECK(strstr(err, "not a page-aligned"));
    /* Legacy page number overflowing when shifted. */
    static const char guest[] = "GUEST_OS=linux,XEN_VER=xen-3.0,"
                                "HYPERCALL_PAGE=0x10000000000000";
    kernel(&eb, LINUX_KS, LINUX_PA, NULL);
    eb_section(&eb, "__xen_guest", SHT_PROG, eb_data(&eb, guest, sizeof(guest)),
               sizeof(guest));
    CHECK_EQ(parse(), -EINVAL);
    CHECK(strstr(err, "too large"));
}

TEST(xen_elf_layout_inconsistencies)
{
    struct notes n = {0};
    note_str(&n, XEN_ELFNOTE_GUEST_OS, "linux");
    note_str(&n, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
    note_u64(&n, XEN_ELFNOTE_PADDR_OFFSET, 0);
    CHECK_EQ(parse_notes(&n), -EINVAL);
    CHECK_STR(err, "PADDR_OFFSET is set but VIRT_BASE is not");

    linux_notes(&n);
    note_u64(&n, XEN_ELFNOTE_PADDR_OFFSET, LINUX_PA + 0x1000);
    CHECK_EQ(parse_notes(&n), -EINVAL);
    CHECK(strstr(err, "above the kernel start"));

    linux_notes(&n);
    note_u64(&n, XEN_ELFNOTE_INIT_P2M, LINUX_KS + 0x2000);
    CHECK_EQ(parse_notes(&n), -EINVAL);
    CHECK(strstr(err, "INIT_P2M"));

    /* pstart + offset fine, pend + offset wraps past 2^64. */
    linux_notes(&n);
    note_u64(&n, XEN_ELFNOTE_VIRT_BASE, 0xfffffffffffff000ULL);
    kernel(&eb, 0xfffffffffffff000ULL, 0, &n);
    CHECK_EQ(parse(), -EINVAL);
    CHECK(strstr(err, "wraps the address space"));
}

TEST(xen_elf_legacy_hostile)
{
    static const char bad_num[] = "GUEST_OS=linux,XEN_VER=xen-3.0,"
                                  "VIRT_BASE=0x1g";
    static const char too_long[] = "GUEST_OS=linux,XEN_VER=xen-3.0,"
                                   "THIS_KEY_IS_FAR_TOO_LONG_FOR_XEN_TO_KEEP=1";
    static const char overflow[] = "GUEST_OS=linux,XEN_VER=xen-3.0,"
                                   "VIRT_BASE=18446744073709551616";
    const char *cases[] = {bad_num, too_long, overflow};
    for (size_t i = 0; i < 3; i++) {
        kernel(&eb, LINUX_KS, LINUX_PA, NULL);
        eb_section(&eb, "__xen_guest", SHT_PROG,
                   eb_data(&eb, cases[i], strlen(cases[i]) + 1),
                   strlen(cases[i]) + 1);
        CHECK_EQ(parse(), -EINVAL);
        CHECK(strstr(err, "__xen_guest"));
    }
    char val[200];
    memset(val, 'a', sizeof(val));
    memcpy(val, "GUEST_OS=", 9);
    val[sizeof(val) - 1] = '\0';
    xen_elf_info_init(&info);
    CHECK_EQ(xen_elf_parse_legacy(val, sizeof(val), &info, err, sizeof(err)),
             -EINVAL);
    CHECK(strstr(err, "too long"));
}

/* ---- loading ----------------------------------------------------------- */

struct fake_mem {
    uint64_t base;
    uint8_t mem[0x8000];
    int calls, fail_at;
};

static int fake_copy(void *ctx, uint64_t dst, const void *src, size_t len)
{
    struct fake_mem *m = ctx;
    if (++m->calls == m->fail_at)
        return -EFAULT;
    if (dst < m->base || len > sizeof(m->mem) ||
        dst - m->base > sizeof(m->mem) - len)
        return -ERANGE;
    memcpy(m->mem + (dst - m->base), src, len);
    return 0;
}

static int fake_zero(void *ctx, uint64_t dst, size_t len)
{
    struct fake_mem *m = ctx;
    if (++m->calls == m->fail_at)
        return -EFAULT;
    if (dst < m->base || len > sizeof(m->mem) ||
        dst - m->base > sizeof(m->mem) - len)
        return -ERANGE;
    memset(m->mem + (dst - m->base), 0, len);
    return 0;
}

/* Two loadable segments, one flagless PT_LOAD that must not be touched. */
static void two_segment_kernel(void)
{
    static struct notes n;
    uint8_t data[0x100];
    uint8_t *ph;
    memset(data, 0x5a, sizeof(data));
    linux_notes(&n);
    kernel(&eb, LINUX_KS, LINUX_PA, &n);
    eb_phdr(&eb, PT_LOAD, eb_data(&eb, data, sizeof(data)), LINUX_PA + 0x6000,
            sizeof(data), 0x1000);
    ph = eb_phdr(&eb, PT_LOAD, DATA_OFF, LINUX_PA + 0x6800, 0x10, 0x10);
    put32(ph + 4, 0);
    eb_finish(&eb);
}

TEST(xen_elf_load_exact_bytes)
{
    static struct fake_mem m;
    two_segment_kernel();
    CHECK_EQ(reparse(), 0);
    CHECK_EQ(info.nr_load, 2);
    CHECK_EQ(info.virt_kend, LINUX_KS + 0x7000);
    memset(&m, 0xee, sizeof(m));
    m.base = LINUX_KS;
    m.calls = 0;
    m.fail_at = -1;
    CHECK_EQ(xen_elf_load(eb.b, eb.size, &info, fake_copy, fake_zero, &m), 0);
    CHECK_EQ(m.calls, 4);
    for (size_t i = 0; i < LOAD_FILE; i++)
        if (m.mem[i] != pattern(i)) {
            CHECK_EQ(i, -1);
            break;
        }
    for (size_t i = LOAD_FILE; i < 0x7000; i++) {
        uint8_t want = (i >= 0x6000 && i < 0x6100)   ? 0x5a
                       : (i >= 0x5000 && i < 0x6000) ? 0xee
                                                     : 0;
        if (m.mem[i] != want) {
            CHECK_EQ(i, -1);
            break;
        }
    }
    CHECK_EQ(m.mem[0x7000], 0xee);
}

TEST(xen_elf_load_errors)
{
    static struct fake_mem m;
    struct xen_elf_info bad;
    two_segment_kernel();
    CHECK_EQ(reparse(), 0);
    m.base = LINUX_KS;
    m.calls = 0;
    m.fail_at = 2;
    CHECK_EQ(xen_elf_load(eb.b, eb.size, &info, fake_copy, fake_zero, &m),
             -EFAULT);
    CHECK_EQ(m.calls, 2);
    /* An info that does not describe this image is refused. */
    bad = info;
    bad.pend -= 0x1000;
    bad.virt_kend -= 0x1000;
    m.calls = 0;
    m.fail_at = -1;
    CHECK_EQ(xen_elf_load(eb.b, eb.size, &bad, fake_copy, fake_zero, &m),
             -EINVAL);
    bad = info;
    bad.virt_kstart += 0x1000;
    CHECK_EQ(xen_elf_load(eb.b, eb.size, &bad, fake_copy, fake_zero, &m),
             -EINVAL);
    CHECK_EQ(xen_elf_load(eb.b, 10, &info, fake_copy, fake_zero, &m), -EINVAL);
}
