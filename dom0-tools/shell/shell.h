/* SPDX-License-Identifier: BSD-2-Clause */
/* The dom0 shell's commands and the parts it calls into. */
#ifndef DOM0_SHELL_H
#define DOM0_SHELL_H

#define SHELL_PROMPT   "basalt# "
#define SHELL_MAX_ARGS 32

struct shell_cmd {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *usage, *help;
};

/* The table (builtins.c), ended by a NULL name. */
extern const struct shell_cmd shell_cmds[];

/* Split line in place into at most max words ("..." and '...' quote,
 * backslash escapes); argv[count] = NULL when it fits. Returns the count,
 * -1 on an unclosed quote, -2 when there are more than max words. */
int shell_split(char *line, char **argv, int max);
/* Run one command line; returns its status. */
int shell_run_line(char *line);
/* Run one split command (argv[0] the command's name); its status. */
int shell_run_argv(int argc, char **argv);

void shell_main(void);

/* xl's entry point (the xenstore-* ones are in dom0/xenstored.h); weak
 * fallbacks in parts.c until the parts land. */
int xl_main(int argc, char **argv);
void shell_start_services(void);

#endif
