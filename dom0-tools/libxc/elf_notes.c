/* SPDX-License-Identifier: BSD-2-Clause */
/* Xen ELF notes, FEATURES lists and the legacy __xen_guest string, read
 * with the semantics of Xen's libelf (as the hypervisor's dom0 loader). */
#include <public/elfnote.h>
#include "elf_priv.h"

#define NOTE_HDR       12
#define NOTE_MAX_COUNT 65536 /* libelf's limit on notes per area */

static const char *const feature_names[] = {
    "writable_page_tables",
    "writable_descriptor_tables",
    "auto_translated_physmap",
    "supervisor_mode_kernel",
    "pae_pgdir_above_4gb",
    "mmu_pt_update_preserve_ad",
    "highmem_assist",
    "gnttab_map_avail_bits",
    "hvm_callback_vector",
    "hvm_safe_pvclock",
    "hvm_pirqs",
    "dom0",
    NULL,
    "memory_op_vnode_supported",
    "ARM_SMCCC_supported",
    "linux_rsdp_unrestricted",
    "not_direct_mapped",
    "direct_mapped",
};

void xc_elf_info_init(struct xc_elf_info *info)
{
    memset(info, 0, sizeof(*info));
    info->virt_base = XC_ELF_UNSET;
    info->paddr_offset = XC_ELF_UNSET;
    info->virt_entry = XC_ELF_UNSET;
    info->virt_hypercall = XC_ELF_UNSET;
    info->init_p2m = XC_ELF_UNSET;
}

static int feature_bit(const char *name, size_t n)
{
    for (unsigned int i = 0; i < sizeof(feature_names) / sizeof(*feature_names);
         i++)
        if (feature_names[i] && strlen(feature_names[i]) == n &&
            !memcmp(feature_names[i], name, n))
            return (int)i;
    return -1;
}

/* "a|!b|c": unknown names are skipped unless required ('!'). */
int xc_elf_parse_features(const char *s, size_t len, uint32_t *supported,
                          uint32_t *required, char *err, size_t errlen)
{
    size_t pos, n;

    len = strnlen(s, len);
    for (pos = 0; pos < len; pos += n + 1) {
        const char *tok = s + pos;
        bool must;
        int bit;

        for (n = 0; pos + n < len && tok[n] != '|'; n++)
            ;
        must = n && tok[0] == '!';
        bit = feature_bit(tok + must, n - must);
        if (bit < 0 && must)
            return elf_fail(-XC_EINVAL, err, errlen,
                            "kernel requires unknown feature '%.*s'",
                            (int)(n - 1 > 64 ? 64 : n - 1), tok + 1);
        if (bit < 0)
            continue;
        supported[bit / 32] |= 1u << (bit % 32);
        if (must)
            required[bit / 32] |= 1u << (bit % 32);
    }
    return 0;
}

static void copy_str(char *dst, size_t size, const char *src, size_t max)
{
    size_t n = strnlen(src, max < size - 1 ? max : size - 1);

    memcpy(dst, src, n);
    dst[n] = '\0';
}

static int note_string(struct xc_elf_info *info, uint32_t type, const char *s,
                       uint32_t len, char *err, size_t errlen)
{
    if (strnlen(s, len) == len)
        return elf_fail(-XC_EINVAL, err, errlen,
                        "Xen note %u: string is not NUL-terminated", type);
    switch (type) {
    case XEN_ELFNOTE_XEN_VERSION:
        copy_str(info->xen_version, sizeof(info->xen_version), s, len);
        break;
    case XEN_ELFNOTE_GUEST_OS:
        copy_str(info->guest_os, sizeof(info->guest_os), s, len);
        break;
    case XEN_ELFNOTE_GUEST_VERSION:
        copy_str(info->guest_version, sizeof(info->guest_version), s, len);
        break;
    case XEN_ELFNOTE_LOADER:
        copy_str(info->loader, sizeof(info->loader), s, len);
        break;
    case XEN_ELFNOTE_PAE_MODE:
        info->pae_yes = !strcmp(s, "yes") || strstr(s, "bimodal");
        break;
    case XEN_ELFNOTE_FEATURES:
        copy_str(info->features, sizeof(info->features), s, len);
        return xc_elf_parse_features(s, len, info->features_supported,
                                     info->features_required, err, errlen);
    }
    return 0;
}

/* Numeric notes are 1, 2, 4 or 8 little-endian bytes. */
static int note_number(struct xc_elf_info *info, uint32_t type,
                       const uint8_t *d, uint32_t len, char *err, size_t errlen)
{
    uint64_t v = 0;

    if (len != 1 && len != 2 && len != 4 && len != 8)
        return elf_fail(-XC_EINVAL, err, errlen,
                        "Xen note %u: numeric size %u is not 1, 2, 4 or 8",
                        type, len);
    memcpy(&v, d, len);
    switch (type) {
    case XEN_ELFNOTE_ENTRY:
        info->virt_entry = v;
        break;
    case XEN_ELFNOTE_HYPERCALL_PAGE:
        info->virt_hypercall = v;
        break;
    case XEN_ELFNOTE_VIRT_BASE:
        info->virt_base = v;
        break;
    case XEN_ELFNOTE_PADDR_OFFSET:
        info->paddr_offset = v;
        break;
    case XEN_ELFNOTE_INIT_P2M:
        info->init_p2m = v;
        break;
    case XEN_ELFNOTE_MOD_START_PFN:
        info->unmapped_initrd = v != 0;
        break;
    }
    return 0;
}

static int note_apply(struct xc_elf_info *info, uint32_t type, const uint8_t *d,
                      uint32_t len, char *err, size_t errlen)
{
    switch (type) {
    case XEN_ELFNOTE_XEN_VERSION:
    case XEN_ELFNOTE_GUEST_OS:
    case XEN_ELFNOTE_GUEST_VERSION:
    case XEN_ELFNOTE_LOADER:
    case XEN_ELFNOTE_PAE_MODE:
    case XEN_ELFNOTE_FEATURES:
    case XEN_ELFNOTE_BSD_SYMTAB:
        return note_string(info, type, (const char *)d, len, err, errlen);
    case XEN_ELFNOTE_ENTRY:
    case XEN_ELFNOTE_HYPERCALL_PAGE:
    case XEN_ELFNOTE_VIRT_BASE:
    case XEN_ELFNOTE_PADDR_OFFSET:
    case XEN_ELFNOTE_HV_START_LOW:
    case XEN_ELFNOTE_SUSPEND_CANCEL:
    case XEN_ELFNOTE_INIT_P2M:
    case XEN_ELFNOTE_MOD_START_PFN:
    case XEN_ELFNOTE_PHYS32_ENTRY:
        return note_number(info, type, d, len, err, errlen);
    case XEN_ELFNOTE_SUPPORTED_FEATURES:
        if (!len || len % 4)
            return elf_fail(-XC_EINVAL, err, errlen,
                            "Xen note SUPPORTED_FEATURES: size %u is not a "
                            "multiple of 4",
                            len);
        for (uint32_t i = 0; i < XENFEAT_NR_SUBMAPS && i < len / 4; i++)
            info->features_supported[i] |= elf_rd32(d + 4 * i);
        return 0;
    }
    return 0; /* INFO, L1_MFN_VALID and unknown types: unused for PV */
}

int xc_elf_parse_notes(const uint8_t *p, size_t len, struct xc_elf_info *info,
                       char *err, size_t errlen)
{
    size_t off = 0;
    int count = 0, rc;

    for (unsigned int i = 0; len - off >= NOTE_HDR; i++) {
        uint64_t namesz = elf_rd32(p + off), descsz = elf_rd32(p + off + 4);
        uint64_t name_al = (namesz + 3) & ~3ull, room = len - off - NOTE_HDR;
        uint32_t type = elf_rd32(p + off + 8);
        const uint8_t *name = p + off + NOTE_HDR, *desc = name + name_al;

        if (i >= NOTE_MAX_COUNT)
            return elf_fail(-XC_EINVAL, err, errlen, "too many ELF notes");
        /* The last note's descriptor padding may be missing. */
        if (name_al > room || descsz > room - name_al)
            return elf_fail(-XC_EINVAL, err, errlen,
                            "ELF note %u (namesz %#llx, descsz %#llx) runs "
                            "past the end of its note area",
                            i, (unsigned long long)namesz,
                            (unsigned long long)descsz);
        off += NOTE_HDR + name_al + ((descsz + 3) & ~3ull);
        if (off > len)
            off = len;
        if (namesz < 4 || memcmp(name, "Xen", 4))
            continue;
        rc = note_apply(info, type, desc, (uint32_t)descsz, err, errlen);
        if (rc)
            return rc;
        count++;
    }
    return count;
}
