/* SPDX-License-Identifier: BSD-2-Clause */
/* The shell's line editor: a pure state machine fed one byte at a time,
 * echoing through a callback (so it is unit-tested on the host). */
#ifndef DOM0_LINEEDIT_H
#define DOM0_LINEEDIT_H

#include <stdbool.h>
#include <stddef.h>

#define LE_MAX  256 /* bytes per line, NUL included */
#define LE_HIST 32  /* lines of history kept */

typedef void (*le_out_fn)(const char *s, size_t n, void *arg);

enum le_result {
    LE_MORE, /* keep feeding */
    LE_LINE, /* le->buf holds a finished line */
    LE_INTR, /* Ctrl-C: the line was dropped */
    LE_EOF,  /* Ctrl-D on an empty line */
};

struct lineedit {
    char buf[LE_MAX];
    size_t len, cur;
    int esc;          /* escape-sequence state (lineedit.c) */
    unsigned int arg; /* numeric parameter of a CSI sequence */
    bool last_cr;     /* swallow the \n of a \r\n pair */
    char hist[LE_HIST][LE_MAX];
    unsigned int hist_count; /* lines ever added (newest: count - 1) */
    unsigned int hist_back;  /* 0: editing; k: showing the k-th newest */
    char saved[LE_MAX];      /* the unfinished line while browsing */
    le_out_fn out;
    void *out_arg;
};

void le_init(struct lineedit *le, le_out_fn out, void *arg);
/* Start a new, empty line (the caller prints the prompt). */
void le_reset(struct lineedit *le);
enum le_result le_feed(struct lineedit *le, char c);
/* The k-th newest history line (1: the last one), or NULL. */
const char *le_history(const struct lineedit *le, unsigned int k);

#endif
