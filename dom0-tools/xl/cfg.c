/* SPDX-License-Identifier: BSD-2-Clause */
/* The xl.cfg parser: libxlu's grammar over the lexer, settings kept in
 * order so that the last one of a key (file, then command line) wins. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cfg_lex.h"

void xlcfg_init(struct xlcfg *c)
{
    memset(c, 0, sizeof(*c));
}

static void value_free(struct xlcfg_value *v)
{
    free(v->str);
    for (unsigned int i = 0; v->items && i < v->n; i++)
        free(v->items[i].str);
    free(v->items);
    memset(v, 0, sizeof(*v));
}

void xlcfg_free(struct xlcfg *c)
{
    for (unsigned int i = 0; i < c->n; i++) {
        free(c->set[i].name);
        value_free(&c->set[i].value);
    }
    for (unsigned int i = 0; i < c->nsources; i++)
        free(c->sources[i]);
    free(c->set);
    free(c->sources);
    xlcfg_init(c);
}

const struct xlcfg_setting *xlcfg_find(const struct xlcfg *c, const char *name)
{
    for (unsigned int i = c->n; i-- > 0;)
        if (!strcmp(c->set[i].name, name))
            return &c->set[i];
    return NULL;
}

static const char *cfg_add_source(struct xlcfg *c, const char *source)
{
    char **s = realloc(c->sources, (c->nsources + 1) * sizeof(*s));
    if (!s)
        return NULL;
    c->sources = s;
    s[c->nsources] = strdup(source);
    return s[c->nsources] ? s[c->nsources++] : NULL;
}

/* A copy of a string list, items + extra slots. */
static int value_copy_list(struct xlcfg_value *dst,
                           const struct xlcfg_value *src, unsigned int extra)
{
    dst->is_list = true;
    dst->n = 0;
    dst->items = calloc(src->n + extra + 1, sizeof(*dst->items));
    if (!dst->items)
        return -1;
    for (; dst->n < src->n; dst->n++)
        if (!(dst->items[dst->n].str = strdup(src->items[dst->n].str)))
            return -1;
    return 0;
}

/* `KEY += VALUE`: v becomes the earlier value with v appended. */
static int cfg_concat(const struct xlcfg_value *prev, struct xlcfg_value *v,
                      const char **why)
{
    struct xlcfg_value out = {0};
    size_t a, b;

    *why = "can't add [list] to \"string\" or vice versa";
    if (prev->is_list != v->is_list)
        return -1;
    *why = "out of memory";
    if (!v->is_list) {
        a = strlen(prev->str), b = strlen(v->str);
        if (!(out.str = malloc(a + b + 1)))
            return -1;
        memcpy(out.str, prev->str, a);
        memcpy(out.str + a, v->str, b + 1);
    } else {
        *why = "list too long";
        if (prev->n + v->n > XLCFG_MAX_ITEMS)
            return -1;
        *why = "out of memory";
        if (value_copy_list(&out, prev, v->n)) {
            value_free(&out);
            return -1;
        }
        if (v->n)
            memcpy(out.items + out.n, v->items, v->n * sizeof(*v->items));
        out.n += v->n;
        free(v->items);
        v->items = NULL;
    }
    value_free(v);
    *v = out;
    return 0;
}

/* Takes ownership of name and v (freed on failure). */
static int cfg_store(struct xlcfg *c, struct xlcfg_setting *s, const char **why)
{
    const struct xlcfg_setting *prev = xlcfg_find(c, s->name);
    struct xlcfg_setting *set;

    if (s->append && prev && cfg_concat(&prev->value, &s->value, why))
        goto fail;
    *why = "out of memory";
    if (c->n == c->cap) {
        unsigned int cap = c->cap ? c->cap * 2 : 16;
        if (!(set = realloc(c->set, cap * sizeof(*set))))
            goto fail;
        c->set = set;
        c->cap = cap;
    }
    c->set[c->n++] = *s;
    return 0;
fail:
    free(s->name);
    value_free(&s->value);
    return -1;
}

/* Skip newlines inside a list (libxlu's "nlok"). */
static int lex_next_nl(struct xlcfg_lex *l)
{
    do {
        if (xlcfg_lex_next(l))
            return -1;
    } while (l->tok == T_NL);
    return 0;
}

static int list_add(struct xlcfg_lex *l, struct xlcfg_value *v,
                    unsigned int *cap)
{
    struct xlcfg_value *items;

    if (l->tok == T_LBR)
        return xlcfg_lex_fail(l, "lists are not nested");
    if (l->tok != T_STRING && l->tok != T_NUMBER)
        return xlcfg_lex_fail(l, l->tok == T_EOF ? "unterminated list"
                                                 : "expected a value or `]'");
    if (v->n == XLCFG_MAX_ITEMS)
        return xlcfg_lex_fail(l, "list too long");
    if (v->n == *cap) {
        *cap = *cap ? *cap * 2 : 8;
        items = realloc(v->items, *cap * sizeof(*items));
        if (!items)
            return xlcfg_lex_fail(l, "out of memory");
        v->items = items;
    }
    v->items[v->n].is_list = false;
    v->items[v->n].items = NULL;
    v->items[v->n].n = 0;
    v->items[v->n++].str = xlcfg_lex_take(l);
    return 0;
}

/* '[' nlok [ atom nlok { ',' nlok atom nlok } [ ',' nlok ] ] ']' */
static int parse_list(struct xlcfg_lex *l, struct xlcfg_value *v)
{
    unsigned int cap = 0;

    v->is_list = true;
    if (lex_next_nl(l))
        return -1;
    while (l->tok != T_RBR) {
        if (list_add(l, v, &cap) || lex_next_nl(l))
            return -1;
        if (l->tok == T_RBR)
            break;
        if (l->tok != T_COMMA)
            return xlcfg_lex_fail(l, l->tok == T_EOF ? "unterminated list"
                                                     : "expected `,' or `]'");
        if (lex_next_nl(l))
            return -1;
    }
    return 0;
}

static int parse_value(struct xlcfg_lex *l, struct xlcfg_value *v,
                       bool *is_number)
{
    *is_number = l->tok == T_NUMBER;
    if (l->tok == T_STRING || l->tok == T_NUMBER) {
        v->str = xlcfg_lex_take(l);
        return 0;
    }
    if (l->tok == T_LBR)
        return parse_list(l, v);
    return xlcfg_lex_fail(l, "expected a value");
}

/* IDENT ('=' | '+=') value (newline | ';' | end of file) */
static int parse_setting(struct xlcfg_lex *l, struct xlcfg *c,
                         const char *source)
{
    struct xlcfg_setting s = {.source = source, .line = l->tok_line};
    const char *why;

    s.name = xlcfg_lex_take(l);
    if (xlcfg_lex_next(l) || (l->tok != T_EQ && l->tok != T_ADD)) {
        free(s.name);
        return xlcfg_lex_fail(l, "expected `=' after the setting's name");
    }
    s.append = l->tok == T_ADD;
    if (xlcfg_lex_next(l) || parse_value(l, &s.value, &s.is_number) ||
        xlcfg_lex_next(l) ||
        (l->tok != T_NL && l->tok != T_SEMI && l->tok != T_EOF &&
         xlcfg_lex_fail(l, "expected a newline or `;' after the value"))) {
        free(s.name);
        value_free(&s.value);
        return -1;
    }
    if (cfg_store(c, &s, &why))
        return xlcfg_lex_fail(l, why);
    return 0;
}

int xlcfg_parse(struct xlcfg *c, const char *source, const char *data,
                size_t len, char *err, size_t errlen)
{
    struct xlcfg_lex l = {
        .p = data, .end = data + len, .line = 1, .err = err, .errlen = errlen};
    int rc = 0;

    if (len > XLCFG_MAX_SIZE) {
        snprintf(err, errlen,
                 "%s: config file too large (%zu bytes, at "
                 "most %u)",
                 source, len, XLCFG_MAX_SIZE);
        return -1;
    }
    if (!(l.source = cfg_add_source(c, source))) {
        snprintf(err, errlen, "%s: out of memory", source);
        return -1;
    }
    while (!rc && !xlcfg_lex_next(&l) && l.tok != T_EOF) {
        if (l.tok == T_IDENT)
            rc = parse_setting(&l, c, l.source);
        else if (l.tok != T_NL && l.tok != T_SEMI)
            rc = xlcfg_lex_fail(&l, "expected a setting (KEY = VALUE)");
    }
    free(l.text);
    return l.failed ? -1 : 0;
}

static bool cfg_is_key(const char *s, size_t n)
{
    if (!n || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') ||
                s[0] == '_'))
        return false;
    for (size_t i = 1; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
              (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
            return false;
    return true;
}

int xlcfg_override(struct xlcfg *c, const char *arg, char *err, size_t errlen)
{
    const char *eq = strchr(arg, '='), *why;
    struct xlcfg_setting s = {.line = 1};

    if (!eq || !cfg_is_key(arg, (size_t)(eq - arg))) {
        snprintf(err, errlen, "command line: `%.64s' is not KEY=VALUE", arg);
        return -1;
    }
    if (eq[1] == '"' || eq[1] == '\'' || eq[1] == '[')
        return xlcfg_parse(c, "command line", arg, strlen(arg), err, errlen);
    s.source = cfg_add_source(c, "command line");
    s.name = malloc((size_t)(eq - arg) + 1);
    s.value.str = strdup(eq + 1);
    if (!s.source || !s.name || !s.value.str) {
        free(s.name);
        free(s.value.str);
        snprintf(err, errlen, "command line: out of memory");
        return -1;
    }
    memcpy(s.name, arg, (size_t)(eq - arg));
    s.name[eq - arg] = '\0';
    if (cfg_store(c, &s, &why)) { /* it freed name and value */
        snprintf(err, errlen, "command line: %s", why);
        return -1;
    }
    return 0;
}
