/* SPDX-License-Identifier: BSD-2-Clause */
/* The xl.cfg lexer: libxlu's tokens, bounded by the text's length, so a
 * NUL byte or a missing quote is an error and never a read past the end. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cfg_lex.h"

static bool lex_ident_start(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool lex_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool lex_word(char c)
{
    return lex_ident_start(c) || lex_digit(c);
}

/* The token's text for a message: printable, at most 40 bytes. */
static void lex_near(const struct xlcfg_lex *l, char *buf, size_t n)
{
    size_t o = 0;

    if (l->tok == T_EOF) {
        snprintf(buf, n, "end of file");
        return;
    }
    if (l->tok == T_NL) {
        snprintf(buf, n, "<newline>");
        return;
    }
    o += snprintf(buf, n, "`");
    for (size_t i = 0; i < l->len && i < 40 && o + 6 < n; i++) {
        unsigned char c = (unsigned char)l->start[i];
        if (c >= 0x20 && c < 0x7f)
            buf[o++] = (char)c;
        else
            o += snprintf(buf + o, n - o, "\\x%02x", c);
    }
    snprintf(buf + o, n - o, "%s'", l->len > 40 ? "..." : "");
}

int xlcfg_lex_fail(struct xlcfg_lex *l, const char *why)
{
    char near[256];

    if (l->failed)
        return -1;
    l->failed = true;
    lex_near(l, near, sizeof(near));
    if (l->err && l->errlen)
        snprintf(l->err, l->errlen, "%s:%d: config parsing error near %s: %s",
                 l->source, l->tok_line, near, why);
    return -1;
}

char *xlcfg_lex_take(struct xlcfg_lex *l)
{
    char *t = l->text;

    l->text = NULL;
    return t;
}

static int lex_hex(char c)
{
    if (lex_digit(c))
        return c - '0';
    c |= 0x20;
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* \xHH (two digits) and \NNN (one to three octal digits, <= 255). */
static int lex_numeric_escape(const char **pp, const char *e, int *out)
{
    const char *p = *pp;
    int v = 0, n = 0;

    if (*p == 'x') {
        for (p++; n < 2 && p < e && lex_hex(*p) >= 0; n++)
            v = v * 16 + lex_hex(*p++);
        if (n != 2)
            return -1;
    } else {
        for (; n < 3 && p < e && *p >= '0' && *p <= '7'; n++)
            v = v * 8 + (*p++ - '0');
        if (v > 255)
            return -1;
    }
    *pp = p;
    *out = v;
    return 0;
}

/* One escape after a backslash at *pp; the byte, or -1 if invalid. */
static int lex_escape(const char **pp, const char *e)
{
    static const char from[] = "\"'\\abfnrtv", to[] = "\"'\\\a\b\f\n\r\t\v";
    const char *hit = memchr(from, **pp, sizeof(from) - 1);
    int v;

    if (hit) {
        (*pp)++;
        return to[hit - from];
    }
    if (**pp != 'x' && (**pp < '0' || **pp > '7'))
        return -1;
    return lex_numeric_escape(pp, e, &v) ? -1 : v;
}

/* A quoted string from l->p (the quote) to its matching quote. */
static int lex_string(struct xlcfg_lex *l)
{
    const char q = *l->p, *p = l->p + 1, *e = l->end;
    size_t n = 0;
    char *s;

    for (; p < e && *p != q && *p != '\n' && *p; p++)
        if (*p == '\\' && p + 1 < e && p[1] != '\n')
            p++;
    l->len = (size_t)(p - l->start) + (p < e && *p == q);
    if (p >= e || *p != q)
        return xlcfg_lex_fail(l, p < e && !*p ? "NUL byte in quoted string"
                                              : "unterminated string");
    if (p - l->start > XLCFG_MAX_STR)
        return xlcfg_lex_fail(l, "string too long");
    s = l->text = malloc((size_t)(p - l->start));
    if (!s)
        return xlcfg_lex_fail(l, "out of memory");
    for (const char *r = l->start + 1; r < p;) {
        int c = (unsigned char)*r++;
        if (c == '\\' && (c = lex_escape(&r, p)) <= 0)
            return xlcfg_lex_fail(l, c ? "invalid escape after backslash in "
                                         "quoted string"
                                       : "NUL character escape in string");
        s[n++] = (char)c;
    }
    s[n] = '\0';
    l->p = p + 1;
    l->tok = T_STRING;
    return 0;
}

/* IDENT or NUMBER: a run of word characters, kept as text. */
static int lex_run(struct xlcfg_lex *l, enum xlcfg_tok tok)
{
    const char *p = l->p;

    while (p < l->end && lex_word(*p))
        p++;
    l->len = (size_t)(p - l->start);
    l->tok = tok;
    l->p = p;
    if (l->len > XLCFG_MAX_STR)
        return xlcfg_lex_fail(l, "token too long");
    l->text = malloc(l->len + 1);
    if (!l->text)
        return xlcfg_lex_fail(l, "out of memory");
    memcpy(l->text, l->start, l->len);
    l->text[l->len] = '\0';
    return 0;
}

static int lex_punct(struct xlcfg_lex *l)
{
    static const char chars[] = "\n;,[]=";
    static const enum xlcfg_tok toks[] = {T_NL,  T_SEMI, T_COMMA,
                                          T_LBR, T_RBR,  T_EQ};
    const char *hit = memchr(chars, *l->p, sizeof(chars) - 1);

    l->len = 1;
    if (*l->p == '+' && l->p + 1 < l->end && l->p[1] == '=') {
        l->tok = T_ADD;
        l->len = 2;
    } else if (hit) {
        l->tok = toks[hit - chars];
    } else {
        /* Show the rest of the word, as libxlu does. */
        while (l->len < (size_t)(l->end - l->p) && l->p[l->len] != ' ' &&
               l->p[l->len] != '\t' && l->p[l->len] != '\n')
            l->len++;
        l->tok = T_IDENT;
        return xlcfg_lex_fail(l, *l->p ? "lexical error" : "NUL byte");
    }
    l->p += l->len;
    if (l->tok == T_NL)
        l->line++;
    return 0;
}

/* Blanks and a comment up to (not including) its newline. */
static void lex_skip(struct xlcfg_lex *l)
{
    while (l->p < l->end) {
        if (*l->p == ' ' || *l->p == '\t' || *l->p == '\r') {
            l->p++;
        } else if (*l->p == '#') {
            const char *nl = memchr(l->p, '\n', (size_t)(l->end - l->p));
            l->p = nl ? nl : l->end;
        } else {
            break;
        }
    }
}

int xlcfg_lex_next(struct xlcfg_lex *l)
{
    free(l->text);
    l->text = NULL;
    if (l->failed)
        return -1;
    lex_skip(l);
    l->start = l->p;
    l->tok_line = l->line;
    l->len = 0;
    if (l->p >= l->end) {
        l->tok = T_EOF;
        return 0;
    }
    if (*l->p == '"' || *l->p == '\'')
        return lex_string(l);
    if (lex_ident_start(*l->p))
        return lex_run(l, T_IDENT);
    if (lex_digit(*l->p))
        return lex_run(l, T_NUMBER);
    return lex_punct(l);
}
