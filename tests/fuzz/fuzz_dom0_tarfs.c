/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer target: dom0's initrd (a ustar archive from the boot loader)
 * through tarfs, checking that every indexed file lies inside the image
 * and every path is normalized and can be found again. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "tarfs.h"

static size_t fuzz_listed;

static void fuzz_count(const char *path, size_t size, void *arg)
{
    (void)size;
    (void)arg;
    if (path[0] != '/')
        abort();
    fuzz_listed++;
}

static void fuzz_check_file(const struct tarfs *fs, const struct tarfs_file *f,
                            const uint8_t *img, size_t len)
{
    const uint8_t *d = f->data;
    char norm[TARFS_PATH_MAX + 1];
    const void *data;
    size_t size;
    if (d < img || d > img + len || f->size > (size_t)(img + len - d))
        abort(); /* data outside the image */
    if (!f->path[0] || strlen(f->path) > TARFS_PATH_MAX)
        abort();
    if (!tarfs_normalize(f->path, norm, sizeof(norm)) || strcmp(norm, f->path))
        abort(); /* stored paths are already normal */
    if (!tarfs_lookup(fs, f->path, &data, &size) || size != f->size)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
    struct tarfs fs;
    /* A copy of exactly len bytes, so ASan sees any read past the end. */
    uint8_t *img = malloc(len ? len : 1);
    if (!img)
        return 0;
    memcpy(img, data, len);
    if (tarfs_mount(&fs, img, len) >= 0) {
        for (size_t i = 0; i < fs.nr_files; i++)
            fuzz_check_file(&fs, &fs.files[i], img, len);
        fuzz_listed = 0;
        tarfs_list(&fs, "/", fuzz_count, NULL);
        if (fuzz_listed != fs.nr_files)
            abort();
        tarfs_unmount(&fs);
    }
    free(img);
    return 0;
}
