/* SPDX-License-Identifier: BSD-2-Clause */
/* ustar parsing for dom0's initrd. The archive comes from the boot
 * loader, so every header is checked before any byte it names is used. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "tarfs.h"

#define TAR_BLOCK 512

/* The ustar header fields we use, as offsets into the 512-byte block. */
#define TAR_NAME     0
#define TAR_SIZE     124
#define TAR_CHKSUM   148
#define TAR_TYPEFLAG 156
#define TAR_MAGIC    257
#define TAR_PREFIX   345

/* An octal field: digits, optionally led by spaces and ended by NUL or
 * space. Base-256 sizes (over 8 GiB) are refused. */
static bool tar_octal(const unsigned char *f, size_t n, uint64_t *out)
{
    size_t i = 0;
    uint64_t v = 0;
    while (i < n && f[i] == ' ')
        i++;
    if (i == n || f[i] < '0' || f[i] > '7')
        return false;
    for (; i < n && f[i] >= '0' && f[i] <= '7'; i++) {
        if (v >> 60)
            return false;
        v = v << 3 | (uint64_t)(f[i] - '0');
    }
    if (i < n && f[i] != 0 && f[i] != ' ')
        return false;
    *out = v;
    return true;
}

static bool tar_checksum_ok(const unsigned char *h)
{
    uint64_t want, sum = 0;
    if (!tar_octal(h + TAR_CHKSUM, 8, &want))
        return false;
    for (size_t i = 0; i < TAR_BLOCK; i++)
        sum += (i >= TAR_CHKSUM && i < TAR_CHKSUM + 8) ? ' ' : h[i];
    return sum == want;
}

static bool tar_is_zero(const unsigned char *h)
{
    for (size_t i = 0; i < TAR_BLOCK; i++)
        if (h[i])
            return false;
    return true;
}

/* A fixed-size field may fill its bytes without a NUL. */
static size_t tar_strnlen(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n && s[i])
        i++;
    return i;
}

bool tarfs_normalize(const char *in, char *out, size_t out_size)
{
    size_t o = 0;
    while (*in) {
        while (*in == '/')
            in++;
        const char *end = in;
        while (*end && *end != '/')
            end++;
        size_t len = (size_t)(end - in);
        if (len == 2 && in[0] == '.' && in[1] == '.')
            return false;
        if (len && !(len == 1 && in[0] == '.')) {
            if (o + (o ? 1 : 0) + len >= out_size)
                return false;
            if (o)
                out[o++] = '/';
            memcpy(out + o, in, len);
            o += len;
        }
        in = end;
    }
    if (!out_size)
        return false;
    out[o] = 0;
    return true;
}

/* The header's full name (prefix '/' name), normalized. */
static bool tar_path(const unsigned char *h, char *out)
{
    char raw[TARFS_PATH_MAX + 2];
    size_t plen = 0, nlen = tar_strnlen(h + TAR_NAME, 100);
    if (!memcmp(h + TAR_MAGIC, "ustar", 5))
        plen = tar_strnlen(h + TAR_PREFIX, 155);
    memcpy(raw, h + TAR_PREFIX, plen);
    if (plen)
        raw[plen++] = '/';
    memcpy(raw + plen, h + TAR_NAME, nlen);
    raw[plen + nlen] = 0;
    return tarfs_normalize(raw, out, TARFS_PATH_MAX + 1) && out[0];
}

static long tarfs_add(struct tarfs *fs, const char *path, const void *data,
                      size_t size, size_t *cap)
{
    for (size_t i = 0; i < fs->nr_files; i++) {
        if (!strcmp(fs->files[i].path, path)) {
            fs->files[i].data = data;
            fs->files[i].size = size;
            return 0;
        }
    }
    if (fs->nr_files == *cap) {
        size_t ncap = *cap ? *cap * 2 : 16;
        void *n = realloc(fs->files, ncap * sizeof(*fs->files));
        if (!n)
            return -1;
        fs->files = n;
        *cap = ncap;
    }
    char *copy = strdup(path);
    if (!copy)
        return -1;
    fs->files[fs->nr_files++] = (struct tarfs_file){copy, data, size};
    return 0;
}

long tarfs_mount(struct tarfs *fs, const void *img, size_t len)
{
    const unsigned char *base = img;
    char path[TARFS_PATH_MAX + 1];
    size_t off = 0, cap = 0;
    fs->files = NULL;
    fs->nr_files = 0;
    while (base && len - off >= TAR_BLOCK) {
        const unsigned char *h = base + off;
        uint64_t size;
        if (tar_is_zero(h) || !tar_checksum_ok(h) ||
            memcmp(h + TAR_MAGIC, "ustar", 5) ||
            !tar_octal(h + TAR_SIZE, 12, &size))
            break;
        size_t left = len - off - TAR_BLOCK;
        if (size > left)
            break; /* data past the end of the image */
        char type = (char)h[TAR_TYPEFLAG];
        if ((type == '0' || type == 0) && tar_path(h, path) &&
            tarfs_add(fs, path, h + TAR_BLOCK, (size_t)size, &cap))
            return -1;
        /* size <= left < len: rounding up cannot overflow. */
        size_t padded = ((size_t)size + TAR_BLOCK - 1) / TAR_BLOCK * TAR_BLOCK;
        if (padded > left)
            break; /* the last file's padding is missing: fine, stop */
        off += TAR_BLOCK + padded;
    }
    return (long)fs->nr_files;
}

void tarfs_unmount(struct tarfs *fs)
{
    for (size_t i = 0; i < fs->nr_files; i++)
        free(fs->files[i].path);
    free(fs->files);
    fs->files = NULL;
    fs->nr_files = 0;
}

bool tarfs_lookup(const struct tarfs *fs, const char *path, const void **data,
                  size_t *size)
{
    char norm[TARFS_PATH_MAX + 1];
    if (!tarfs_normalize(path, norm, sizeof(norm)))
        return false;
    for (size_t i = 0; i < fs->nr_files; i++) {
        if (!strcmp(fs->files[i].path, norm)) {
            *data = fs->files[i].data;
            *size = fs->files[i].size;
            return true;
        }
    }
    return false;
}

/* path lies under the normalized directory dir ("" is the root). */
static bool tarfs_under(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    return !n || (!strncmp(path, dir, n) && path[n] == '/');
}

void tarfs_list(const struct tarfs *fs, const char *dir,
                void (*fn)(const char *path, size_t size, void *arg), void *arg)
{
    char norm[TARFS_PATH_MAX + 1], abs[TARFS_PATH_MAX + 2];
    if (!tarfs_normalize(dir, norm, sizeof(norm)))
        return;
    for (size_t i = 0; i < fs->nr_files; i++) {
        if (!tarfs_under(fs->files[i].path, norm))
            continue;
        abs[0] = '/';
        strcpy(abs + 1, fs->files[i].path);
        fn(abs, fs->files[i].size, arg);
    }
}

bool tarfs_is_dir(const struct tarfs *fs, const char *dir)
{
    char norm[TARFS_PATH_MAX + 1];
    if (!tarfs_normalize(dir, norm, sizeof(norm)))
        return false;
    if (!norm[0])
        return true;
    for (size_t i = 0; i < fs->nr_files; i++)
        if (tarfs_under(fs->files[i].path, norm))
            return true;
    return false;
}
