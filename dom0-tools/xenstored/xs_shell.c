/* SPDX-License-Identifier: BSD-2-Clause */
/* xenstored: the shell's xenstore-ls/read/write/rm, with the output of
 * Xen's xenstore_client.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xs_internal.h"

#define XS_LS_WIDTH   80 /* Xen's width when stdout is not a terminal */
#define XS_LS_DESIRED 60 /* -p pads values with dots up to here */
#define XS_LS_TAG_LEN 8  /* strlen(" = \"...\"") */

struct xs_ls {
    size_t base_depth;
    bool perms;
    bool full;
    int width;
};

static size_t xs_depth(const char *path)
{
    size_t d = 0;

    if (strcmp(path, "/") == 0)
        return 0;
    for (; *path; path++)
        d += *path == '/';
    return d;
}

static void xs_ls_perms(const struct xs_node *n)
{
    char buf[16];

    fputs("  (", stdout);
    for (unsigned int i = 0; i < n->nperms; i++) {
        xs_perm_format(&n->perms[i], buf, sizeof(buf));
        printf("%s%s", i ? "," : "", buf);
    }
    putchar(')');
}

/* One line of xenstore-ls: indented name, then the quoted value cut to
 * the line width as Xen cuts it, then the permissions with -p. */
static int xs_ls_visit(const char *path, struct xs_node *n, void *arg)
{
    struct xs_ls *ls = arg;
    size_t depth = xs_depth(path);
    int lw = 0, room;
    char *val;

    if (depth <= ls->base_depth)
        return 0; /* the starting node itself is not listed */
    if (ls->full) {
        fputs(path, stdout);
    } else {
        for (size_t i = ls->base_depth + 1; i < depth; i++, lw++)
            putchar(' ');
        lw += printf("%.*s", ls->width - XS_LS_TAG_LEN - lw, n->name);
    }
    val = xs_sanitise(n->value ? n->value : "", n->vlen);
    if (!val)
        return -ENOMEM;
    room = ls->width - XS_LS_TAG_LEN - lw;
    if (ls->width < lw + (int)n->vlen + XS_LS_TAG_LEN) {
        printf(" = \"%.*s\\...\"", room < 0 ? 0 : room, val);
    } else {
        lw += printf(" = \"%s\"", val);
        if (ls->perms) {
            putchar(' ');
            for (lw++; !ls->full && lw < XS_LS_DESIRED && lw < ls->width; lw++)
                putchar((lw & 1) ? '.' : ' ');
        }
    }
    free(val);
    if (ls->perms)
        xs_ls_perms(n);
    putchar('\n');
    return 0;
}

/* Flags in argv[1..] ("-p", "-fp"); returns the first operand index or
 * -1 for an unknown flag. */
static int xs_flags(int argc, char **argv, const char *ok, bool *seen)
{
    int i;

    for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        for (const char *f = argv[i] + 1; *f; f++) {
            const char *at = strchr(ok, *f);
            if (!at)
                return -1;
            seen[at - ok] = true;
        }
    }
    return i;
}

static int xs_ls_one(const char *arg, struct xs_ls *ls)
{
    struct xs_node *n = NULL;
    char *path;
    int rc = xs_canonical(&xs_local, arg, false, &path);

    if (!rc)
        n = xs_tree_find(&xs_store, path);
    if (!n) {
        fprintf(stderr, "xenstore-ls: xs_directory (%s): %s\n", arg,
                strerror(rc ? -rc : ENOENT));
        free(path);
        return 1;
    }
    ls->base_depth = xs_depth(path);
    rc = xs_tree_walk(n, path, false, xs_ls_visit, ls);
    free(path);
    return rc ? 1 : 0;
}

int xenstore_ls_main(int argc, char **argv)
{
    bool seen[4] = {false};
    struct xs_ls ls = {0, false, false, XS_LS_WIDTH};
    int i = xs_flags(argc, argv, "pfsh", seen), rc = 0;

    if (i < 0 || seen[3]) {
        fprintf(stderr, "Usage: xenstore-ls [-h] [-s] [-p] [-f] [path]\n");
        return 1;
    }
    ls.perms = seen[0];
    ls.full = seen[1];
    if (ls.full)
        ls.width = 1 << 30;
    if (i == argc)
        return xs_ls_one("/", &ls);
    for (; i < argc && !rc; i++)
        rc = xs_ls_one(argv[i], &ls);
    fflush(stdout);
    return rc;
}

int xenstore_read_main(int argc, char **argv)
{
    bool seen[3] = {false};
    int i = xs_flags(argc, argv, "psh", seen);
    unsigned int len;
    char *val, *s;

    if (i < 0 || i == argc || seen[2]) {
        fprintf(stderr, "Usage: xenstore-read [-h] [-p] [-s] key [...]\n");
        return 1;
    }
    for (; i < argc; i++) {
        if (xs_read(argv[i], &val, &len)) {
            fprintf(stderr, "xenstore-read: couldn't read path %s\n", argv[i]);
            return 1;
        }
        s = xs_sanitise(val, len);
        if (seen[0])
            printf("%s: ", argv[i]);
        printf("%s\n", s ? s : "");
        free(s);
        free(val);
    }
    return 0;
}

int xenstore_write_main(int argc, char **argv)
{
    bool seen[2] = {false};
    int i = xs_flags(argc, argv, "sh", seen);
    char *buf;
    unsigned int len;

    if (i < 0 || i == argc || (argc - i) % 2 || seen[1]) {
        fprintf(stderr, "Usage: xenstore-write [-h] [-s] key value [...]\n");
        return 1;
    }
    for (; i < argc; i += 2) {
        buf = malloc(strlen(argv[i + 1]) + 1);
        if (!buf)
            return 1;
        len = xs_unsanitise(buf, argv[i + 1]);
        if (xs_write_bytes(argv[i], buf, len)) {
            fprintf(stderr, "xenstore-write: could not write path %s\n",
                    argv[i]);
            free(buf);
            return 1;
        }
        free(buf);
    }
    return 0;
}

int xenstore_rm_main(int argc, char **argv)
{
    bool seen[3] = {false};
    int i = xs_flags(argc, argv, "tsh", seen);

    if (i < 0 || i == argc || seen[2]) {
        fprintf(stderr, "Usage: xenstore-rm [-h] [-s] [-t] key [...]\n");
        return 1;
    }
    for (; i < argc; i++) {
        if (xs_rm(argv[i])) {
            fprintf(stderr, "xenstore-rm: could not remove path %s\n", argv[i]);
            return 1;
        }
    }
    return 0;
}
