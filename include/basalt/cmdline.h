/* SPDX-License-Identifier: BSD-2-Clause */
/* Hypervisor command line: options declared where they are used. */
#ifndef BASALT_CMDLINE_H
#define BASALT_CMDLINE_H

#include <basalt/types.h>

enum param_kind { PARAM_BOOL, PARAM_UINT, PARAM_SIZE, PARAM_STR, PARAM_CUSTOM };

struct kernel_param {
    const char *name;
    enum param_kind kind;
    void *var;  /* bool*, uint64_t*, uint64_t* (bytes), char[len] */
    size_t len; /* PARAM_STR: size of the buffer */
    /* PARAM_CUSTOM: returns 0 or -EINVAL on a malformed value */
    int (*parse)(const char *val);
};

/* Options are declared anywhere with these macros and collected by the
 * linker into one table (section .data.param). */
#define __param_entry(id, n, k, v, l, p)                                       \
    static const struct kernel_param __param_##id __used __section(            \
        ".data.param") __aligned(8) = {n, k, v, l, p}
#define boolean_param(n, v) __param_entry(v, n, PARAM_BOOL, &v, 0, NULL)
#define integer_param(n, v) __param_entry(v, n, PARAM_UINT, &v, 0, NULL)
#define size_param(n, v)    __param_entry(v, n, PARAM_SIZE, &v, 0, NULL)
#define string_param(n, v)  __param_entry(v, n, PARAM_STR, v, sizeof(v), NULL)
#define custom_param(n, f)  __param_entry(f, n, PARAM_CUSTOM, NULL, 0, f)

/* Apply 'cmdline' to the table [start, end). Unknown or malformed options
 * print a warning and are skipped. Returns the number of warnings. */
int cmdline_parse(const char *cmdline, const struct kernel_param *start,
                  const struct kernel_param *end);

/* Parse a size like "512M", "2G", "4096K", "123" (bytes). */
int parse_size(const char *s, const char **end, uint64_t *out);

#endif
