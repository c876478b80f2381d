/* SPDX-License-Identifier: BSD-2-Clause */
/* Private to the xl.cfg parser: the tokens and the lexer state. */
#ifndef XL_CFG_LEX_H
#define XL_CFG_LEX_H

#include <dom0/xlcfg.h>

enum xlcfg_tok {
    T_EOF,
    T_IDENT,
    T_NUMBER,
    T_STRING,
    T_NL,
    T_SEMI,
    T_COMMA,
    T_LBR,
    T_RBR,
    T_EQ,
    T_ADD,
};

struct xlcfg_lex {
    const char *p, *end; /* what is left of the text */
    const char *source;
    int line;           /* line of p */
    enum xlcfg_tok tok; /* the current token ... */
    const char *start;  /* ... its raw text ... */
    size_t len;
    int tok_line; /* ... and where it was */
    char *text;   /* malloc'd value of IDENT, NUMBER, STRING */
    char *err;
    size_t errlen;
    bool failed;
};

/* Advance to the next token; 0, or -1 after writing the error. */
int xlcfg_lex_next(struct xlcfg_lex *l);
/* Report "SOURCE:LINE: config parsing error near `TOKEN': why". */
int xlcfg_lex_fail(struct xlcfg_lex *l, const char *why);
/* Hand over the current token's text (the lexer forgets it). */
char *xlcfg_lex_take(struct xlcfg_lex *l);

#endif
