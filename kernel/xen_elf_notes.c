/* SPDX-License-Identifier: BSD-2-Clause */
/* Xen ELF notes and FEATURES lists. */
#include <basalt/xen_elf.h>
#include <basalt/errno.h>
#include <basalt/lib.h>
#include <basalt/unaligned.h>

#define NOTE_HDR       12
#define NOTE_MAX_COUNT 65536 /* Xen's ELF_MAX_TOTAL_NOTE_COUNT */

struct xen_note {
    uint32_t type;
    uint32_t descsz;
    const uint8_t *desc;
};

static const char *const xen_elf_feature_names[32] = {
    [XENFEAT_writable_page_tables] = "writable_page_tables",
    [XENFEAT_writable_descriptor_tables] = "writable_descriptor_tables",
    [XENFEAT_auto_translated_physmap] = "auto_translated_physmap",
    [XENFEAT_supervisor_mode_kernel] = "supervisor_mode_kernel",
    [XENFEAT_pae_pgdir_above_4gb] = "pae_pgdir_above_4gb",
    [XENFEAT_mmu_pt_update_preserve_ad] = "mmu_pt_update_preserve_ad",
    [XENFEAT_highmem_assist] = "highmem_assist",
    [XENFEAT_gnttab_map_avail_bits] = "gnttab_map_avail_bits",
    [XENFEAT_hvm_callback_vector] = "hvm_callback_vector",
    [XENFEAT_hvm_safe_pvclock] = "hvm_safe_pvclock",
    [XENFEAT_hvm_pirqs] = "hvm_pirqs",
    [XENFEAT_dom0] = "dom0",
    [XENFEAT_memory_op_vnode_supported] = "memory_op_vnode_supported",
    [XENFEAT_ARM_SMCCC_supported] = "ARM_SMCCC_supported",
    [XENFEAT_linux_rsdp_unrestricted] = "linux_rsdp_unrestricted",
    [XENFEAT_not_direct_mapped] = "not_direct_mapped",
    [XENFEAT_direct_mapped] = "direct_mapped",
};

enum xen_elf_kind { NOTE_SKIP, NOTE_STR, NOTE_NUM, NOTE_FLAG, NOTE_MAP };

/* Where a note lands in struct xen_elf_info: offset and size. */
#define SLOT(f)                                                                \
    offsetof(struct xen_elf_info, f), sizeof(((struct xen_elf_info *)0)->f)

/* Like Xen's note_desc table; special strings have no slot. */
static const struct {
    const char *name;
    enum xen_elf_kind kind;
    size_t field, size;
} xen_elf_notes[] = {
    [XEN_ELFNOTE_ENTRY] = {"ENTRY", NOTE_NUM, SLOT(virt_entry)},
    [XEN_ELFNOTE_HYPERCALL_PAGE] = {"HYPERCALL_PAGE", NOTE_NUM,
                                    SLOT(virt_hypercall)},
    [XEN_ELFNOTE_VIRT_BASE] = {"VIRT_BASE", NOTE_NUM, SLOT(virt_base)},
    [XEN_ELFNOTE_PADDR_OFFSET] = {"PADDR_OFFSET", NOTE_NUM, SLOT(paddr_offset)},
    [XEN_ELFNOTE_XEN_VERSION] = {"XEN_VERSION", NOTE_STR, SLOT(xen_version)},
    [XEN_ELFNOTE_GUEST_OS] = {"GUEST_OS", NOTE_STR, SLOT(guest_os)},
    [XEN_ELFNOTE_GUEST_VERSION] = {"GUEST_VERSION", NOTE_STR,
                                   SLOT(guest_version)},
    [XEN_ELFNOTE_LOADER] = {"LOADER", NOTE_STR, SLOT(loader)},
    [XEN_ELFNOTE_PAE_MODE] = {"PAE_MODE", NOTE_STR, 0, 0},
    [XEN_ELFNOTE_FEATURES] = {"FEATURES", NOTE_STR, 0, 0},
    [XEN_ELFNOTE_BSD_SYMTAB] = {"BSD_SYMTAB", NOTE_STR, 0, 0},
    [XEN_ELFNOTE_HV_START_LOW] = {"HV_START_LOW", NOTE_NUM, SLOT(hv_start_low)},
    [XEN_ELFNOTE_SUSPEND_CANCEL] = {"SUSPEND_CANCEL", NOTE_FLAG,
                                    SLOT(suspend_cancel)},
    [XEN_ELFNOTE_INIT_P2M] = {"INIT_P2M", NOTE_NUM, SLOT(init_p2m)},
    [XEN_ELFNOTE_MOD_START_PFN] = {"MOD_START_PFN", NOTE_FLAG,
                                   SLOT(unmapped_initrd)},
    [XEN_ELFNOTE_SUPPORTED_FEATURES] = {"SUPPORTED_FEATURES", NOTE_MAP, 0, 0},
    [XEN_ELFNOTE_PHYS32_ENTRY] = {"PHYS32_ENTRY", NOTE_NUM, SLOT(phys32_entry)},
};

int xen_elf_fail(int rc, char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;

    if (err && errlen) {
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return rc;
}

void xen_elf_info_init(struct xen_elf_info *info)
{
    memset(info, 0, sizeof(*info));
    info->virt_base = XEN_ELF_UNSET;
    info->paddr_offset = XEN_ELF_UNSET;
    info->virt_entry = XEN_ELF_UNSET;
    info->virt_hypercall = XEN_ELF_UNSET;
    info->hv_start_low = XEN_ELF_UNSET;
    info->init_p2m = XEN_ELF_UNSET;
    info->phys32_entry = XEN_ELF_UNSET;
}

static int xen_elf_feature_bit(const char *name, size_t n)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(xen_elf_feature_names); i++) {
        const char *f = xen_elf_feature_names[i];
        if (f && strlen(f) == n && !memcmp(f, name, n))
            return (int)i;
    }
    return -1;
}

int xen_elf_parse_features(const char *s, size_t len, uint32_t *supported,
                           uint32_t *required, char *err, size_t errlen)
{
    size_t pos = 0, n;

    len = strnlen(s, len);
    for (; pos < len; pos += n + 1) {
        const char *tok = s + pos;
        bool must;
        int bit;

        for (n = 0; pos + n < len && tok[n] != '|'; n++)
            ;
        must = n && tok[0] == '!';
        bit = xen_elf_feature_bit(tok + must, n - must);
        if (bit < 0 && must)
            return xen_elf_fail(-EINVAL, err, errlen,
                                "kernel requires unknown feature '%.*s'",
                                (int)MIN(n - 1, 64), tok + 1);
        if (bit < 0)
            continue;
        supported[bit / 32] |= 1u << (bit % 32);
        if (must)
            required[bit / 32] |= 1u << (bit % 32);
    }
    return 0;
}

static enum xen_elf_kind xen_elf_note_kind(uint32_t type)
{
    return type < ARRAY_SIZE(xen_elf_notes) ? xen_elf_notes[type].kind
                                            : NOTE_SKIP;
}

/* True if needle occurs in the NUL-terminated haystack. */
static bool xen_elf_contains(const char *hay, const char *needle)
{
    size_t n = strlen(needle);

    for (; *hay; hay++)
        if (!strncmp(hay, needle, n))
            return true;
    return false;
}

static int xen_elf_note_str(struct xen_elf_info *info, const struct xen_note *n,
                            char *err, size_t errlen)
{
    const char *s = (const char *)n->desc;

    if (strnlen(s, n->descsz) == n->descsz)
        return xen_elf_fail(-EINVAL, err, errlen,
                            "Xen note %s: string is not NUL-terminated",
                            xen_elf_notes[n->type].name);
    if (xen_elf_notes[n->type].size)
        snprintf((char *)info + xen_elf_notes[n->type].field,
                 xen_elf_notes[n->type].size, "%s", s);
    /* Note-era kernels saying "yes" all handle extended CR3. */
    if (n->type == XEN_ELFNOTE_PAE_MODE && !strcmp(s, "yes"))
        info->pae_mode = XEN_ELF_PAE_EXTCR3;
    if (n->type == XEN_ELFNOTE_PAE_MODE && xen_elf_contains(s, "bimodal"))
        info->pae_mode = XEN_ELF_PAE_BIMODAL;
    if (n->type == XEN_ELFNOTE_BSD_SYMTAB)
        info->bsd_symtab = !strcmp(s, "yes");
    if (n->type != XEN_ELFNOTE_FEATURES)
        return 0;
    snprintf(info->features_str, sizeof(info->features_str), "%s", s);
    return xen_elf_parse_features(s, n->descsz, info->features_supported,
                                  info->features_required, err, errlen);
}

/* Numbers are 1, 2, 4 or 8 little-endian bytes (Xen reads 0 otherwise). */
static int xen_elf_note_num(struct xen_elf_info *info, const struct xen_note *n,
                            char *err, size_t errlen)
{
    uint64_t v = 0;
    bool flag;

    if (n->descsz != 1 && n->descsz != 2 && n->descsz != 4 && n->descsz != 8)
        return xen_elf_fail(-EINVAL, err, errlen,
                            "Xen note %s: numeric size %u is not 1, 2, 4 or 8",
                            xen_elf_notes[n->type].name, n->descsz);
    memcpy(&v, n->desc, n->descsz);
    flag = v != 0;
    if (xen_elf_notes[n->type].kind == NOTE_FLAG)
        memcpy((char *)info + xen_elf_notes[n->type].field, &flag, 1);
    else
        memcpy((char *)info + xen_elf_notes[n->type].field, &v, 8);
    return 0;
}

/* An array of 32-bit submaps; Xen uses the ones it knows about. */
static int xen_elf_note_map(struct xen_elf_info *info, const struct xen_note *n,
                            char *err, size_t errlen)
{
    if (!n->descsz || n->descsz % 4)
        return xen_elf_fail(-EINVAL, err, errlen,
                            "Xen note SUPPORTED_FEATURES: size %u is not a "
                            "multiple of 4",
                            n->descsz);
    for (uint32_t i = 0; i < XENFEAT_NR_SUBMAPS && i < n->descsz / 4; i++)
        info->features_supported[i] |= get_le32(n->desc + 4 * i);
    info->has_supported_features = true;
    return 0;
}

/* INFO, L1_MFN_VALID and unknown types: nothing a PV build uses. */
static int xen_elf_apply_note(struct xen_elf_info *info,
                              const struct xen_note *n, char *err,
                              size_t errlen)
{
    switch (xen_elf_note_kind(n->type)) {
    case NOTE_STR:
        return xen_elf_note_str(info, n, err, errlen);
    case NOTE_NUM:
    case NOTE_FLAG:
        return xen_elf_note_num(info, n, err, errlen);
    case NOTE_MAP:
        return xen_elf_note_map(info, n, err, errlen);
    default:
        return 0;
    }
}

int xen_elf_parse_notes(const uint8_t *p, size_t len, struct xen_elf_info *info,
                        char *err, size_t errlen)
{
    size_t off = 0;
    int count = 0, rc;

    for (unsigned int i = 0; len - off >= NOTE_HDR; i++) {
        uint64_t namesz = get_le32(p + off), descsz = get_le32(p + off + 4);
        uint64_t name_al = ALIGN_UP(namesz, 4), room = len - off - NOTE_HDR;
        struct xen_note n = {get_le32(p + off + 8), (uint32_t)descsz, NULL};

        if (i >= NOTE_MAX_COUNT)
            return xen_elf_fail(-EINVAL, err, errlen, "too many ELF notes");
        /* The last note's descriptor padding may be missing. */
        if (name_al > room || descsz > room - name_al)
            return xen_elf_fail(-EINVAL, err, errlen,
                                "ELF note %u (namesz %#llx, descsz %#llx) "
                                "runs past the end of its note area",
                                i, (unsigned long long)namesz,
                                (unsigned long long)descsz);
        n.desc = p + off + NOTE_HDR + name_al;
        off += NOTE_HDR + MIN(name_al + ALIGN_UP(descsz, 4), room);
        if (namesz < 4 || memcmp(n.desc - name_al, "Xen", 4))
            continue;
        rc = xen_elf_apply_note(info, &n, err, errlen);
        if (rc)
            return rc;
        count++;
    }
    return count;
}

/* Xen's elf_xen_note_check: who the kernel says it is built for. */
int xen_elf_check_identity(const struct xen_elf_info *info, char *err,
                           size_t errlen)
{
    if (!info->has_notes && !info->has_legacy)
        return xen_elf_fail(-EINVAL, err, errlen,
                            "kernel has no Xen ELF notes (neither PT_NOTE "
                            "'Xen' notes nor a __xen_guest section)");
    if (strncmp(info->loader, "generic", 7) &&
        strncmp(info->guest_os, "linux", 5))
        return xen_elf_fail(-EINVAL, err, errlen,
                            "kernel is built neither for the generic loader "
                            "nor as Linux (LOADER '%s', GUEST_OS '%s')",
                            info->loader, info->guest_os);
    if (strncmp(info->xen_version, "xen-3.0", 7))
        return xen_elf_fail(-EINVAL, err, errlen,
                            "kernel is not built for Xen 3.0 (XEN_VERSION "
                            "'%s')",
                            info->xen_version);
    return 0;
}
