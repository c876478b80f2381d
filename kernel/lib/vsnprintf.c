/* SPDX-License-Identifier: BSD-2-Clause */
/* A bounded printf: the subset of C99 formats the hypervisor uses. */
#include <basalt/lib.h>

struct fmt_out {
    char *buf;
    size_t size, len;
};

struct fmt_spec {
    bool left, zero, alt, plus, space;
    int width, prec; /* prec < 0: none */
    int lmod;        /* 0 int, 1 long, 2 long long, 3 size_t */
};

static void out_char(struct fmt_out *o, char c)
{
    if (o->len + 1 < o->size)
        o->buf[o->len] = c;
    o->len++;
}

static void out_pad(struct fmt_out *o, char c, int n)
{
    while (n-- > 0)
        out_char(o, c);
}

static void out_str(struct fmt_out *o, const struct fmt_spec *f, const char *s)
{
    if (!s)
        s = "(null)";
    int n = (int)strnlen(s, f->prec >= 0 ? (size_t)f->prec : (size_t)-1);
    if (!f->left)
        out_pad(o, ' ', f->width - n);
    for (int i = 0; i < n; i++)
        out_char(o, s[i]);
    if (f->left)
        out_pad(o, ' ', f->width - n);
}

static void out_num(struct fmt_out *o, const struct fmt_spec *f,
                    unsigned long long v, bool neg, unsigned base, bool upper)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while (v);
    int prec = f->prec > n ? f->prec : n;
    const char *pfx = neg ? "-" : f->plus ? "+" : f->space ? " " : "";
    if (f->alt && base == 16)
        pfx = upper ? "0X" : "0x";
    int pl = (int)strlen(pfx), total = pl + prec;
    bool zero = f->zero && !f->left && f->prec < 0;
    if (!f->left && !zero)
        out_pad(o, ' ', f->width - total);
    while (*pfx)
        out_char(o, *pfx++);
    if (zero)
        out_pad(o, '0', f->width - total);
    out_pad(o, '0', prec - n);
    while (n)
        out_char(o, tmp[--n]);
    if (f->left)
        out_pad(o, ' ', f->width - total);
}

static const char *parse_spec(const char *p, struct fmt_spec *f, va_list *ap)
{
    for (;; p++) {
        if (*p == '-')
            f->left = true;
        else if (*p == '0')
            f->zero = true;
        else if (*p == '#')
            f->alt = true;
        else if (*p == '+')
            f->plus = true;
        else if (*p == ' ')
            f->space = true;
        else
            break;
    }
    if (*p == '*') {
        f->width = va_arg(*ap, int);
        p++;
    } else
        while (*p >= '0' && *p <= '9')
            f->width = f->width * 10 + (*p++ - '0');
    f->prec = -1;
    if (*p == '.') {
        f->prec = 0;
        if (*++p == '*') {
            f->prec = va_arg(*ap, int);
            p++;
        } else
            while (*p >= '0' && *p <= '9')
                f->prec = f->prec * 10 + (*p++ - '0');
    }
    for (; *p == 'l' || *p == 'z' || *p == 'h'; p++)
        f->lmod = *p == 'z' ? 3 : *p == 'l' ? f->lmod + 1 : f->lmod;
    return p;
}

static unsigned long long fetch_unsigned(const struct fmt_spec *f, va_list *ap)
{
    switch (f->lmod) {
    case 0:
        return va_arg(*ap, unsigned int);
    case 1:
        return va_arg(*ap, unsigned long);
    case 3:
        return va_arg(*ap, size_t);
    default:
        return va_arg(*ap, unsigned long long);
    }
}

static long long fetch_signed(const struct fmt_spec *f, va_list *ap)
{
    switch (f->lmod) {
    case 0:
        return va_arg(*ap, int);
    case 1:
        return va_arg(*ap, long);
    case 3:
        return (long long)va_arg(*ap, size_t);
    default:
        return va_arg(*ap, long long);
    }
}

static void format_one(struct fmt_out *o, struct fmt_spec *f, char conv,
                       va_list *ap)
{
    long long s;
    switch (conv) {
    case 'd':
    case 'i':
        s = fetch_signed(f, ap);
        out_num(o, f, s < 0 ? -(unsigned long long)s : (unsigned long long)s,
                s < 0, 10, false);
        break;
    case 'u':
        out_num(o, f, fetch_unsigned(f, ap), false, 10, false);
        break;
    case 'x':
    case 'X':
        out_num(o, f, fetch_unsigned(f, ap), false, 16, conv == 'X');
        break;
    case 'o':
        out_num(o, f, fetch_unsigned(f, ap), false, 8, false);
        break;
    case 'p':
        f->alt = true;
        out_num(o, f, (uintptr_t)va_arg(*ap, void *), false, 16, false);
        break;
    case 's':
        out_str(o, f, va_arg(*ap, const char *));
        break;
    case 'c':
        out_char(o, (char)va_arg(*ap, int));
        break;
    default:
        out_char(o, '%');
        if (conv)
            out_char(o, conv);
    }
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct fmt_out o = {buf, size, 0};
    va_list args;
    va_copy(args, ap);
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            out_char(&o, *p);
            continue;
        }
        if (p[1] == '%') {
            out_char(&o, *++p);
            continue;
        }
        struct fmt_spec f = {0};
        p = parse_spec(p + 1, &f, &args);
        format_one(&o, &f, *p, &args);
        if (!*p)
            break;
    }
    va_end(args);
    if (size)
        buf[o.len < size ? o.len : size - 1] = '\0';
    return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
