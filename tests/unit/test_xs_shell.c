/* SPDX-License-Identifier: BSD-2-Clause */
/* xenstored's shell commands: xenstore-ls/read output as Xen prints it,
 * and the quoting of binary values. */
#include "harness.h"
#include <unistd.h>
#include "xs_fake_os.h"
#include "../../dom0-tools/xenstored/xs_internal.h"

static void setup(void)
{
    xs_store_reset();
    fake_reset();
    xenstored_init();
}

/* Run a shell command with stdout captured into out. */
static void capture(int (*cmd)(int, char **), char **argv, char *out, size_t n)
{
    FILE *f = tmpfile();
    int fd = dup(1), argc = 0;

    while (argv[argc])
        argc++;
    fflush(stdout);
    dup2(fileno(f), 1);
    cmd(argc, argv);
    fflush(stdout);
    dup2(fd, 1);
    close(fd);
    rewind(f);
    out[fread(out, 1, n - 1, f)] = '\0';
    fclose(f);
}

TEST(xs_shell_ls_format)
{
    char out[512], want[256], x70[71], *s = NULL;

    setup();
    memset(x70, 'x', 70);
    x70[70] = '\0';
    CHECK_EQ(xs_write("/local/domain/0/long", x70), 0);
    capture(xenstore_ls_main, (char *[]){"xenstore-ls", "/local", NULL}, out,
            sizeof(out));
    /* Xen cuts a line at 80 columns: 6 of indent and name, 8 of tag. */
    snprintf(want, sizeof(want),
             "domain = \"\"\n 0 = \"\"\n  name = \"Domain-0\"\n"
             "  domid = \"0\"\n  long = \"%.66s\\...\"\n",
             x70);
    CHECK_STR(out, want);
    capture(xenstore_ls_main,
            (char *[]){"xenstore-ls", "-p", "/local/domain/0", NULL}, out,
            sizeof(out));
    CHECK(strstr(out, "name = \"Domain-0\"  . . . . . . . . . . . . . . . "
                      ". . . . . .  (n0)\n") == out);
    capture(xenstore_read_main,
            (char *[]){"xenstore-read", "-p", "/local/domain/0/name", NULL},
            out, sizeof(out));
    CHECK_STR(out, "/local/domain/0/name: Domain-0\n");
    free(s);
    s = xs_sanitise("a\\b\tc\n\001\377", 8);
    CHECK_STR(s, "a\\\\b\\tc\\n\\001\\xff");
    CHECK_EQ(xs_unsanitise(out, s), 8);
    CHECK_EQ(memcmp(out, "a\\b\tc\n\001\377", 8), 0);
    free(s);
}

TEST(xs_shell_write_rm)
{
    char out[64];

    setup();
    CHECK_EQ(xenstore_write_main(5, (char *[]){"xenstore-write", "/a", "x\\ty",
                                               "/b", "1", NULL}),
             0);
    capture(xenstore_read_main, (char *[]){"xenstore-read", "/a", "/b", NULL},
            out, sizeof(out));
    CHECK_STR(out, "x\\ty\n1\n");
    CHECK_EQ(xenstore_write_main(2, (char *[]){"xenstore-write", "/a", NULL}),
             1);
    CHECK_EQ(xenstore_rm_main(2, (char *[]){"xenstore-rm", "/a", NULL}), 0);
    CHECK_EQ(xenstore_read_main(2, (char *[]){"xenstore-read", "/a", NULL}), 1);
    CHECK_EQ(xenstore_ls_main(2, (char *[]){"xenstore-ls", "/a", NULL}), 1);
}
