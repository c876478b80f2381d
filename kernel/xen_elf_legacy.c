/* SPDX-License-Identifier: BSD-2-Clause */
/* The legacy __xen_guest "KEY=VALUE,..." string of pre-note Xen kernels. */
#include <basalt/xen_elf.h>
#include <basalt/errno.h>
#include <basalt/lib.h>

/* Bounded copy that always terminates (no strlcpy on every host libc). */
static void xen_elf_strcpy(char *dst, size_t size, const char *src)
{
    size_t n = strnlen(src, size - 1);

    memcpy(dst, src, n);
    dst[n] = '\0';
}

/* strtoull(s, NULL, 0) for a whole string: 0x hex, 0 octal, else decimal. */
static int xen_elf_number(const char *s, uint64_t *out)
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
        return -EINVAL;
    for (; *s; s++) {
        char c = *s | 0x20;
        d = (c >= '0' && c <= '9')   ? (unsigned int)(c - '0')
            : (c >= 'a' && c <= 'f') ? (unsigned int)(c - 'a' + 10)
                                     : 99;
        if (d >= base || v > (UINT64_MAX - d) / base)
            return -EINVAL;
        v = v * base + d;
    }
    *out = v;
    return 0;
}

static int xen_elf_legacy_num(const char *key, const char *val, uint64_t *out,
                              char *err, size_t errlen)
{
    if (xen_elf_number(val, out))
        return xen_elf_fail(-EINVAL, err, errlen,
                            "__xen_guest: %s=%s is not a 64-bit number", key,
                            val);
    return 0;
}

static void xen_elf_legacy_str(struct xen_elf_info *info, const char *key,
                               const char *val)
{
    if (!strcmp(key, "LOADER"))
        xen_elf_strcpy(info->loader, sizeof(info->loader), val);
    else if (!strcmp(key, "GUEST_OS"))
        xen_elf_strcpy(info->guest_os, sizeof(info->guest_os), val);
    else if (!strcmp(key, "GUEST_VER"))
        xen_elf_strcpy(info->guest_version, sizeof(info->guest_version), val);
    else if (!strcmp(key, "XEN_VER"))
        xen_elf_strcpy(info->xen_version, sizeof(info->xen_version), val);
    else if (!strcmp(key, "BSD_SYMTAB"))
        info->bsd_symtab = true; /* presence is the flag, unlike the note */
    else if (!strcmp(key, "PAE") && !strcmp(val, "yes[extended-cr3]"))
        info->pae_mode = XEN_ELF_PAE_EXTCR3;
    else if (!strcmp(key, "PAE") && !strncmp(val, "yes", 3))
        info->pae_mode = XEN_ELF_PAE_YES;
}

static int xen_elf_legacy_pair(struct xen_elf_info *info, const char *key,
                               const char *val, char *err, size_t errlen)
{
    uint64_t pfn;
    int rc;

    xen_elf_legacy_str(info, key, val);
    if (!strcmp(key, "VIRT_BASE"))
        return xen_elf_legacy_num(key, val, &info->virt_base, err, errlen);
    if (!strcmp(key, "VIRT_ENTRY"))
        return xen_elf_legacy_num(key, val, &info->virt_entry, err, errlen);
    if (!strcmp(key, "ELF_PADDR_OFFSET"))
        return xen_elf_legacy_num(key, val, &info->paddr_offset, err, errlen);
    if (!strcmp(key, "FEATURES")) {
        xen_elf_strcpy(info->features_str, sizeof(info->features_str), val);
        return xen_elf_parse_features(val, strlen(val),
                                      info->features_supported,
                                      info->features_required, err, errlen);
    }
    if (strcmp(key, "HYPERCALL_PAGE"))
        return 0;
    /* A page number here, made virtual once VIRT_BASE is known. */
    rc = xen_elf_legacy_num(key, val, &pfn, err, errlen);
    if (!rc && pfn > (UINT64_MAX >> 12))
        rc = xen_elf_fail(-EINVAL, err, errlen,
                          "__xen_guest: HYPERCALL_PAGE %#llx is too large",
                          (unsigned long long)pfn);
    if (!rc)
        info->virt_hypercall = pfn << 12;
    return rc;
}

/* Split "KEY[=VALUE]" of n bytes into bounded, terminated copies. */
static int xen_elf_legacy_item(struct xen_elf_info *info, const char *s,
                               size_t n, char *err, size_t errlen)
{
    char key[32], val[128];
    size_t k = 0;

    while (k < n && s[k] != '=')
        k++;
    if (k >= sizeof(key) || (k < n && n - k - 1 >= sizeof(val)))
        return xen_elf_fail(-EINVAL, err, errlen,
                            "__xen_guest: entry '%.*s' is too long",
                            (int)MIN(n, 40), s);
    memcpy(key, s, k);
    key[k] = '\0';
    val[0] = '\0';
    if (k < n) {
        memcpy(val, s + k + 1, n - k - 1);
        val[n - k - 1] = '\0';
    }
    return xen_elf_legacy_pair(info, key, val, err, errlen);
}

int xen_elf_parse_legacy(const char *s, size_t len, struct xen_elf_info *info,
                         char *err, size_t errlen)
{
    size_t pos, n;
    int rc;

    len = strnlen(s, len);
    for (pos = 0; pos < len; pos += n + 1) {
        for (n = 0; pos + n < len && s[pos + n] != ','; n++)
            ;
        rc = xen_elf_legacy_item(info, s + pos, n, err, errlen);
        if (rc)
            return rc;
    }
    if (info->virt_base != XEN_ELF_UNSET &&
        info->virt_hypercall != XEN_ELF_UNSET)
        info->virt_hypercall += info->virt_base;
    return 0;
}
