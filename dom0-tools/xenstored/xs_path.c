/* SPDX-License-Identifier: BSD-2-Clause */
/* xenstored: path syntax, permission strings and checks, error names. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xs_internal.h"

static bool xs_valid_chars(const char *s)
{
    static const char ok[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                             "abcdefghijklmnopqrstuvwxyz"
                             "0123456789-/_@";
    return s[strspn(s, ok)] == '\0';
}

/* Length of the "/local/domain/N/" prefix of path, 0 if none: Xen limits
 * the path length after it. */
static size_t xs_local_prefix(const char *path)
{
    static const char pre[] = "/local/domain/";
    size_t n = sizeof(pre) - 1, d = 0;

    if (strncmp(path, pre, n) != 0)
        return 0;
    while (path[n + d] >= '0' && path[n + d] <= '9' && d < 5)
        d++;
    return d && path[n + d] == '/' ? n + d + 1 : 0;
}

/* Xen's canonicalize(): relative paths are under /local/domain/<id>. */
int xs_canonical(const struct xs_conn *c, const char *in, bool special,
                 char **out)
{
    size_t len;
    char *p;

    *out = NULL;
    if (!in || !xs_valid_chars(in) || (in[0] == '@' && !special))
        return -EINVAL;
    len = strlen(in) + (in[0] != '/' && in[0] != '@' ? 24 : 0) + 1;
    if (len > XENSTORE_ABS_PATH_MAX + 24)
        return -EINVAL;
    p = malloc(len);
    if (!p)
        return -ENOMEM;
    if (in[0] == '/' || in[0] == '@')
        memcpy(p, in, strlen(in) + 1);
    else
        snprintf(p, len, "/local/domain/%u/%s", c->id, in);
    len = strlen(p);
    if ((len > 1 && p[len - 1] == '/') || strstr(p, "//") ||
        len > XENSTORE_ABS_PATH_MAX ||
        len - xs_local_prefix(p) > XENSTORE_REL_PATH_MAX) {
        free(p);
        return -EINVAL;
    }
    *out = p;
    return 0;
}

/* "/a/b" -> "/a", "/a" -> "/"; malloc'd. */
char *xs_parent(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t len = slash && slash != path ? (size_t)(slash - path) : 1;
    char *p = malloc(len + 1);

    if (p) {
        memcpy(p, path, len);
        p[len] = '\0';
        if (len == 1)
            p[0] = '/';
    }
    return p;
}

char *xs_child_path(const char *parent, const char *name)
{
    size_t pl = strlen(parent), nl = strlen(name);
    char *p = malloc(pl + nl + 2);

    if (!p)
        return NULL;
    if (strcmp(parent, "/") == 0)
        pl = 0;
    memcpy(p, parent, pl);
    p[pl] = '/';
    memcpy(p + pl + 1, name, nl + 1);
    return p;
}

/* Is child at or below parent? "/" covers every absolute path. */
bool xs_is_child(const char *child, const char *parent)
{
    size_t len = strlen(parent);

    if (strcmp(parent, "/") == 0)
        return child[0] == '/';
    if (strncmp(child, parent, len) != 0)
        return false;
    return child[len] == '/' || child[len] == '\0';
}

/* Xen's perm_for_conn(): privileged and owner get all, then the first
 * ACL entry naming the domain, else the owner entry's default. */
unsigned int xs_perm_for(const struct xs_conn *c, const struct xs_perm *p,
                         unsigned int n)
{
    const unsigned int all = XS_PERM_READ | XS_PERM_WRITE | XS_PERM_OWNER;

    if (c->priv || (n && p[0].id == c->id))
        return all;
    for (unsigned int i = 1; i < n; i++)
        if (p[i].id == c->id)
            return p[i].perms & XS_PERM_BOTH;
    return n ? p[0].perms & XS_PERM_BOTH : 0;
}

/* "r5", "w0", "b7", "n3": a letter then a decimal domid. */
int xs_perm_parse(const char *s, struct xs_perm *out)
{
    unsigned long id = 0;
    const char *d = s + 1;

    switch (s[0]) {
    case 'n':
        out->perms = XS_PERM_NONE;
        break;
    case 'r':
        out->perms = XS_PERM_READ;
        break;
    case 'w':
        out->perms = XS_PERM_WRITE;
        break;
    case 'b':
        out->perms = XS_PERM_BOTH;
        break;
    default:
        return -EINVAL;
    }
    if (*d == '\0' || strlen(d) > 5)
        return -EINVAL;
    for (; *d; d++) {
        if (*d < '0' || *d > '9')
            return -EINVAL;
        id = id * 10 + (unsigned long)(*d - '0');
    }
    if (id > 0xFFFF)
        return -EINVAL;
    out->id = (domid_t)id;
    return 0;
}

int xs_perm_format(const struct xs_perm *p, char *buf, size_t n)
{
    static const char letters[] = "nrwb";

    return snprintf(buf, n, "%c%u", letters[p->perms & XS_PERM_BOTH], p->id);
}

/* XS_ERROR payload for a negative errno; Xen sends EINVAL for errors
 * outside its table. */
const char *xs_errname(int err)
{
    for (size_t i = 0; i < sizeof(xsd_errors) / sizeof(xsd_errors[0]); i++)
        if (xsd_errors[i].errnum == -err)
            return xsd_errors[i].errstring;
    return "EINVAL";
}

/* xenstore-ls/read's quoting of binary values (malloc'd). */
char *xs_sanitise(const char *val, unsigned int len)
{
    char *out = malloc((size_t)len * 4 + 1), *o = out;

    if (!out)
        return NULL;
    for (unsigned int i = 0; i < len; i++) {
        unsigned char c = (unsigned char)val[i];
        if (c >= ' ' && c <= '~' && c != '\\') {
            *o++ = (char)c;
            continue;
        }
        *o++ = '\\';
        if (c == '\t' || c == '\n' || c == '\r' || c == '\\')
            *o++ = c == '\t' ? 't' : c == '\n' ? 'n' : c == '\r' ? 'r' : '\\';
        else
            o += sprintf(o, c < 010 ? "%03o" : "x%02x", c);
    }
    *o = '\0';
    return out;
}

static unsigned int xs_digits(const char **in, unsigned int base,
                              unsigned int max)
{
    unsigned int v = 0, d;

    for (; max && **in; max--, (*in)++) {
        char c = **in;
        if (c >= '0' && c <= '9')
            d = (unsigned int)(c - '0');
        else if (base == 16 && (c | 0x20) >= 'a' && (c | 0x20) <= 'f')
            d = (unsigned int)((c | 0x20) - 'a' + 10);
        else
            break;
        if (d >= base)
            break;
        v = v * base + d;
    }
    return v;
}

/* xenstore-write's inverse of xs_sanitise; out needs strlen(in) bytes. */
unsigned int xs_unsanitise(char *out, const char *in)
{
    char *o = out;

    while (*in) {
        char c = *in++;
        if (c == '\\' && *in) {
            c = *in++;
            if (c == 't' || c == 'n' || c == 'r')
                c = c == 't' ? '\t' : c == 'n' ? '\n' : '\r';
            else if (c == 'x')
                c = (char)xs_digits(&in, 16, 2);
            else if (c >= '0' && c <= '7') {
                in--;
                c = (char)xs_digits(&in, 8, 3);
            }
        }
        *o++ = c;
    }
    return (unsigned int)(o - out);
}
