/* SPDX-License-Identifier: BSD-2-Clause */
/* The dom0 shell's line editor (dom0-tools/shell/lineedit.c) and word
 * splitter (split.c): buffer, cursor, echo bytes and history. */
#include "harness.h"
#include "lineedit.h"
#include "shell.h"

static char echo[4096];
static size_t echo_len;

static void out(const char *s, size_t n, void *arg)
{
    (void)arg;
    if (echo_len + n < sizeof(echo)) {
        memcpy(echo + echo_len, s, n);
        echo_len += n;
        echo[echo_len] = 0;
    }
}

static struct lineedit le;

static void start(void)
{
    le_init(&le, out, NULL);
    echo_len = 0;
    echo[0] = 0;
}

/* Feed every byte; returns the last result. */
static enum le_result feed(const char *s)
{
    enum le_result r = LE_MORE;
    for (; *s; s++)
        r = le_feed(&le, *s);
    return r;
}

static void clear_echo(void)
{
    echo_len = 0;
    echo[0] = 0;
}

TEST(lineedit_type_and_enter)
{
    start();
    CHECK_EQ(feed("ls /etc"), LE_MORE);
    CHECK_STR(echo, "ls /etc");
    CHECK_EQ(feed("\r"), LE_LINE);
    CHECK_STR(le.buf, "ls /etc");
    CHECK_STR(echo, "ls /etc\n");
    /* The \n of a \r\n pair is swallowed, a lone \n ends a line. */
    le_reset(&le);
    CHECK_EQ(feed("\n"), LE_MORE);
    CHECK_EQ(feed("\n"), LE_LINE);
    CHECK_STR(le.buf, "");
}

TEST(lineedit_insert_in_the_middle)
{
    start();
    feed("ab\033[D");
    CHECK_EQ(le.cur, 1);
    clear_echo();
    feed("X");
    CHECK_STR(le.buf, "aXb");
    CHECK_EQ(le.cur, 2);
    /* The byte, the rest of the line, clear to end, cursor back. */
    CHECK_STR(echo, "Xb\033[K\033[1D");
}

TEST(lineedit_backspace_and_delete)
{
    start();
    feed("\x7f");
    CHECK_EQ(le.len, 0);
    CHECK_STR(echo, "");
    feed("abcd\x7f");
    CHECK_STR(le.buf, "abc");
    feed("\b");
    CHECK_STR(le.buf, "ab");
    feed("\001\033[3~");
    CHECK_STR(le.buf, "b");
    CHECK_EQ(le.cur, 0);
    feed("\004"); /* Ctrl-D on a non-empty line deletes */
    CHECK_STR(le.buf, "");
    CHECK_EQ(feed("\004"), LE_EOF);
}

TEST(lineedit_ctrl_u_k_a_e)
{
    start();
    feed("hello world");
    feed("\033[D\033[D\033[D\033[D\033[D");
    CHECK_EQ(le.cur, 6);
    feed("\025");
    CHECK_STR(le.buf, "world");
    CHECK_EQ(le.cur, 0);
    feed("\005");
    CHECK_EQ(le.cur, 5);
    feed("\001\033[C\013");
    CHECK_STR(le.buf, "w");
    CHECK_EQ(le.len, 1);
    clear_echo();
    feed("\033[F");
    CHECK_EQ(le.cur, 1);
    CHECK_STR(echo, "");
}

TEST(lineedit_home_end_sequences)
{
    start();
    feed("abc");
    feed("\033[H");
    CHECK_EQ(le.cur, 0);
    feed("\033[4~");
    CHECK_EQ(le.cur, 3);
    feed("\033[1~");
    CHECK_EQ(le.cur, 0);
    feed("\033OF");
    CHECK_EQ(le.cur, 3);
    feed("\033[7~\033[C\033[8~\033[D");
    CHECK_EQ(le.cur, 2);
    /* Unknown sequences and a lone ESC + letter change nothing. */
    feed("\033[99Z\033x\033[1;5C");
    CHECK_STR(le.buf, "abc");
    CHECK_EQ(le.cur, 3);
}

TEST(lineedit_history)
{
    start();
    feed("one\r");
    le_reset(&le);
    feed("two\r");
    le_reset(&le);
    feed("two\r"); /* a repeat is not stored twice */
    le_reset(&le);
    feed("\r"); /* nor an empty line */
    le_reset(&le);
    CHECK_STR(le_history(&le, 1), "two");
    CHECK_STR(le_history(&le, 2), "one");
    CHECK(le_history(&le, 3) == NULL);
    feed("dra");
    feed("\033[A");
    CHECK_STR(le.buf, "two");
    feed("\033[A\033[A"); /* stops at the oldest */
    CHECK_STR(le.buf, "one");
    feed("\033[B\033[B");
    CHECK_STR(le.buf, "dra"); /* the unfinished line comes back */
    CHECK_EQ(le.cur, 3);
    feed("\033[B");
    CHECK_STR(le.buf, "dra");
    feed("\020");
    CHECK_STR(le.buf, "two");
    CHECK_EQ(feed("\r"), LE_LINE);
    CHECK_STR(le.buf, "two");
}

TEST(lineedit_history_wraps)
{
    start();
    char line[16];
    for (int i = 0; i < LE_HIST + 5; i++) {
        le_reset(&le);
        snprintf(line, sizeof(line), "cmd%d\r", i);
        feed(line);
    }
    CHECK_STR(le_history(&le, 1), "cmd36");
    CHECK_STR(le_history(&le, LE_HIST), "cmd5");
    CHECK(le_history(&le, LE_HIST + 1) == NULL);
}

TEST(lineedit_ctrl_c_and_overflow)
{
    start();
    feed("abc");
    CHECK_EQ(feed("\003"), LE_INTR);
    CHECK_EQ(le.len, 0);
    CHECK(strstr(echo, "^C\n") != NULL);
    for (int i = 0; i < LE_MAX + 10; i++)
        le_feed(&le, 'x');
    CHECK_EQ(le.len, LE_MAX - 1);
    CHECK_EQ(strlen(le.buf), LE_MAX - 1);
    CHECK(strchr(echo, '\a') != NULL);
    feed("\t\001"); /* tab ignored */
    CHECK_EQ(le.len, LE_MAX - 1);
}

TEST(split_words_quotes_escapes)
{
    char line[] = "  xl  create \"my cfg.cfg\" 'a\\b' c\\ d  ";
    char *argv[8];
    CHECK_EQ(shell_split(line, argv, 7), 5);
    CHECK_STR(argv[0], "xl");
    CHECK_STR(argv[1], "create");
    CHECK_STR(argv[2], "my cfg.cfg");
    CHECK_STR(argv[3], "a\\b");
    CHECK_STR(argv[4], "c d");
    CHECK(argv[5] == NULL);
}

TEST(split_errors_and_empty)
{
    char *argv[3];
    char empty[] = "   ", open[] = "echo \"abc", many[] = "a b c d";
    char glued[] = "a\"b c\"d";
    CHECK_EQ(shell_split(empty, argv, 2), 0);
    CHECK_EQ(shell_split(open, argv, 2), -1);
    CHECK_EQ(shell_split(many, argv, 2), -2);
    CHECK_EQ(shell_split(glued, argv, 2), 1);
    CHECK_STR(argv[0], "ab cd");
}
