/* SPDX-License-Identifier: BSD-2-Clause */
/* The initrd as dom0's read-only filesystem, and the file descriptors
 * newlib's open/read/lseek/fstat/close work on. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "os_priv.h"
#include "tarfs.h"

#define OS_MAX_FILES 32
#define OS_FIRST_FD  3 /* 0-2: the console */

static struct tarfs os_tarfs;
static struct {
    bool used;
    const char *data;
    size_t size, pos;
} os_files[OS_MAX_FILES];

void os_fs_init(void)
{
    const struct start_info *si = os_si;
    const void *img = (const void *)si->mod_start;
    if (!si->mod_len)
        return;
    if (si->flags & SIF_MOD_START_PFN)
        img = (const void *)os_pfn_to_va(si->mod_start);
    if (tarfs_mount(&os_tarfs, img, si->mod_len) < 0)
        os_panic("out of memory indexing the initrd");
    if (!os_tarfs.nr_files)
        os_raw_puts("dom0: the initrd holds no tar files\n");
}

bool os_fs_lookup(const char *path, const void **data, size_t *size)
{
    return path && tarfs_lookup(&os_tarfs, path, data, size);
}

void os_fs_list(const char *dir,
                void (*fn)(const char *path, size_t size, void *arg), void *arg)
{
    if (dir && fn)
        tarfs_list(&os_tarfs, dir, fn, arg);
}

static int os_fail(int e)
{
    errno = e;
    return -1;
}

int open(const char *path, int flags, ...);
int open(const char *path, int flags, ...)
{
    const void *data;
    size_t size;
    if (!os_fs_lookup(path, &data, &size)) {
        if (path && tarfs_is_dir(&os_tarfs, path))
            return os_fail(EISDIR);
        return os_fail(flags & O_CREAT ? EROFS : ENOENT);
    }
    if ((flags & O_ACCMODE) != O_RDONLY || flags & (O_TRUNC | O_APPEND))
        return os_fail(EROFS);
    for (int i = 0; i < OS_MAX_FILES; i++) {
        if (!os_files[i].used) {
            os_files[i].used = true;
            os_files[i].data = data;
            os_files[i].size = size;
            os_files[i].pos = 0;
            return i + OS_FIRST_FD;
        }
    }
    return os_fail(EMFILE);
}

/* The open file behind fd, or NULL (console fds included). */
static __typeof__(os_files[0]) *os_file(int fd)
{
    if (fd < OS_FIRST_FD || fd >= OS_FIRST_FD + OS_MAX_FILES ||
        !os_files[fd - OS_FIRST_FD].used)
        return NULL;
    return &os_files[fd - OS_FIRST_FD];
}

int close(int fd)
{
    __typeof__(os_files[0]) *f = os_file(fd);
    if (fd >= 0 && fd < OS_FIRST_FD)
        return 0;
    if (!f)
        return os_fail(EBADF);
    f->used = false;
    return 0;
}

/* stdin: raw bytes from the console, waiting for at least one (the shell
 * does its own line editing through os_console_read). */
static ssize_t os_console_read_blocking(char *buf, size_t n)
{
    int got;
    if (!n)
        return 0;
    while (!(got = os_console_read(buf, n)))
        os_wait(0);
    return got;
}

_READ_WRITE_RETURN_TYPE read(int fd, void *buf, size_t n)
{
    if (fd == STDIN_FILENO)
        return os_console_read_blocking(buf, n);
    __typeof__(os_files[0]) *f = os_file(fd);
    if (!f)
        return os_fail(EBADF);
    size_t left = f->pos < f->size ? f->size - f->pos : 0;
    if (n > left)
        n = left;
    memcpy(buf, f->data + f->pos, n);
    f->pos += n;
    return (_READ_WRITE_RETURN_TYPE)n;
}

_READ_WRITE_RETURN_TYPE write(int fd, const void *buf, size_t n)
{
    if (fd != STDOUT_FILENO && fd != STDERR_FILENO)
        return os_fail(EBADF);
    os_console_write(buf, n);
    return (_READ_WRITE_RETURN_TYPE)n;
}

off_t lseek(int fd, off_t off, int whence)
{
    __typeof__(os_files[0]) *f = os_file(fd);
    if (!f)
        return os_fail(fd >= 0 && fd < OS_FIRST_FD ? ESPIPE : EBADF);
    off_t base = whence == SEEK_SET   ? 0
                 : whence == SEEK_CUR ? (off_t)f->pos
                 : whence == SEEK_END ? (off_t)f->size
                                      : -1;
    if (base < 0 || (off < 0 && -off > base))
        return os_fail(EINVAL);
    f->pos = (size_t)(base + off);
    return (off_t)f->pos;
}

static void os_stat_fill(struct stat *st, mode_t mode, size_t size)
{
    memset(st, 0, sizeof(*st));
    st->st_mode = mode;
    st->st_size = (off_t)size;
    st->st_nlink = 1;
    st->st_blksize = 512;
    st->st_blocks = (blkcnt_t)((size + 511) / 512);
}

int fstat(int fd, struct stat *st)
{
    __typeof__(os_files[0]) *f = os_file(fd);
    if (fd >= 0 && fd < OS_FIRST_FD)
        os_stat_fill(st, S_IFCHR | 0620, 0);
    else if (f)
        os_stat_fill(st, S_IFREG | 0444, f->size);
    else
        return os_fail(EBADF);
    return 0;
}

int stat(const char *path, struct stat *st)
{
    const void *data;
    size_t size;
    if (os_fs_lookup(path, &data, &size))
        os_stat_fill(st, S_IFREG | 0444, size);
    else if (path && tarfs_is_dir(&os_tarfs, path))
        os_stat_fill(st, S_IFDIR | 0555, 0);
    else
        return os_fail(ENOENT);
    return 0;
}

int isatty(int fd)
{
    if (fd >= 0 && fd < OS_FIRST_FD)
        return 1;
    errno = os_file(fd) ? ENOTTY : EBADF;
    return 0;
}
