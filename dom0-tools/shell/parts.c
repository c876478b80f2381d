/* SPDX-License-Identifier: BSD-2-Clause */
/* The shell's bridges to xl, xenstored and consoled: weak, so dom0 links
 * and runs before those parts land; their real definitions win. */
#include <stdio.h>
#include <dom0/consoled.h>
#include <dom0/xenstored.h>
#include "shell.h"

/* Weak references: NULL until the part is linked in. */
#pragma weak xenstored_init
#pragma weak consoled_init

void shell_start_services(void)
{
    if (xenstored_init)
        xenstored_init();
    if (consoled_init)
        consoled_init();
}

static int shell_missing(const char *cmd)
{
    printf("%s: not available yet\n", cmd);
    return 1;
}

__attribute__((weak)) int xl_main(int argc, char **argv)
{
    (void)argc;
    return shell_missing(argv[0]);
}

__attribute__((weak)) int xenstore_ls_main(int argc, char **argv)
{
    (void)argc;
    return shell_missing(argv[0]);
}

__attribute__((weak)) int xenstore_read_main(int argc, char **argv)
{
    (void)argc;
    return shell_missing(argv[0]);
}

__attribute__((weak)) int xenstore_write_main(int argc, char **argv)
{
    (void)argc;
    return shell_missing(argv[0]);
}

__attribute__((weak)) int xenstore_rm_main(int argc, char **argv)
{
    (void)argc;
    return shell_missing(argv[0]);
}
