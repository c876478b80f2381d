/* SPDX-License-Identifier: BSD-2-Clause */
/* A read-only filesystem over a ustar archive in memory (dom0's initrd). */
#ifndef DOM0_TARFS_H
#define DOM0_TARFS_H

#include <stdbool.h>
#include <stddef.h>

#define TARFS_PATH_MAX 256 /* prefix (155) + '/' + name (100) */

struct tarfs_file {
    char *path; /* normalized: no leading '/', no empty or "." parts */
    const void *data;
    size_t size;
};

struct tarfs {
    struct tarfs_file *files;
    size_t nr_files;
};

/* Index the regular files of a ustar image (which must stay in memory).
 * Stops at the end-of-archive block, the end of the image, or the first
 * malformed header (bad checksum, magic or size, data past the end):
 * what came before stays usable. Returns the number of files, or -1 when
 * out of memory. A later duplicate of a path replaces the earlier one. */
long tarfs_mount(struct tarfs *fs, const void *img, size_t len);
void tarfs_unmount(struct tarfs *fs);

/* Normalize a path ("/etc//xl/./a.cfg" -> "etc/xl/a.cfg") into out;
 * false if it does not fit or has a ".." part. */
bool tarfs_normalize(const char *in, char *out, size_t out_size);

bool tarfs_lookup(const struct tarfs *fs, const char *path, const void **data,
                  size_t *size);

/* fn for every file under dir ("/" or "" for all), recursively, with its
 * absolute path ("/etc/xl/a.cfg"), in archive order. */
void tarfs_list(const struct tarfs *fs, const char *dir,
                void (*fn)(const char *path, size_t size, void *arg),
                void *arg);

/* Is dir a directory: some file lives under it ("/" always is). */
bool tarfs_is_dir(const struct tarfs *fs, const char *dir);

#endif
