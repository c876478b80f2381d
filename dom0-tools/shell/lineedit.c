/* SPDX-License-Identifier: BSD-2-Clause */
/* Line editing for the dom0 shell: insert anywhere, backspace/delete,
 * Ctrl-A/E/U/K, arrows and Home/End (VT100 sequences), history. */
#include <stdio.h>
#include <string.h>
#include "lineedit.h"

enum { ESC_NONE, ESC_START, ESC_CSI, ESC_SS3 };

#define CTRL(c) ((c)&0x1f)

static void le_emit(struct lineedit *le, const char *s, size_t n)
{
    if (n && le->out)
        le->out(s, n, le->out_arg);
}

static void le_emits(struct lineedit *le, const char *s)
{
    le_emit(le, s, strlen(s));
}

/* Move the terminal cursor n columns ('D' left, 'C' right). */
static void le_move(struct lineedit *le, size_t n, char dir)
{
    char seq[24];
    if (n)
        le_emit(le, seq,
                (size_t)snprintf(seq, sizeof(seq), "\033[%zu%c", n, dir));
}

/* Reprint from the cursor to the end, clear what is left of an older,
 * longer line, and put the cursor back. */
static void le_redraw_tail(struct lineedit *le)
{
    le_emit(le, le->buf + le->cur, le->len - le->cur);
    le_emits(le, "\033[K");
    le_move(le, le->len - le->cur, 'D');
}

static void le_set_line(struct lineedit *le, const char *s)
{
    le_move(le, le->cur, 'D');
    le->len = le->cur = strnlen(s, LE_MAX - 1);
    memcpy(le->buf, s, le->len);
    le->buf[le->len] = 0;
    le_emit(le, le->buf, le->len);
    le_emits(le, "\033[K");
}

static void le_insert(struct lineedit *le, char c)
{
    if (le->len >= LE_MAX - 1) {
        le_emits(le, "\a");
        return;
    }
    memmove(le->buf + le->cur + 1, le->buf + le->cur, le->len - le->cur);
    le->buf[le->cur++] = c;
    le->buf[++le->len] = 0;
    le_emit(le, &c, 1);
    if (le->cur < le->len)
        le_redraw_tail(le);
}

/* Remove n bytes before the cursor. */
static void le_erase_before(struct lineedit *le, size_t n)
{
    if (n > le->cur)
        n = le->cur;
    if (!n)
        return;
    memmove(le->buf + le->cur - n, le->buf + le->cur, le->len - le->cur);
    le_move(le, n, 'D');
    le->cur -= n;
    le->len -= n;
    le->buf[le->len] = 0;
    le_redraw_tail(le);
}

static void le_delete_at(struct lineedit *le)
{
    if (le->cur == le->len)
        return;
    memmove(le->buf + le->cur, le->buf + le->cur + 1, le->len - le->cur - 1);
    le->buf[--le->len] = 0;
    le_redraw_tail(le);
}

static void le_cursor_to(struct lineedit *le, size_t pos)
{
    if (pos < le->cur)
        le_move(le, le->cur - pos, 'D');
    else
        le_move(le, pos - le->cur, 'C');
    le->cur = pos;
}

const char *le_history(const struct lineedit *le, unsigned int k)
{
    unsigned int kept = le->hist_count < LE_HIST ? le->hist_count : LE_HIST;
    if (!k || k > kept)
        return NULL;
    return le->hist[(le->hist_count - k) % LE_HIST];
}

static void le_history_move(struct lineedit *le, int dir)
{
    unsigned int k = le->hist_back + (dir > 0 ? 1 : -1);
    if (dir < 0 && !le->hist_back)
        return;
    if (dir > 0 && !le_history(le, k))
        return;
    if (!le->hist_back)
        memcpy(le->saved, le->buf, le->len + 1);
    le->hist_back = k;
    le_set_line(le, k ? le_history(le, k) : le->saved);
}

static void le_history_add(struct lineedit *le)
{
    const char *last = le_history(le, 1);
    if (!le->len || (last && !strcmp(last, le->buf)))
        return;
    memcpy(le->hist[le->hist_count % LE_HIST], le->buf, le->len + 1);
    le->hist_count++;
}

void le_reset(struct lineedit *le)
{
    le->len = le->cur = 0;
    le->buf[0] = 0;
    le->esc = ESC_NONE;
    le->hist_back = 0;
}

void le_init(struct lineedit *le, le_out_fn out, void *arg)
{
    memset(le, 0, sizeof(*le));
    le->out = out;
    le->out_arg = arg;
}

/* The final byte of ESC [ ... or ESC O ... */
static void le_escape_final(struct lineedit *le, char c)
{
    unsigned int arg = le->esc == ESC_CSI ? le->arg : 0;
    le->esc = ESC_NONE;
    if (c == 'A')
        le_history_move(le, 1);
    else if (c == 'B')
        le_history_move(le, -1);
    else if (c == 'C' && le->cur < le->len)
        le_cursor_to(le, le->cur + 1);
    else if (c == 'D' && le->cur)
        le_cursor_to(le, le->cur - 1);
    else if (c == 'H' || (c == '~' && (arg == 1 || arg == 7)))
        le_cursor_to(le, 0);
    else if (c == 'F' || (c == '~' && (arg == 4 || arg == 8)))
        le_cursor_to(le, le->len);
    else if (c == '~' && arg == 3)
        le_delete_at(le);
}

static void le_escape(struct lineedit *le, char c)
{
    if (le->esc == ESC_START) {
        le->esc = c == '[' ? ESC_CSI : c == 'O' ? ESC_SS3 : ESC_NONE;
        le->arg = 0;
    } else if (le->esc == ESC_CSI && c >= '0' && c <= '9') {
        if (le->arg < 1000)
            le->arg = le->arg * 10 + (unsigned int)(c - '0');
    } else if (le->esc == ESC_CSI && c >= 0x20 && c < 0x40) {
        /* other parameter or intermediate bytes: ignored */
    } else {
        le_escape_final(le, c);
    }
}

static enum le_result le_enter(struct lineedit *le)
{
    le->buf[le->len] = 0;
    le_emits(le, "\n");
    le_history_add(le);
    le->hist_back = 0;
    return LE_LINE;
}

/* Control bytes; returns LE_MORE unless the line ends. */
static enum le_result le_control(struct lineedit *le, char c)
{
    switch (c) {
    case '\r':
    case '\n':
        return le_enter(le);
    case CTRL('C'):
        le_emits(le, "^C\n");
        le_reset(le);
        return LE_INTR;
    case CTRL('D'):
        if (!le->len)
            return LE_EOF;
        le_delete_at(le);
        break;
    case '\b':
    case 0x7f:
        le_erase_before(le, 1);
        break;
    case CTRL('U'):
        le_erase_before(le, le->cur);
        break;
    case CTRL('K'):
        le->len = le->cur;
        le->buf[le->len] = 0;
        le_emits(le, "\033[K");
        break;
    case CTRL('A'):
        le_cursor_to(le, 0);
        break;
    case CTRL('E'):
        le_cursor_to(le, le->len);
        break;
    case CTRL('B'):
    case CTRL('F'):
        le_escape_final(le, c == CTRL('B') ? 'D' : 'C');
        break;
    case CTRL('P'):
    case CTRL('N'):
        le_history_move(le, c == CTRL('P') ? 1 : -1);
        break;
    case '\033':
        le->esc = ESC_START;
        break;
    default:
        break; /* tab and the rest: ignored */
    }
    return LE_MORE;
}

enum le_result le_feed(struct lineedit *le, char c)
{
    bool after_cr = le->last_cr;
    le->last_cr = c == '\r';
    if (c == '\n' && after_cr)
        return LE_MORE; /* the second half of \r\n */
    if (le->esc != ESC_NONE) {
        le_escape(le, c);
        return LE_MORE;
    }
    if ((unsigned char)c < 0x20 || c == 0x7f)
        return le_control(le, c);
    le_insert(le, c);
    return LE_MORE;
}
