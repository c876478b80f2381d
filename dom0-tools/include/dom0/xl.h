/* SPDX-License-Identifier: BSD-2-Clause */
/* xl: the domain toolstack's command line (the shell runs "xl ..."). */
#ifndef DOM0_XL_H
#define DOM0_XL_H

#include <stdio.h>

/* Run one xl command ("xl list", ...): argv[0] is "xl". Returns the exit
 * status (0 success, 1 failure, 2 usage error), as Xen's xl. */
int xl_main(int argc, char **argv);

/* Where xl writes (NULL: stdout and stderr); host tests capture it. */
extern FILE *xl_stdout, *xl_stderr;

#endif
