/* SPDX-License-Identifier: BSD-2-Clause */
/* Splitting a shell line into words, in place. */
#include <stdbool.h>
#include "shell.h"

/* One word starting at *p: quotes and backslashes are removed as the
 * bytes are copied down. Returns false on an unclosed quote. */
static bool shell_word(char **p, char **word)
{
    char *r = *p, *w = *p, quote = 0;
    *word = w;
    for (; *r && (quote || (*r != ' ' && *r != '\t')); r++) {
        if (quote && *r == quote)
            quote = 0;
        else if (!quote && (*r == '"' || *r == '\''))
            quote = *r;
        else if (*r == '\\' && quote != '\'' && r[1])
            *w++ = *++r;
        else
            *w++ = *r;
    }
    if (quote)
        return false;
    *p = *r ? r + 1 : r;
    *w = 0;
    return true;
}

int shell_split(char *line, char **argv, int max)
{
    int argc = 0;
    char *p = line;
    for (;;) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p)
            break;
        if (argc >= max)
            return -2;
        if (!shell_word(&p, &argv[argc]))
            return -1;
        argc++;
    }
    if (argc < max)
        argv[argc] = 0;
    return argc;
}
