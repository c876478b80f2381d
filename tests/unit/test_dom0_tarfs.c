/* SPDX-License-Identifier: BSD-2-Clause */
/* dom0's initrd filesystem (dom0-tools/os/tarfs.c): ustar parsing with
 * hostile headers, path normalization, lookup and listing. */
#include "harness.h"
#include "tarfs.h"

#define BLK 512
static unsigned char img[64 * BLK];
static size_t img_len;

/* Append a ustar header (checksum computed) and the data, padded. */
static unsigned char *add(const char *name, const char *prefix, char type,
                          const char *data, size_t size)
{
    unsigned char *h = img + img_len;
    memset(h, 0, BLK);
    strncpy((char *)h, name, 100);
    snprintf((char *)h + 100, 8, "%07o", 0644);
    snprintf((char *)h + 124, 12, "%011zo", size);
    h[156] = (unsigned char)type;
    memcpy(h + 257,
           "ustar\0"
           "00",
           8);
    if (prefix)
        strncpy((char *)h + 345, prefix, 155);
    memset(h + 148, ' ', 8);
    unsigned int sum = 0;
    for (int i = 0; i < BLK; i++)
        sum += h[i];
    snprintf((char *)h + 148, 8, "%06o", sum);
    img_len += BLK;
    if (data)
        memcpy(img + img_len, data, size);
    img_len += (size + BLK - 1) / BLK * BLK;
    return h;
}

static void reset(void)
{
    memset(img, 0, sizeof(img));
    img_len = 0;
}

static void rechecksum(unsigned char *h)
{
    unsigned int sum = 0;
    memset(h + 148, ' ', 8);
    for (int i = 0; i < BLK; i++)
        sum += h[i];
    snprintf((char *)h + 148, 8, "%06o", sum);
}

static const char *lookup(struct tarfs *fs, const char *path, size_t *size)
{
    const void *d = NULL;
    return tarfs_lookup(fs, path, &d, size) ? d : NULL;
}

TEST(tarfs_mounts_files_and_skips_dirs)
{
    struct tarfs fs;
    size_t size = 0;
    reset();
    add("etc/", NULL, '5', NULL, 0);
    add("etc/xl/hello.cfg", NULL, '0', "name = \"hello\"\n", 15);
    add("./boot/guests/hello.elf", NULL, 0, "ELF", 3);
    img_len += 2 * BLK; /* end of archive */
    CHECK_EQ(tarfs_mount(&fs, img, img_len), 2);
    const char *d = lookup(&fs, "/etc/xl/hello.cfg", &size);
    CHECK(d == (const char *)img + 2 * BLK);
    CHECK_EQ(size, 15);
    CHECK(lookup(&fs, "etc//xl/./hello.cfg", &size) == d);
    CHECK(lookup(&fs, "/boot/guests/hello.elf", &size) != NULL);
    CHECK_EQ(size, 3);
    CHECK(lookup(&fs, "/etc/xl", &size) == NULL);
    CHECK(lookup(&fs, "/etc", &size) == NULL);
    tarfs_unmount(&fs);
    CHECK_EQ(fs.nr_files, 0);
}

TEST(tarfs_empty_and_short_images)
{
    struct tarfs fs;
    CHECK_EQ(tarfs_mount(&fs, NULL, 0), 0);
    CHECK_EQ(tarfs_mount(&fs, NULL, 4096), 0);
    reset();
    add("a", NULL, '0', "x", 1);
    CHECK_EQ(tarfs_mount(&fs, img, BLK - 1), 0); /* half a header */
    CHECK_EQ(tarfs_mount(&fs, img, BLK), 0);     /* data missing */
    CHECK_EQ(tarfs_mount(&fs, img, BLK + 1), 1); /* padding missing: ok */
    tarfs_unmount(&fs);
}

TEST(tarfs_stops_at_bad_headers)
{
    struct tarfs fs;
    reset();
    add("good", NULL, '0', "1", 1);
    unsigned char *h = add("badsum", NULL, '0', "2", 1);
    add("after", NULL, '0', "3", 1);
    h[0] = 'B'; /* checksum no longer matches */
    CHECK_EQ(tarfs_mount(&fs, img, img_len), 1);
    tarfs_unmount(&fs);
    h[0] = 'b';
    memcpy(h + 257, "ustaX", 5); /* not ustar */
    rechecksum(h);
    CHECK_EQ(tarfs_mount(&fs, img, img_len), 1);
    tarfs_unmount(&fs);
    memcpy(h + 257, "ustar", 5);
    memcpy(h + 124, "0000000008 ", 12); /* not octal */
    rechecksum(h);
    CHECK_EQ(tarfs_mount(&fs, img, img_len), 1);
    tarfs_unmount(&fs);
    memcpy(h + 124, "77777777777", 12); /* 8 GiB - 1: past the end */
    rechecksum(h);
    CHECK_EQ(tarfs_mount(&fs, img, img_len), 1);
    tarfs_unmount(&fs);
    h[124] = 0x80; /* base-256 size: refused */
    rechecksum(h);
    CHECK_EQ(tarfs_mount(&fs, img, img_len), 1);
    tarfs_unmount(&fs);
    memcpy(h + 124, "  000000001\0", 12); /* leading spaces are fine */
    rechecksum(h);
    CHECK_EQ(tarfs_mount(&fs, img, img_len), 3);
    tarfs_unmount(&fs);
}

TEST(tarfs_prefix_dotdot_and_duplicates)
{
    struct tarfs fs;
    size_t size = 0;
    reset();
    add("hello.cfg", "etc/xl", '0', "old", 3);
    add("../../escape", NULL, '0', "bad", 3);
    add("x/../y", NULL, '0', "bad", 3);
    add("etc/xl/hello.cfg", NULL, '0', "newer", 5);
    add("link", NULL, '2', NULL, 0); /* symlinks are not files */
    CHECK_EQ(tarfs_mount(&fs, img, img_len), 1);
    const char *d = lookup(&fs, "/etc/xl/hello.cfg", &size);
    CHECK(d != NULL && !memcmp(d, "newer", 5));
    CHECK_EQ(size, 5);
    CHECK(lookup(&fs, "/escape", &size) == NULL);
    CHECK(lookup(&fs, "/etc/../etc/xl/hello.cfg", &size) == NULL);
    tarfs_unmount(&fs);
}

TEST(tarfs_full_length_name_fields)
{
    struct tarfs fs;
    char name[101], prefix[156], path[300];
    size_t size = 0;
    memset(name, 'n', 100);
    memset(prefix, 'p', 155);
    name[100] = prefix[155] = 0;
    reset();
    add(name, prefix, '0', "z", 1); /* no NUL in either field */
    CHECK_EQ(tarfs_mount(&fs, img, img_len), 1);
    snprintf(path, sizeof(path), "/%s/%s", prefix, name);
    CHECK(lookup(&fs, path, &size) != NULL);
    CHECK_EQ(strlen(fs.files[0].path), 256);
    tarfs_unmount(&fs);
}

static char listed[1024];
static void collect(const char *path, size_t size, void *arg)
{
    size_t n = strlen(listed);
    snprintf(listed + n, sizeof(listed) - n, "%s:%zu%s", path, size,
             (const char *)arg);
}

TEST(tarfs_list_and_is_dir)
{
    struct tarfs fs;
    reset();
    add("etc/xl/a.cfg", NULL, '0', "aa", 2);
    add("etc/xl/b.cfg", NULL, '0', "b", 1);
    add("etc/motd", NULL, '0', "", 0);
    add("boot/guests/k", NULL, '0', "kkkk", 4);
    CHECK_EQ(tarfs_mount(&fs, img, img_len), 4);
    listed[0] = 0;
    tarfs_list(&fs, "/etc/xl/", collect, ";");
    CHECK_STR(listed, "/etc/xl/a.cfg:2;/etc/xl/b.cfg:1;");
    listed[0] = 0;
    tarfs_list(&fs, "/etc", collect, ";");
    CHECK_STR(listed, "/etc/xl/a.cfg:2;/etc/xl/b.cfg:1;/etc/motd:0;");
    listed[0] = 0;
    tarfs_list(&fs, "/", collect, "");
    CHECK_EQ(strlen(listed), strlen("/etc/xl/a.cfg:2/etc/xl/b.cfg:1"
                                    "/etc/motd:0/boot/guests/k:4"));
    listed[0] = 0;
    tarfs_list(&fs, "/et", collect, ";"); /* a name prefix, not a dir */
    tarfs_list(&fs, "/etc/motd", collect, ";");
    CHECK_STR(listed, "");
    CHECK(tarfs_is_dir(&fs, "/"));
    CHECK(tarfs_is_dir(&fs, "/boot/guests"));
    CHECK(!tarfs_is_dir(&fs, "/boot/guests/k"));
    CHECK(!tarfs_is_dir(&fs, "/bo"));
    tarfs_unmount(&fs);
}

TEST(tarfs_normalize_paths)
{
    char out[16];
    CHECK(tarfs_normalize("/a//b/./c/", out, sizeof(out)));
    CHECK_STR(out, "a/b/c");
    CHECK(tarfs_normalize("", out, sizeof(out)));
    CHECK_STR(out, "");
    CHECK(tarfs_normalize("/./", out, sizeof(out)));
    CHECK_STR(out, "");
    CHECK(!tarfs_normalize("a/../b", out, sizeof(out)));
    CHECK(tarfs_normalize("a/..b/...", out, sizeof(out)));
    CHECK_STR(out, "a/..b/...");
    CHECK(tarfs_normalize("0123456789abcde", out, sizeof(out)));
    CHECK(!tarfs_normalize("0123456789abcdef", out, sizeof(out)));
    CHECK(!tarfs_normalize("0123456/89abcdef", out, sizeof(out)));
    CHECK(!tarfs_normalize("a", out, 0));
}
