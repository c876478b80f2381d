/* SPDX-License-Identifier: BSD-2-Clause */
/* The __xen_guest section of pre-note Xen kernels: "KEY=VALUE,KEY,...". */
#include "elf_priv.h"

/* strtoull(s, NULL, 0) for a whole string, without overflow. */
static int legacy_number(const char *s, uint64_t *out)
{
    unsigned int base = 10, d;
    uint64_t v = 0;

    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    } else if (s[0] == '0' && s[1]) {
        base = 8;
        s++;
    }
    if (!*s)
        return -1;
    for (; *s; s++) {
        char c = (char)(*s | 0x20);
        d = (c >= '0' && c <= '9')   ? (unsigned int)(c - '0')
            : (c >= 'a' && c <= 'f') ? (unsigned int)(c - 'a' + 10)
                                     : 99;
        if (d >= base || v > (UINT64_MAX - d) / base)
            return -1;
        v = v * base + d;
    }
    *out = v;
    return 0;
}

static int legacy_num(const char *key, const char *val, uint64_t *out,
                      char *err, size_t errlen)
{
    if (legacy_number(val, out))
        return elf_fail(-XC_EINVAL, err, errlen,
                        "__xen_guest: %s=%s is not a 64-bit number", key, val);
    return 0;
}

/* Bounded copy that always terminates (truncates like libelf). */
static void legacy_str(char *dst, size_t size, const char *val)
{
    size_t n = strlen(val); /* val is a bounded, terminated copy */

    if (n > size - 1)
        n = size - 1;
    memcpy(dst, val, n);
    dst[n] = '\0';
}

static int legacy_pair(struct xc_elf_info *info, const char *key,
                       const char *val, char *err, size_t errlen)
{
    uint64_t pfn;

    if (!strcmp(key, "LOADER"))
        legacy_str(info->loader, sizeof(info->loader), val);
    else if (!strcmp(key, "GUEST_OS"))
        legacy_str(info->guest_os, sizeof(info->guest_os), val);
    else if (!strcmp(key, "GUEST_VER"))
        legacy_str(info->guest_version, sizeof(info->guest_version), val);
    else if (!strcmp(key, "XEN_VER"))
        legacy_str(info->xen_version, sizeof(info->xen_version), val);
    else if (!strcmp(key, "PAE"))
        info->pae_yes = !strncmp(val, "yes", 3);
    else if (!strcmp(key, "VIRT_BASE"))
        return legacy_num(key, val, &info->virt_base, err, errlen);
    else if (!strcmp(key, "VIRT_ENTRY"))
        return legacy_num(key, val, &info->virt_entry, err, errlen);
    else if (!strcmp(key, "ELF_PADDR_OFFSET"))
        return legacy_num(key, val, &info->paddr_offset, err, errlen);
    else if (!strcmp(key, "FEATURES")) {
        legacy_str(info->features, sizeof(info->features), val);
        return xc_elf_parse_features(val, strlen(val), info->features_supported,
                                     info->features_required, err, errlen);
    } else if (!strcmp(key, "HYPERCALL_PAGE")) {
        /* A page number, made virtual once VIRT_BASE is known. */
        if (legacy_num(key, val, &pfn, err, errlen))
            return -XC_EINVAL;
        if (pfn > (UINT64_MAX >> 12))
            return elf_fail(-XC_EINVAL, err, errlen,
                            "__xen_guest: HYPERCALL_PAGE %#llx is too large",
                            (unsigned long long)pfn);
        info->virt_hypercall = pfn << 12;
    }
    return 0;
}

/* One "KEY[=VALUE]" of n bytes, copied into bounded buffers. */
static int legacy_item(struct xc_elf_info *info, const char *s, size_t n,
                       char *err, size_t errlen)
{
    char key[32], val[128];
    size_t k = 0;

    while (k < n && s[k] != '=')
        k++;
    if (k >= sizeof(key) || (k < n && n - k - 1 >= sizeof(val)))
        return elf_fail(-XC_EINVAL, err, errlen,
                        "__xen_guest: entry '%.*s' is too long",
                        (int)(n > 40 ? 40 : n), s);
    memcpy(key, s, k);
    key[k] = '\0';
    val[0] = '\0';
    if (k < n) {
        memcpy(val, s + k + 1, n - k - 1);
        val[n - k - 1] = '\0';
    }
    return legacy_pair(info, key, val, err, errlen);
}

int xc_elf_parse_legacy(const char *s, size_t len, struct xc_elf_info *info,
                        char *err, size_t errlen)
{
    size_t pos, n;
    int rc;

    len = strnlen(s, len);
    for (pos = 0; pos < len; pos += n + 1) {
        for (n = 0; pos + n < len && s[pos + n] != ','; n++)
            ;
        rc = legacy_item(info, s + pos, n, err, errlen);
        if (rc)
            return rc;
    }
    if (info->virt_base != XC_ELF_UNSET && info->virt_hypercall != XC_ELF_UNSET)
        info->virt_hypercall += info->virt_base;
    return 0;
}
