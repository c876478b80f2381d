/* SPDX-License-Identifier: BSD-2-Clause */
/* Unit tests for command line parsing, parse_size and simple_strtoull. */
#include "harness.h"
#include <basalt/cmdline.h>
#include <basalt/errno.h>
#include <basalt/lib.h>

static bool opt_noreboot, opt_smt = true;
static uint64_t opt_loglvl, opt_dom0_mem;
static char opt_console[16];
static char custom_seen[64];
static int custom_calls;

static int parse_custom(const char *val)
{
    custom_calls++;
    snprintf(custom_seen, sizeof(custom_seen), "%s", val);
    return strcmp(val, "bad") ? 0 : -EINVAL;
}

static const struct kernel_param params[] = {
    {"noreboot", PARAM_BOOL, &opt_noreboot, 0, NULL},
    {"smt", PARAM_BOOL, &opt_smt, 0, NULL},
    {"loglvl", PARAM_UINT, &opt_loglvl, 0, NULL},
    {"dom0_mem", PARAM_SIZE, &opt_dom0_mem, 0, NULL},
    {"console", PARAM_STR, opt_console, sizeof(opt_console), NULL},
    {"iommu", PARAM_CUSTOM, NULL, 0, parse_custom},
};

static void reset(void)
{
    opt_noreboot = false;
    opt_smt = true;
    opt_loglvl = 7;
    opt_dom0_mem = 0;
    strcpy(opt_console, "none");
    custom_seen[0] = '\0';
    custom_calls = 0;
    unit_log_clear();
}

static int parse(const char *s)
{
    return cmdline_parse(s, params, params + ARRAY_SIZE(params));
}

TEST(cmdline_empty_and_null)
{
    reset();
    CHECK_EQ(parse(NULL), 0);
    CHECK_EQ(parse(""), 0);
    CHECK_EQ(parse("   \t  "), 0);
    CHECK_EQ(opt_loglvl, 7);
    CHECK_EQ(unit_log_len, 0);
}

TEST(cmdline_bools)
{
    reset();
    CHECK_EQ(parse("noreboot no-smt"), 0);
    CHECK_EQ(opt_noreboot, true);
    CHECK_EQ(opt_smt, false);
    static const char *const on[] = {"yes", "true", "on", "1"};
    static const char *const off[] = {"no", "false", "off", "0"};
    char buf[32];
    for (size_t i = 0; i < 4; i++) {
        snprintf(buf, sizeof(buf), "smt=%s", on[i]);
        CHECK_EQ(parse(buf), 0);
        CHECK_EQ(opt_smt, true);
        snprintf(buf, sizeof(buf), "smt=%s", off[i]);
        CHECK_EQ(parse(buf), 0);
        CHECK_EQ(opt_smt, false);
    }
}

TEST(cmdline_bad_bool)
{
    reset();
    CHECK_EQ(parse("smt=maybe smt= no-smt=1"), 3);
    CHECK_EQ(opt_smt, true);
    CHECK(strstr(unit_log, "warning: bad value 'maybe' for option 'smt'\n"));
    CHECK(strstr(unit_log, "warning: bad value '' for option 'smt'\n"));
    CHECK(strstr(unit_log, "warning: bad value '1' for option 'no-smt'\n"));
}

TEST(cmdline_uint)
{
    reset();
    CHECK_EQ(parse("loglvl=42"), 0);
    CHECK_EQ(opt_loglvl, 42);
    CHECK_EQ(parse("loglvl=0x1F"), 0);
    CHECK_EQ(opt_loglvl, 0x1f);
    CHECK_EQ(parse("loglvl=18446744073709551615"), 0);
    CHECK_EQ(opt_loglvl, UINT64_MAX);
}

TEST(cmdline_bad_uint)
{
    reset();
    CHECK_EQ(parse("loglvl=12abc loglvl=abc loglvl= loglvl loglvl=0x "
                   "loglvl=18446744073709551616 loglvl=-1 no-loglvl"),
             8);
    CHECK_EQ(opt_loglvl, 7);
    CHECK_STR(unit_log, "warning: bad value '12abc' for option 'loglvl'\n"
                        "warning: bad value 'abc' for option 'loglvl'\n"
                        "warning: bad value '' for option 'loglvl'\n"
                        "warning: bad value '' for option 'loglvl'\n"
                        "warning: bad value '0x' for option 'loglvl'\n"
                        "warning: bad value '18446744073709551616' for option "
                        "'loglvl'\n"
                        "warning: bad value '-1' for option 'loglvl'\n"
                        "warning: bad value '' for option 'no-loglvl'\n");
}

TEST(cmdline_size_suffixes)
{
    static const struct {
        const char *s;
        uint64_t v;
    } cases[] = {
        {"dom0_mem=4096", 4096},
        {"dom0_mem=4K", 4096},
        {"dom0_mem=4k", 4096},
        {"dom0_mem=512M", 512ull << 20},
        {"dom0_mem=512MB", 512ull << 20},
        {"dom0_mem=2G", 2ull << 30},
        {"dom0_mem=2gb", 2ull << 30},
        {"dom0_mem=3T", 3ull << 40},
        {"dom0_mem=0x10M", 16ull << 20},
        {"dom0_mem=100B", 100},
        {"dom0_mem=16777215T", 16777215ull << 40},
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        reset();
        CHECK_EQ(parse(cases[i].s), 0);
        CHECK_EQ(opt_dom0_mem, cases[i].v);
    }
}

TEST(cmdline_bad_size)
{
    reset();
    CHECK_EQ(parse("dom0_mem=16777216T dom0_mem=2X dom0_mem=1MM dom0_mem=G "
                   "dom0_mem=18446744073709551616 dom0_mem"),
             6);
    CHECK_EQ(opt_dom0_mem, 0);
    CHECK(strstr(unit_log,
                 "warning: bad value '16777216T' for option 'dom0_mem'\n"));
    CHECK(strstr(unit_log, "warning: bad value '1MM' for option 'dom0_mem'\n"));
}

TEST(cmdline_parse_size_direct)
{
    const char *end;
    uint64_t v = 0;

    CHECK_EQ(parse_size("64M,rest", &end, &v), 0);
    CHECK_EQ(v, 64ull << 20);
    CHECK_STR(end, ",rest");
    CHECK_EQ(parse_size("8kib", &end, &v), 0); /* 'i' is not ours */
    CHECK_EQ(v, 8192);
    CHECK_STR(end, "ib");
    CHECK_EQ(parse_size("x", &end, &v), -EINVAL);
    CHECK_STR(end, "x");
    CHECK_EQ(parse_size("99999999999T", &end, &v), -ERANGE);
    CHECK_EQ(parse_size("1", NULL, &v), 0);
    CHECK_EQ(v, 1);
}

TEST(cmdline_string)
{
    reset();
    CHECK_EQ(parse("console=com1,vga"), 0);
    CHECK_STR(opt_console, "com1,vga");
    CHECK_EQ(parse("console=a=b"), 0); /* only the first '=' splits */
    CHECK_STR(opt_console, "a=b");
    CHECK_EQ(parse("console"), 0);
    CHECK_STR(opt_console, "");
}

TEST(cmdline_string_truncated)
{
    reset();
    CHECK_EQ(parse("console=0123456789abcdefXYZ"), 1);
    CHECK_STR(opt_console, "0123456789abcde");
    CHECK_STR(unit_log,
              "warning: value of option 'console' cut to 15 characters\n");
}

TEST(cmdline_custom)
{
    reset();
    CHECK_EQ(parse("iommu=on,verbose"), 0);
    CHECK_STR(custom_seen, "on,verbose");
    CHECK_EQ(parse("iommu"), 0);
    CHECK_STR(custom_seen, "");
    CHECK_EQ(parse("no-iommu"), 0);
    CHECK_STR(custom_seen, "no");
    CHECK_EQ(parse("iommu=bad"), 1);
    CHECK_EQ(custom_calls, 4);
    CHECK_STR(unit_log, "warning: bad value 'bad' for option 'iommu'\n");
}

TEST(cmdline_unknown_option)
{
    reset();
    CHECK_EQ(parse("frobnicate=3 loglvl=3 no-such noreboot=yes =x"), 3);
    CHECK_EQ(opt_loglvl, 3);
    CHECK_EQ(opt_noreboot, true);
    CHECK_STR(unit_log, "warning: unknown command line option 'frobnicate'\n"
                        "warning: unknown command line option 'no-such'\n"
                        "warning: unknown command line option ''\n");
}

TEST(cmdline_long_name_is_unknown)
{
    char line[200], want[200];

    reset();
    /* "loglvl" followed by padding: 70 characters, cut to 63 */
    snprintf(line, sizeof(line), "loglvl%064d=5", 0);
    CHECK_EQ(parse(line), 1);
    CHECK_EQ(opt_loglvl, 7);
    snprintf(want, sizeof(want),
             "warning: unknown command line option 'loglvl%057d'\n", 0);
    CHECK_STR(unit_log, want);
}

TEST(cmdline_long_name_prefix_does_not_match)
{
    static char name63[64];
    static bool flag;
    const struct kernel_param one = {name63, PARAM_BOOL, &flag, 0, NULL};
    char line[80];

    memset(name63, 'n', 63);
    flag = false;
    unit_log_clear();
    snprintf(line, sizeof(line), "%sX", name63); /* 64 characters */
    CHECK_EQ(cmdline_parse(line, &one, &one + 1), 1);
    CHECK_EQ(flag, false);
    CHECK_EQ(cmdline_parse(name63, &one, &one + 1), 0);
    CHECK_EQ(flag, true);
}

TEST(cmdline_long_value)
{
    char line[1200];

    reset();
    memcpy(line, "loglvl=", 7);
    memset(line + 7, '1', 1000);
    line[1007] = '\0';
    CHECK_EQ(parse(line), 1);
    CHECK_EQ(opt_loglvl, 7);
}

TEST(cmdline_repeat_last_wins_and_spacing)
{
    reset();
    CHECK_EQ(parse("  loglvl=1\tloglvl=2   smt=off smt=on\nloglvl=9  "), 0);
    CHECK_EQ(opt_loglvl, 9);
    CHECK_EQ(opt_smt, true);
}

TEST(cmdline_warning_count)
{
    reset();
    CHECK_EQ(parse("a b c loglvl=x console=0123456789abcdefg smt"), 5);
    CHECK_EQ(opt_smt, true);
}

TEST(strtoull_bases)
{
    const char *end;

    CHECK_EQ(simple_strtoull("1234xyz", &end, 0), 1234);
    CHECK_STR(end, "xyz");
    CHECK_EQ(simple_strtoull("0x1fG", &end, 0), 0x1f);
    CHECK_STR(end, "G");
    CHECK_EQ(simple_strtoull("0XAb", &end, 16), 0xab);
    CHECK_EQ(simple_strtoull("ff", &end, 16), 0xff);
    CHECK_EQ(simple_strtoull("ff", &end, 10), 0);
    CHECK_STR(end, "ff");
    CHECK_EQ(simple_strtoull("0x", &end, 0), 0);
    CHECK_STR(end, "x");
    CHECK_EQ(simple_strtoull("0777", &end, 0), 777); /* no octal */
    CHECK_EQ(simple_strtoull("101", NULL, 2), 5);
    CHECK_EQ(simple_strtoull("", &end, 0), 0);
}

TEST(strtoull_saturates)
{
    const char *end;

    CHECK_EQ(simple_strtoull("18446744073709551615", &end, 10), UINT64_MAX);
    CHECK_EQ(simple_strtoull("18446744073709551616", &end, 10), UINT64_MAX);
    CHECK_STR(end, "");
    CHECK_EQ(simple_strtoull("0x123456789abcdef01 ", &end, 0), UINT64_MAX);
    CHECK_STR(end, " ");
}
