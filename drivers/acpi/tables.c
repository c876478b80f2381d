/* SPDX-License-Identifier: BSD-2-Clause */
/* ACPI root tables: find and validate the RSDP, walk the XSDT or RSDT,
 * checksum every table and hand the known ones to their parsers. */
#include <basalt/acpi.h>
#include <basalt/errno.h>
#include <basalt/lib.h>
#include "internal.h"

/* A table larger than this is corrupt firmware data, not a real table. */
#define ACPI_TABLE_MAX MiB(1)
#define RSDP_SIG       "RSD PTR "
#define RSDP_V1_LEN    20
#define RSDP_V2_MIN    36
#define RSDP_V2_MAX    4096
#define RSDP_OEM       9
#define RSDP_REV       15
#define RSDP_RSDT      16
#define RSDP_LEN       20
#define RSDP_XSDT      24
#define HDR_OEM        10

struct acpi_info acpi_info;

struct acpi_walk {
    acpi_map_fn map;
    struct acpi_info *info;
    unsigned int seen; /* bit i: acpi_parsers[i] already ran */
};

static const struct acpi_parser {
    char sig[5];
    void (*parse)(const uint8_t *t, uint32_t len, struct acpi_info *info);
} acpi_parsers[] = {
    {"APIC", acpi_parse_madt},
    {"FACP", acpi_parse_fadt},
    {"HPET", acpi_parse_hpet},
};

uint8_t acpi_checksum(const void *p, size_t len)
{
    const uint8_t *b = p;
    uint8_t sum = 0;

    while (len--)
        sum += *b++;
    return sum;
}

/* Map [pa, pa + len), refusing empty ranges and ones that wrap. */
static const uint8_t *acpi_map(acpi_map_fn map, uint64_t pa, size_t len)
{
    if (len == 0 || pa > UINT64_MAX - len)
        return NULL;
    return map(pa, len);
}

/* Copy a firmware string for the log: non-printable bytes become '?' so a
 * corrupt table cannot send control characters to the console; trailing
 * blanks (OEM ids are space-padded) are dropped. */
static void acpi_printable(char *dst, const uint8_t *src, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        dst[i] = (src[i] >= 0x20 && src[i] < 0x7f) ? (char)src[i] : '?';
    while (i > 0 && dst[i - 1] == ' ')
        i--;
    dst[i] = '\0';
}

/* The ACPI 2.0+ part: a length field and a checksum over that length. */
static const uint8_t *acpi_rsdp_check_ext(acpi_map_fn map, uint64_t pa,
                                          const char **why)
{
    const uint8_t *r = acpi_map(map, pa, RSDP_V2_MIN);
    uint32_t len;

    *why = "cannot map";
    if (!r)
        return NULL;
    len = get_le32(r + RSDP_LEN);
    *why = "bad length";
    if (len < RSDP_V2_MIN || len > RSDP_V2_MAX)
        return NULL;
    r = acpi_map(map, pa, len);
    *why = "cannot map";
    if (!r)
        return NULL;
    *why = "bad extended checksum";
    return acpi_checksum(r, len) ? NULL : r;
}

/* Validate the RSDP at 'pa'. Returns a mapping covering all of its checked
 * bytes (>= 36 for revision >= 2), or NULL with the reason in *why. */
static const uint8_t *acpi_rsdp_check(acpi_map_fn map, uint64_t pa,
                                      const char **why)
{
    const uint8_t *r = acpi_map(map, pa, RSDP_V1_LEN);

    *why = "cannot map";
    if (!r)
        return NULL;
    *why = "bad signature";
    if (memcmp(r, RSDP_SIG, 8) != 0)
        return NULL;
    *why = "bad checksum";
    if (acpi_checksum(r, RSDP_V1_LEN) != 0)
        return NULL;
    /* Revision 0 is ACPI 1.0; there is no revision 1. */
    if (r[RSDP_REV] < 2)
        return r;
    return acpi_rsdp_check_ext(map, pa, why);
}

static void acpi_table_warn(const char *sig, uint64_t pa, const char *why)
{
    printk("warning: ACPI %s at 0x%llx: %s\n", sig, (unsigned long long)pa,
           why);
}

/* Map one whole table and verify its length and checksum. On failure warn
 * and return NULL; on success log a summary line. */
static const uint8_t *acpi_map_table(acpi_map_fn map, uint64_t pa,
                                     uint32_t *lenp)
{
    const uint8_t *t = acpi_map(map, pa, ACPI_HDR_LEN);
    char sig[5] = "????", oem[7];
    uint32_t len;

    if (!t) {
        acpi_table_warn(sig, pa, "cannot map");
        return NULL;
    }
    acpi_printable(sig, t, 4);
    len = get_le32(t + 4);
    if (len < ACPI_HDR_LEN || len > ACPI_TABLE_MAX) {
        acpi_table_warn(sig, pa, "bad length");
        return NULL;
    }
    t = acpi_map(map, pa, len);
    if (!t || acpi_checksum(t, len) != 0) {
        acpi_table_warn(sig, pa, t ? "bad checksum" : "cannot map");
        return NULL;
    }
    acpi_printable(oem, t + HDR_OEM, 6);
    printk("ACPI: %s at 0x%llx len 0x%x %s\n", sig, (unsigned long long)pa, len,
           oem);
    *lenp = len;
    return t;
}

/* Map the root table at 'pa' if it is valid and carries signature 'sig'. */
static const uint8_t *acpi_map_root(acpi_map_fn map, uint64_t pa,
                                    const char *sig, uint32_t *lenp)
{
    const uint8_t *t;

    if (pa == 0)
        return NULL;
    t = acpi_map_table(map, pa, lenp);
    if (t && memcmp(t, sig, 4) != 0) {
        acpi_table_warn(sig, pa, "wrong signature");
        return NULL;
    }
    return t;
}

/* Validate one table named by the root and run its parser, if any. Only
 * the first table of each kind counts, as in other OSes. */
static void acpi_handle_table(struct acpi_walk *w, uint64_t pa)
{
    uint32_t len;
    const uint8_t *t = acpi_map_table(w->map, pa, &len);

    if (!t)
        return;
    for (unsigned int i = 0; i < ARRAY_SIZE(acpi_parsers); i++) {
        if (memcmp(t, acpi_parsers[i].sig, 4) != 0)
            continue;
        if (w->seen & (1u << i)) {
            acpi_table_warn(acpi_parsers[i].sig, pa, "duplicate, ignored");
            return;
        }
        w->seen |= 1u << i;
        acpi_parsers[i].parse(t, len, w->info);
        return;
    }
}

/* Visit every entry of the RSDT (u32 addresses) or XSDT (u64 addresses,
 * only 4-byte aligned); the count comes from the verified length. */
static void acpi_walk_root(struct acpi_walk *w, const uint8_t *root,
                           uint32_t len)
{
    size_t esize = w->info->have_xsdt ? 8 : 4;
    size_t n = (len - ACPI_HDR_LEN) / esize;

    for (size_t i = 0; i < n; i++) {
        const uint8_t *e = root + ACPI_HDR_LEN + i * esize;
        uint64_t pa = esize == 8 ? get_le64(e) : get_le32(e);

        if (pa != 0)
            acpi_handle_table(w, pa);
    }
}

/* Pick the root: the XSDT when the RSDP offers one that validates, else
 * the RSDT (ACPI 1.0, or firmware whose XSDT is broken). */
static const uint8_t *acpi_pick_root(acpi_map_fn map, const uint8_t *rsdp,
                                     struct acpi_info *info, uint32_t *lenp)
{
    const uint8_t *root = NULL;

    if (info->revision >= 2) {
        root = acpi_map_root(map, get_le64(rsdp + RSDP_XSDT), "XSDT", lenp);
        info->have_xsdt = root != NULL;
    }
    if (!root)
        root = acpi_map_root(map, get_le32(rsdp + RSDP_RSDT), "RSDT", lenp);
    return root;
}

int acpi_parse(uint64_t rsdp_pa, acpi_map_fn map, struct acpi_info *info)
{
    struct acpi_walk w = {.map = map, .info = info};
    const uint8_t *rsdp, *root;
    const char *why;
    char oem[7];
    uint32_t len;

    memset(info, 0, sizeof(*info));
    rsdp = acpi_rsdp_check(map, rsdp_pa, &why);
    if (!rsdp) {
        acpi_table_warn("RSDP", rsdp_pa, why);
        return -EINVAL;
    }
    info->revision = rsdp[RSDP_REV];
    memcpy(info->oem_id, rsdp + RSDP_OEM, 6);
    acpi_printable(oem, rsdp + RSDP_OEM, 6);
    printk("ACPI: RSDP at 0x%llx rev %u %s\n", (unsigned long long)rsdp_pa,
           info->revision, oem);
    root = acpi_pick_root(map, rsdp, info, &len);
    if (!root) {
        printk("warning: ACPI: no valid RSDT or XSDT\n");
        return -EINVAL;
    }
    acpi_walk_root(&w, root, len);
    return 0;
}

/* Look for a valid RSDP starting on a 16-byte boundary in [pa, pa + len).
 * As in ACPICA, only the start must lie in the area; the candidate is
 * mapped and checked on its own. */
static uint64_t acpi_scan_area(acpi_map_fn map, uint64_t pa, size_t len)
{
    const uint8_t *p = acpi_map(map, pa, len);
    const char *why;

    if (!p)
        return 0;
    for (size_t off = 0; off + 8 <= len; off += 16) {
        if (memcmp(p + off, RSDP_SIG, 8) == 0 &&
            acpi_rsdp_check(map, pa + off, &why))
            return pa + off;
    }
    return 0;
}

uint64_t acpi_find_rsdp_bios(acpi_map_fn map)
{
    const uint8_t *bda = acpi_map(map, 0x40e, 2);
    uint64_t ebda = bda ? (uint64_t)get_le16(bda) << 4 : 0;
    uint64_t pa = 0;

    /* The EBDA sits in conventional memory above the BDA and below the
     * 640 KiB hole; a BDA word pointing elsewhere is not an EBDA. */
    if (ebda > 0x400 && ebda < 0xa0000)
        pa = acpi_scan_area(map, ebda, MIN(KiB(1), 0xa0000 - ebda));
    if (!pa)
        pa = acpi_scan_area(map, 0xe0000, 0x20000);
    return pa;
}
