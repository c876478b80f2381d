/* SPDX-License-Identifier: BSD-2-Clause */
/* The dom0 shell on the hypervisor console: read a line, run it. */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <dom0/os.h>
#include "lineedit.h"
#include "shell.h"

static struct lineedit shell_le;

static void shell_echo(const char *s, size_t n, void *arg)
{
    (void)arg;
    fflush(stdout);
    os_console_write(s, n);
}

/* dom0 is one program: a command that calls exit() ends itself, not
 * dom0. exit() flushes and returns here with the status (atexit handlers
 * do not run); outside a command it powers dom0 off. */
static jmp_buf shell_cmd_jmp;
static bool shell_in_cmd;
static int shell_exit_status;

void exit(int status)
{
    fflush(stdout);
    fflush(stderr);
    if (shell_in_cmd) {
        shell_exit_status = status;
        longjmp(shell_cmd_jmp, 1);
    }
    _exit(status);
}

static int shell_call(const struct shell_cmd *c, int argc, char **argv)
{
    int rc;
    if (setjmp(shell_cmd_jmp)) {
        shell_in_cmd = false;
        return shell_exit_status;
    }
    shell_in_cmd = true;
    rc = c->fn(argc, argv);
    shell_in_cmd = false;
    return rc;
}

int shell_run_line(char *line)
{
    char *argv[SHELL_MAX_ARGS + 1];
    int argc = shell_split(line, argv, SHELL_MAX_ARGS);
    if (argc < 0) {
        printf("sh: %s\n",
               argc == -1 ? "unterminated quote" : "too many arguments");
        return 2;
    }
    return shell_run_argv(argc, argv);
}

int shell_run_argv(int argc, char **argv)
{
    if (!argc)
        return 0;
    for (const struct shell_cmd *c = shell_cmds; c->name; c++)
        if (!strcmp(c->name, argv[0]))
            return shell_call(c, argc, argv);
    printf("sh: %s: command not found\n", argv[0]);
    return 127;
}

/* The next byte typed, waiting (and so serving the backends) for it. */
static char shell_getc(void)
{
    char c;
    while (os_console_read(&c, 1) != 1)
        os_wait(0);
    return c;
}

static void shell_prompt(void)
{
    fputs(SHELL_PROMPT, stdout);
    fflush(stdout);
}

void shell_main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    shell_start_services();
    printf("\nBasalt dom0: %lu MiB, %s\n", os_start_info()->nr_pages >> 8,
           "type 'help' for the commands");
    le_init(&shell_le, shell_echo, NULL);
    for (;;) {
        le_reset(&shell_le);
        shell_prompt();
        enum le_result r;
        while ((r = le_feed(&shell_le, shell_getc())) == LE_MORE)
            ;
        if (r == LE_LINE) {
            char line[LE_MAX];
            memcpy(line, shell_le.buf, sizeof(line));
            shell_run_line(line);
            fflush(stdout);
        }
    }
}
