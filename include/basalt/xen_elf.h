/* SPDX-License-Identifier: BSD-2-Clause */
/* Xen PV kernel images: ELF64 checks, Xen ELF notes and __xen_guest, load. */
#ifndef BASALT_XEN_ELF_H
#define BASALT_XEN_ELF_H

#include <basalt/types.h>

/* Note numbers (XEN_ELFNOTE_*) and feature bits (XENFEAT_*) are the public
 * ABI's. Notes are named "Xen" and live in PT_NOTE segments (or SHT_NOTE
 * sections). */
#include <public/elfnote.h>
#include <public/version.h>

/* An address the kernel did not give (Xen's UNSET_ADDR). */
#define XEN_ELF_UNSET ((uint64_t)-1)

/* PAE_MODE note / legacy PAE key; meaningless for x86_64, kept for logs. */
enum xen_elf_pae {
    XEN_ELF_PAE_NO,
    XEN_ELF_PAE_YES,
    XEN_ELF_PAE_EXTCR3,
    XEN_ELF_PAE_BIMODAL,
};

/*
 * What a PV domain builder needs from a kernel image. All addresses are
 * guest-virtual; the kernel occupies [virt_kstart, virt_kend).
 */
struct xen_elf_info {
    uint64_t virt_base;      /* VIRT_BASE, 0 if absent */
    uint64_t paddr_offset;   /* PADDR_OFFSET, defaulted as Xen does */
    uint64_t virt_entry;     /* ENTRY, else e_entry */
    uint64_t virt_hypercall; /* hypercall page, or XEN_ELF_UNSET */
    uint64_t virt_kstart;    /* lowest p_paddr + virt_base - paddr_offset */
    uint64_t virt_kend;      /* highest p_paddr + p_memsz + same offset */
    uint64_t hv_start_low;   /* HV_START_LOW, or XEN_ELF_UNSET */
    uint64_t init_p2m;       /* INIT_P2M, or XEN_ELF_UNSET */
    uint64_t phys32_entry;   /* PHYS32_ENTRY (PVH), or XEN_ELF_UNSET */
    uint64_t pstart, pend;   /* ELF p_paddr range of the loadable segments */
    uint32_t features_supported[XENFEAT_NR_SUBMAPS];
    uint32_t features_required[XENFEAT_NR_SUBMAPS];
    unsigned int nr_xen_notes;   /* "Xen" notes parsed */
    unsigned int nr_load;        /* loadable PT_LOAD segments */
    bool has_notes;              /* layout came from ELF notes */
    bool has_legacy;             /* layout came from __xen_guest */
    bool has_supported_features; /* a SUPPORTED_FEATURES note was present */
    bool unmapped_initrd;        /* MOD_START_PFN: initrd may be unmapped */
    bool suspend_cancel;         /* SUSPEND_CANCEL */
    bool bsd_symtab;             /* asks for a symbol table (not loaded) */
    enum xen_elf_pae pae_mode;
    char guest_os[32];
    char guest_version[32];
    char xen_version[32];
    char loader[32];
    char features_str[256]; /* FEATURES text, truncated to fit */
};

static inline bool xen_elf_feature_test(const uint32_t *map, unsigned int nr)
{
    return nr < 32 * XENFEAT_NR_SUBMAPS && (map[nr / 32] >> (nr % 32)) & 1;
}

/* Reset info to "nothing seen": addresses XEN_ELF_UNSET, the rest zero. */
void xen_elf_info_init(struct xen_elf_info *info);

/*
 * Validate a kernel image (ELF64, little-endian, x86_64, ET_EXEC, every
 * header and segment inside [image, image + size)), read its Xen notes
 * (PT_NOTE segments, else SHT_NOTE sections, else the legacy __xen_guest
 * section) and compute the layout with Xen's defaults and range checks:
 * VIRT_BASE <= virt_kstart, entry inside [virt_kstart, virt_kend), the
 * hypercall page page-aligned inside it, INIT_P2M outside it. Left to the
 * builder: overlap with the hypervisor's L4 slots, canonical addresses, the
 * memory the image needs, and required features it cannot offer.
 * Returns 0; -ENOEXEC if the image is not a sound ELF64 x86_64 executable;
 * -EINVAL if its Xen notes are missing, malformed or inconsistent. A
 * one-line reason goes to err (may be NULL) on failure, "" on success.
 * The image is never written and never read outside its size.
 */
int xen_elf_parse(const void *image, size_t size, struct xen_elf_info *info,
                  char *err, size_t errlen);

/* Writes len bytes to guest-virtual dst; 0 or a negative errno. */
typedef int (*xen_elf_copy_fn)(void *ctx, uint64_t dst_vaddr, const void *src,
                               size_t len);
/* Zeroes len bytes at guest-virtual dst; 0 or a negative errno. */
typedef int (*xen_elf_zero_fn)(void *ctx, uint64_t dst_vaddr, size_t len);

/*
 * Place each loadable PT_LOAD of an image that xen_elf_parse accepted into
 * info: its file bytes at p_paddr + virt_base - paddr_offset, then zeroes
 * up to p_memsz. Every destination lies in [virt_kstart, virt_kend); the
 * callbacks decide where that is and must still bound-check it against the
 * memory they have. Returns 0, the first callback error, or -EINVAL if the
 * image does not match info.
 */
int xen_elf_load(const void *image, size_t size,
                 const struct xen_elf_info *info, xen_elf_copy_fn copy,
                 xen_elf_zero_fn zero, void *ctx);

/*
 * Pieces of xen_elf_parse, also usable on their own.
 *
 * xen_elf_parse_notes: walk one note area of len bytes (4-byte aligned
 * fields, as Xen), apply every "Xen" note to info. Returns the number of
 * Xen notes, or -EINVAL for a malformed note.
 *
 * xen_elf_parse_legacy: apply a __xen_guest "KEY=VALUE,..." string of at
 * most len bytes (stops at NUL). Returns 0 or -EINVAL.
 *
 * xen_elf_parse_features: OR a '|' separated FEATURES list of at most len
 * bytes into supported (and required for '!name'). Unknown names are
 * ignored unless required. Returns 0, or -EINVAL naming the unknown
 * required feature in err.
 */
int xen_elf_parse_notes(const uint8_t *notes, size_t len,
                        struct xen_elf_info *info, char *err, size_t errlen);
int xen_elf_parse_legacy(const char *s, size_t len, struct xen_elf_info *info,
                         char *err, size_t errlen);
int xen_elf_parse_features(const char *s, size_t len, uint32_t *supported,
                           uint32_t *required, char *err, size_t errlen);

/* Xen's elf_xen_note_check: some notes exist, LOADER is "generic" or
 * GUEST_OS "linux", XEN_VERSION is "xen-3.0". 0 or -EINVAL. */
int xen_elf_check_identity(const struct xen_elf_info *info, char *err,
                           size_t errlen);

/* Format a reason into err (if any); returns rc for tail calls. */
int xen_elf_fail(int rc, char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
