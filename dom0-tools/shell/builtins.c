/* SPDX-License-Identifier: BSD-2-Clause */
/* The shell's own commands: help, ls, cat, echo, clear. */
#include <stdio.h>
#include <string.h>
#include <dom0/os.h>
#include <dom0/xenstored.h>
#include "shell.h"

static int cmd_help(int argc, char **argv)
{
    (void)argc, (void)argv;
    printf("Commands:\n");
    for (const struct shell_cmd *c = shell_cmds; c->name; c++)
        printf("  %-32s %s\n", c->usage, c->help);
    return 0;
}

/* ls collects the distinct first path components below a directory. */
#define LS_MAX 256
struct ls_state {
    size_t dir_len;
    unsigned int n;
    char names[LS_MAX][64];
};

static void ls_add(const char *path, size_t size, void *arg)
{
    struct ls_state *s = arg;
    (void)size;
    const char *rest = path + s->dir_len;
    while (*rest == '/')
        rest++;
    size_t len = strcspn(rest, "/");
    char name[64];
    snprintf(name, sizeof(name), "%.*s%s", (int)len, rest,
             rest[len] == '/' ? "/" : "");
    for (unsigned int i = 0; i < s->n; i++)
        if (!strcmp(s->names[i], name))
            return;
    if (s->n < LS_MAX)
        strcpy(s->names[s->n++], name);
}

static int ls_one(const char *dir)
{
    static struct ls_state s;
    const void *data;
    size_t size;
    if (os_fs_lookup(dir, &data, &size)) {
        printf("%s\n", dir);
        return 0;
    }
    s.n = 0;
    s.dir_len = strlen(dir);
    while (s.dir_len && dir[s.dir_len - 1] == '/')
        s.dir_len--;
    os_fs_list(dir, ls_add, &s);
    if (!s.n && strcmp(dir, "/")) {
        printf("ls: cannot access '%s': No such file or directory\n", dir);
        return 2;
    }
    for (unsigned int i = 0; i < s.n; i++)
        printf("%s\n", s.names[i]);
    return 0;
}

static int cmd_ls(int argc, char **argv)
{
    int rc = 0;
    if (argc < 2)
        return ls_one("/");
    for (int i = 1; i < argc; i++) {
        if (argc > 2)
            printf("%s%s:\n", i > 1 ? "\n" : "", argv[i]);
        if (ls_one(argv[i]))
            rc = 2;
    }
    return rc;
}

static int cmd_cat(int argc, char **argv)
{
    int rc = 0;
    for (int i = 1; i < argc; i++) {
        const void *data;
        size_t size;
        if (!os_fs_lookup(argv[i], &data, &size)) {
            printf("cat: %s: No such file or directory\n", argv[i]);
            rc = 1;
            continue;
        }
        fwrite(data, 1, size, stdout);
    }
    return rc;
}

static int cmd_echo(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        printf("%s%s", argv[i], i + 1 < argc ? " " : "");
    printf("\n");
    return 0;
}

static int cmd_clear(int argc, char **argv)
{
    (void)argc, (void)argv;
    printf("\033[H\033[2J");
    return 0;
}

static inline uint64_t shell_rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi)::"memory");
    return (uint64_t)hi << 32 | lo;
}

/* time CMD...: run it, then print how long it took, in PV-clock time and
 * TSC cycles (guest instructions under QEMU -icount: make bench). */
static int cmd_time(int argc, char **argv)
{
    uint64_t ns = os_now_ns(), t0 = shell_rdtsc();
    int rc = shell_run_argv(argc - 1, argv + 1);
    uint64_t tsc = shell_rdtsc() - t0;
    ns = os_now_ns() - ns;
    /* The start TSC lets a guest's own TSC stamps be placed (one clock for
     * every CPU under QEMU -icount). */
    printf("time: %llu.%03llu ms, %llu cycles, from tsc %llu\n",
           (unsigned long long)(ns / 1000000),
           (unsigned long long)(ns / 1000 % 1000), (unsigned long long)tsc,
           (unsigned long long)t0);
    return rc;
}

static int cmd_os_selftest(int argc, char **argv)
{
    (void)argc, (void)argv;
    return os_selftest();
}

const struct shell_cmd shell_cmds[] = {
    {"help", cmd_help, "help", "this list"},
    {"ls", cmd_ls, "ls [DIR...]", "list the initrd's files"},
    {"cat", cmd_cat, "cat FILE...", "print files"},
    {"echo", cmd_echo, "echo [WORD...]", "print the words"},
    {"clear", cmd_clear, "clear", "clear the screen"},
    {"time", cmd_time, "time COMMAND [ARGS]", "run a command, show its time"},
    {"os-selftest", cmd_os_selftest, "os-selftest", "check dom0's OS services"},
    {"xl", xl_main, "xl COMMAND [ARGS]", "the domain toolstack ('xl help')"},
    {"xenstore-ls", xenstore_ls_main, "xenstore-ls [-p] [PATH]",
     "list a xenstore subtree"},
    {"xenstore-read", xenstore_read_main, "xenstore-read PATH...",
     "print xenstore values"},
    {"xenstore-write", xenstore_write_main, "xenstore-write PATH VALUE...",
     "write xenstore values"},
    {"xenstore-rm", xenstore_rm_main, "xenstore-rm PATH...",
     "remove xenstore nodes"},
    {NULL, NULL, NULL, NULL},
};
