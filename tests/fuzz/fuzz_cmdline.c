/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer target: the command-line parser with one option of each kind. */
#include <basalt/cmdline.h>
#include <stdint.h>
#include <stddef.h>
#include <string.h>

static bool opt_b;
static uint64_t opt_u, opt_s;
static char opt_str[16];

static int fuzz_custom(const char *val)
{
    return val && val[0] == 'x' ? -22 : 0;
}

static const struct kernel_param params[] = {
    {"b", PARAM_BOOL, &opt_b, 0, NULL},
    {"u", PARAM_UINT, &opt_u, 0, NULL},
    {"s", PARAM_SIZE, &opt_s, 0, NULL},
    {"str", PARAM_STR, opt_str, sizeof(opt_str), NULL},
    {"c", PARAM_CUSTOM, NULL, 0, fuzz_custom},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char buf[1024];
    if (size >= sizeof(buf))
        size = sizeof(buf) - 1;
    memcpy(buf, data, size);
    buf[size] = '\0';
    cmdline_parse(buf, params, params + sizeof(params) / sizeof(params[0]));
    return 0;
}
