/* SPDX-License-Identifier: BSD-2-Clause */
/* The xl.cfg parser and the PV domain config: Xen's syntax, xl's defaults,
 * and hostile files (truncated, unterminated, NUL bytes, huge numbers). */
#include "harness.h"
#include <dom0/xlcfg.h>

static char err[512];
static char warns[2048];

static void collect(void *arg, const char *msg)
{
    (void)arg;
    strncat(warns, msg, sizeof(warns) - strlen(warns) - 2);
    strcat(warns, "\n");
}

static int parse(const char *text, struct xlcfg *c)
{
    xlcfg_init(c);
    err[0] = '\0';
    return xlcfg_parse(c, "t.cfg", text, strlen(text), err, sizeof(err));
}

/* Parse text into d; returns the parser's result. */
static int load(const char *text, struct xl_domcfg *d)
{
    err[0] = warns[0] = '\0';
    return xl_domcfg_load("t.cfg", text, strlen(text), NULL, 0, d, collect,
                          NULL, err, sizeof(err));
}

static const char *str_of(const struct xlcfg *c, const char *key)
{
    const struct xlcfg_setting *s = xlcfg_find(c, key);
    return s && !s->value.is_list ? s->value.str : "(none)";
}

TEST(cfg_basic_settings)
{
    struct xlcfg c;
    CHECK_EQ(parse("name = \"hello\"\nmemory=64 ; vcpus = 2\n# comment\n"
                   "kernel='a b'   # trailing\n",
                   &c),
             0);
    CHECK_STR(str_of(&c, "name"), "hello");
    CHECK_STR(str_of(&c, "memory"), "64");
    CHECK_STR(str_of(&c, "vcpus"), "2");
    CHECK_STR(str_of(&c, "kernel"), "a b");
    CHECK_EQ(xlcfg_find(&c, "memory")->is_number, 1);
    CHECK_EQ(xlcfg_find(&c, "kernel")->line, 4);
    CHECK(xlcfg_find(&c, "nosuch") == NULL);
    xlcfg_free(&c);
}

TEST(cfg_last_setting_wins_and_no_final_newline)
{
    struct xlcfg c;
    CHECK_EQ(parse("memory = 1\nmemory = 2", &c), 0);
    CHECK_STR(str_of(&c, "memory"), "2");
    CHECK_EQ(xlcfg_find(&c, "memory")->line, 2);
    xlcfg_free(&c);
}

TEST(cfg_lists_span_lines)
{
    struct xlcfg c;
    const struct xlcfg_setting *s;
    CHECK_EQ(parse("cpus = [ \"0\",\n  '2-3', # two\n\n 4,\n]\nx=[]\n", &c), 0);
    s = xlcfg_find(&c, "cpus");
    CHECK(s && s->value.is_list);
    CHECK_EQ(s->value.n, 3);
    CHECK_STR(s->value.items[0].str, "0");
    CHECK_STR(s->value.items[1].str, "2-3");
    CHECK_STR(s->value.items[2].str, "4");
    CHECK_EQ(xlcfg_find(&c, "x")->value.n, 0);
    xlcfg_free(&c);
}

TEST(cfg_escapes)
{
    struct xlcfg c;
    CHECK_EQ(parse("a=\"q\\\"\\'\\\\\\n\\t\\x41\\101\"\nb='it\\'s'\n", &c), 0);
    CHECK_STR(str_of(&c, "a"), "q\"'\\\n\tAA");
    CHECK_STR(str_of(&c, "b"), "it's");
    xlcfg_free(&c);
    CHECK_EQ(parse("a=\"\\q\"\n", &c), -1);
    CHECK(strstr(err, "t.cfg:1:") == err);
    CHECK(strstr(err, "escape") != NULL);
    xlcfg_free(&c);
    CHECK_EQ(parse("a=\"x\\0y\"\n", &c), -1);
    CHECK(strstr(err, "NUL") != NULL);
    xlcfg_free(&c);
    CHECK_EQ(parse("a=\"\\x4\"\n", &c), -1);
    xlcfg_free(&c);
}

TEST(cfg_append)
{
    struct xlcfg c;
    CHECK_EQ(parse("e = \"a\"\ne += \"b\"\nl=[1]\nl+=[2,3]\nn+=\"x\"\n", &c),
             0);
    CHECK_STR(str_of(&c, "e"), "ab");
    CHECK_EQ(xlcfg_find(&c, "l")->value.n, 3);
    CHECK_STR(xlcfg_find(&c, "l")->value.items[2].str, "3");
    CHECK_STR(str_of(&c, "n"), "x");
    xlcfg_free(&c);
    CHECK_EQ(parse("l=[]\nl+=[]\nm=['a']\nm+=[]\n", &c), 0);
    CHECK_EQ(xlcfg_find(&c, "l")->value.n, 0);
    CHECK_EQ(xlcfg_find(&c, "m")->value.n, 1);
    xlcfg_free(&c);
    CHECK_EQ(parse("e = \"a\"\ne += [\"b\"]\n", &c), -1);
    CHECK(strstr(err, "t.cfg:2:") == err);
    xlcfg_free(&c);
}

TEST(cfg_syntax_errors_name_file_and_line)
{
    static const struct {
        const char *text;
        const char *want;
    } cases[] = {
        {"name = \"abc\n", "t.cfg:1: config parsing error near `\"abc': "
                           "unterminated string"},
        {"\n\nname = 'abc", "t.cfg:3: config parsing error near `'abc': "
                            "unterminated string"},
        {"a = [ \"x\", \"y\"\n", "t.cfg:2: config parsing error near end of "
                                 "file: unterminated list"},
        {"a = [ \"x\" \"y\" ]\n", "expected `,' or `]'"},
        {"a = [ [\"x\"] ]\n", "lists are not nested"},
        {"a = \n", "t.cfg:1: config parsing error near <newline>: expected "
                   "a value"},
        {"a \"x\"\n", "expected `='"},
        {"= 3\n", "expected a setting"},
        {"a = 3 4\n", "expected a newline"},
        {"a = 1.5\n", "lexical error"},
        {"a = 5\nb = (1)\n", "t.cfg:2: config parsing error near `(1)': "
                             "lexical error"},
        {"a = [\n", "unterminated list"},
        {"a = [ 1,\n", "unterminated list"},
        {"a =", "expected a value"},
        {"a", "expected `='"},
    };
    struct xlcfg c;
    for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
        CHECK_EQ(parse(cases[i].text, &c), -1);
        if (!strstr(err, cases[i].want))
            fprintf(stderr, "    case %zu: got \"%s\"\n", i, err);
        CHECK(strstr(err, cases[i].want) != NULL);
        xlcfg_free(&c);
    }
}

TEST(cfg_nul_bytes_are_errors)
{
    static const char t1[] = "name = \"a\0b\"\n";
    static const char t2[] = "name = \"a\"\n\0x=1\n";
    struct xlcfg c;
    xlcfg_init(&c);
    CHECK_EQ(xlcfg_parse(&c, "t.cfg", t1, sizeof(t1) - 1, err, sizeof(err)),
             -1);
    CHECK(strstr(err, "t.cfg:1:") && strstr(err, "NUL"));
    xlcfg_free(&c);
    CHECK_EQ(xlcfg_parse(&c, "t.cfg", t2, sizeof(t2) - 1, err, sizeof(err)),
             -1);
    CHECK(strstr(err, "t.cfg:2:") && strstr(err, "\\x00"));
    CHECK_STR(str_of(&c, "name"), "a"); /* kept what came before */
    xlcfg_free(&c);
}

TEST(cfg_truncated_never_reads_past_the_end)
{
    static const char full[] = "name = \"hello\"\ncpus = [ \"0-1\", '3' ]\n"
                               "extra = \"x\\ty\"\n";
    struct xlcfg c;
    int ok = 0;
    /* Each prefix copied to an exact-size heap buffer: ASan sees overreads. */
    for (size_t n = 0; n <= sizeof(full) - 1; n++) {
        char *buf = malloc(n ? n : 1);
        memcpy(buf, full, n);
        xlcfg_init(&c);
        ok += xlcfg_parse(&c, "t.cfg", buf, n, err, sizeof(err)) == 0;
        xlcfg_free(&c);
        free(buf);
    }
    CHECK(ok > 5);
}

TEST(cfg_size_limit)
{
    struct xlcfg c;
    char *big = malloc(XLCFG_MAX_SIZE + 1);
    memset(big, '\n', XLCFG_MAX_SIZE + 1);
    xlcfg_init(&c);
    CHECK_EQ(
        xlcfg_parse(&c, "t.cfg", big, XLCFG_MAX_SIZE + 1, err, sizeof(err)),
        -1);
    CHECK(strstr(err, "too large") != NULL);
    CHECK_EQ(xlcfg_parse(&c, "t.cfg", big, XLCFG_MAX_SIZE, err, sizeof(err)),
             0);
    xlcfg_free(&c);
    free(big);
}

TEST(domcfg_defaults)
{
    struct xl_domcfg d;
    CHECK_EQ(load("name='g'\nkernel='/boot/guests/hello'\n", &d), 0);
    CHECK_STR(d.name, "g");
    CHECK_STR(d.kernel, "/boot/guests/hello");
    CHECK_STR(d.kernel_where, "t.cfg:2");
    CHECK_STR(d.ramdisk_where, "");
    CHECK_STR(d.ramdisk, "");
    CHECK_STR(d.cmdline, "");
    CHECK_EQ(d.memory_mb, 32);
    CHECK_EQ(d.maxmem_mb, 32);
    CHECK_EQ(d.vcpus, 1);
    CHECK_EQ(d.maxvcpus, 1);
    CHECK_EQ(d.cpus_set, 0);
    CHECK_EQ(d.cpumap[0][0], ~0ull);
    CHECK_EQ(d.cpu_weight, 256);
    CHECK_EQ(d.cap, 0);
    CHECK_EQ(d.on_poweroff, XL_ACTION_DESTROY);
    CHECK_EQ(d.on_reboot, XL_ACTION_RESTART);
    CHECK_EQ(d.on_crash, XL_ACTION_DESTROY);
    CHECK_STR(warns, "");
}

TEST(domcfg_full)
{
    struct xl_domcfg d;
    CHECK_EQ(load("name = \"web\"\ntype = \"pv\"\nkernel = \"k\"\n"
                  "ramdisk = \"r\"\nmemory = 0x40\nmaxmem = 128\nvcpus = 2\n"
                  "maxvcpus = 4\ncpus = \"0-1,3\"\ncpu_weight = 512\n"
                  "cap = 50\non_poweroff = 'preserve'\non_reboot='destroy'\n"
                  "on_crash = \"restart\"\nuuid = \"1234\"\n",
                  &d),
             0);
    CHECK_STR(d.ramdisk, "r");
    CHECK_EQ(d.memory_mb, 64);
    CHECK_EQ(d.maxmem_mb, 128);
    CHECK_EQ(d.vcpus, 2);
    CHECK_EQ(d.maxvcpus, 4);
    CHECK_EQ(d.cpus_set, 1);
    CHECK_EQ(d.cpumap[0][0], 0xb);
    CHECK_EQ(d.cpumap[3][0], 0xb);
    CHECK_EQ(d.cpumap[0][1], 0);
    CHECK_EQ(d.cpu_weight, 512);
    CHECK_EQ(d.cap, 50);
    CHECK_EQ(d.on_poweroff, XL_ACTION_PRESERVE);
    CHECK_EQ(d.on_reboot, XL_ACTION_DESTROY);
    CHECK_EQ(d.on_crash, XL_ACTION_RESTART);
    CHECK_STR(warns, "");
}

TEST(domcfg_cmdline_rules)
{
    struct xl_domcfg d;
    CHECK_EQ(
        load("name='g'\nkernel='k'\nroot='/dev/xvda1'\nextra='quiet'\n", &d),
        0);
    CHECK_STR(d.cmdline, "root=/dev/xvda1 quiet");
    CHECK_EQ(load("name='g'\nkernel='k'\nextra='console=hvc0'\n", &d), 0);
    CHECK_STR(d.cmdline, "console=hvc0");
    CHECK_EQ(load("name='g'\nkernel='k'\nroot='r'\n", &d), 0);
    CHECK_STR(d.cmdline, "root=r");
    CHECK_EQ(load("name='g'\nkernel='k'\ncmdline='a b'\nextra='x'\n", &d), 0);
    CHECK_STR(d.cmdline, "a b");
    CHECK(strstr(warns, "t.cfg:3: warning: ignoring root= and extra=") != NULL);
}

TEST(domcfg_cmdline_too_long)
{
    struct xl_domcfg d;
    char text[2200];
    int n = snprintf(text, sizeof(text), "name='g'\nkernel='k'\ncmdline='");
    memset(text + n, 'x', 1024);
    strcpy(text + n + 1024, "'\n");
    CHECK_EQ(load(text, &d), -1);
    CHECK(strstr(err, "t.cfg:3: kernel command line is 1024 bytes") == err);
    text[n + 1023] = '\'';
    text[n + 1024] = '\n';
    text[n + 1025] = '\0';
    CHECK_EQ(load(text, &d), 0);
    CHECK_EQ(strlen(d.cmdline), 1023);
}

TEST(domcfg_unknown_key_warns_with_line)
{
    struct xl_domcfg d;
    CHECK_EQ(load("name='g'\nkernel='k'\nvif = [ 'bridge=xenbr0' ]\n"
                  "disk=[]\ndisk=[]\n",
                  &d),
             0);
    CHECK_STR(warns, "t.cfg:3: warning: unknown key `vif' ignored\n"
                     "t.cfg:5: warning: unknown key `disk' ignored\n");
}

TEST(domcfg_errors)
{
    static const struct {
        const char *text;
        const char *want;
    } cases[] = {
        {"kernel='k'\n", "t.cfg: Domain name must be specified."},
        {"name='g'\n", "t.cfg: kernel must be specified for a PV guest"},
        {"name='g'\nkernel=''\n", "t.cfg:2: kernel must be specified"},
        {"name='g'\nkernel='k'\ntype='hvm'\n",
         "t.cfg:3: guest type \"hvm\" is not supported"},
        {"name='g'\nkernel='k'\ntype='pvh'\n", "t.cfg:3: guest type \"pvh\""},
        {"name='g'\nkernel='k'\ntype='xyz'\n", "unknown guest type"},
        {"name='g'\nkernel='k'\nbuilder='hvm'\n", "t.cfg:3: guest type"},
        {"name=['g']\nkernel='k'\n",
         "t.cfg:1: parameter `name' is a list but should be a single value"},
        {"name='g'\nkernel='k'\nmemory='lots'\n",
         "t.cfg:3: parameter `memory' is not a valid number"},
        {"name='g'\nkernel='k'\nmemory=99999999999999999999999\n",
         "t.cfg:3: parameter `memory' is not a valid number"},
        {"name='g'\nkernel='k'\nmemory=0\n",
         "t.cfg:3: parameter `memory' = 0 is out of range (1 to 16777216)"},
        {"name='g'\nkernel='k'\nmemory=16777217\n", "out of range"},
        {"name='g'\nkernel='k'\nmemory=0x\n", "not a valid number"},
        {"name='g'\nkernel='k'\nmemory=09\n", "not a valid number"},
        {"name='g'\nkernel='k'\nmemory=64\nmaxmem=32\n",
         "t.cfg:4: maxmem (32 MiB) is less than memory (64 MiB)"},
        {"name='g'\nkernel='k'\nvcpus=0\n", "`vcpus' = 0 is out of range"},
        {"name='g'\nkernel='k'\nvcpus=129\n", "out of range"},
        {"name='g'\nkernel='k'\nvcpus=4\nmaxvcpus=2\n",
         "t.cfg:4: maxvcpus (2) is less than vcpus (4)"},
        {"name='g'\nkernel='k'\nmemory=3\nmemory+=4\n",
         "can't use += with numbers"},
        {"name='g'\nkernel='k'\ncpus='0-'\n", "t.cfg:3: cpus: invalid CPU"},
        {"name='g'\nkernel='k'\ncpus='3-1'\n", "invalid CPU range `3-1'"},
        {"name='g'\nkernel='k'\ncpus='256'\n", "out of range (at most 255)"},
        {"name='g'\nkernel='k'\ncpus='^0'\n", "selects no CPU"},
        {"name='g'\nkernel='k'\ncpus='nodes:0'\n", "NUMA"},
        {"name='g'\nkernel='k'\ncpus=['0','1']\n",
         "t.cfg:3: cpus lists 2 entries for 1 vcpus"},
        {"name='g'\nkernel='k'\ncpu_weight=0\n", "out of range"},
        {"name='g'\nkernel='k'\ncpu_weight=65536\n", "out of range"},
        {"name='g'\nkernel='k'\non_crash='explode'\n",
         "t.cfg:3: invalid action `explode' for on_crash"},
        {"name='g'\nkernel='k'\non_reboot=['restart']\n", "is a list"},
        {"name='12'\nkernel='k'\n", "t.cfg:1: domain name `12' is not valid"},
        {"name='a/b'\nkernel='k'\n", "is not valid"},
        {"name=''\nkernel='k'\n", "is not valid"},
        {"name='a b'\nkernel='k'\n", "is not valid"},
        {"name='g'\nkernel=['k']\n", "t.cfg:2: parameter `kernel' is a list"},
    };
    struct xl_domcfg d;
    for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
        CHECK_EQ(load(cases[i].text, &d), -1);
        if (!strstr(err, cases[i].want))
            fprintf(stderr, "    case %zu: got \"%s\"\n", i, err);
        CHECK(strstr(err, cases[i].want) != NULL);
    }
}

TEST(domcfg_long_name_and_path)
{
    struct xl_domcfg d;
    char text[700];
    snprintf(text, sizeof(text), "name='%064d'\nkernel='k'\n", 1);
    CHECK_EQ(load(text, &d), -1);
    CHECK(strstr(err, "t.cfg:1: parameter `name' is too long (64 bytes") ==
          err);
    snprintf(text, sizeof(text), "name='g'\nkernel='%0300d'\n", 1);
    CHECK_EQ(load(text, &d), -1);
    CHECK(strstr(err, "`kernel' is too long") != NULL);
}

TEST(domcfg_actions_mapped)
{
    struct xl_domcfg d;
    CHECK_EQ(
        load("name='g'\nkernel='k'\non_crash='coredump-restart'\n"
             "on_poweroff='coredump-destroy'\non_reboot='rename-restart'\n",
             &d),
        0);
    CHECK_EQ(d.on_crash, XL_ACTION_RESTART);
    CHECK_EQ(d.on_poweroff, XL_ACTION_DESTROY);
    CHECK_EQ(d.on_reboot, XL_ACTION_RENAME_RESTART);
    CHECK(strstr(warns, "t.cfg:3: warning: core dumps") != NULL);
    CHECK_STR(xl_action_name(XL_ACTION_PRESERVE), "preserve");
}

TEST(domcfg_per_vcpu_cpus)
{
    struct xl_domcfg d;
    CHECK_EQ(
        load("name='g'\nkernel='k'\nvcpus=3\ncpus=['2', \"3-5,^4\"]\n", &d), 0);
    CHECK_EQ(d.cpumap[0][0], 0x4);
    CHECK_EQ(d.cpumap[1][0], 0x28);
    CHECK_EQ(d.cpumap[2][0], ~0ull); /* beyond the list: anywhere */
    CHECK_EQ(load("name='g'\nkernel='k'\ncpus='all,^0'\n", &d), 0);
    CHECK_EQ(d.cpumap[0][0], ~1ull);
    CHECK_EQ(d.cpumap[0][3], ~0ull);
    CHECK_EQ(load("name='g'\nkernel='k'\ncpus=' 1 , 2 '\n", &d), 0);
    CHECK_EQ(d.cpumap[0][0], 0x6);
    CHECK_EQ(load("name='g'\nkernel='k'\ncpus=255\n", &d), 0);
    CHECK_EQ(d.cpumap[0][3], 1ull << 63);
}

TEST(domcfg_overrides)
{
    struct xl_domcfg d;
    char *ov[] = {"memory=256", "name=\"other\"", "extra=a b", "cpus=['1']"};
    char *bad[] = {"memory"};
    char *bad2[] = {"9x=1"};
    char *bad3[] = {"memory=\"x"};
    const char *t = "name='g'\nkernel='k'\nmemory=64\n";
    CHECK_EQ(xl_domcfg_load("t.cfg", t, strlen(t), ov, 4, &d, collect, NULL,
                            err, sizeof(err)),
             0);
    CHECK_EQ(d.memory_mb, 256);
    CHECK_STR(d.name, "other");
    CHECK_STR(d.cmdline, "a b");
    CHECK_EQ(d.cpumap[0][0], 2);
    CHECK_EQ(xl_domcfg_load("t.cfg", t, strlen(t), bad, 1, &d, collect, NULL,
                            err, sizeof(err)),
             -1);
    CHECK_STR(err, "command line: `memory' is not KEY=VALUE");
    CHECK_EQ(xl_domcfg_load("t.cfg", t, strlen(t), bad2, 1, &d, collect, NULL,
                            err, sizeof(err)),
             -1);
    CHECK_EQ(xl_domcfg_load("t.cfg", t, strlen(t), bad3, 1, &d, collect, NULL,
                            err, sizeof(err)),
             -1);
    CHECK(strstr(err, "command line:1: config parsing error") == err);
}

TEST(numbers)
{
    uint64_t v;
    CHECK_EQ(xl_parse_u64("0", &v), 0);
    CHECK_EQ(v, 0);
    CHECK_EQ(xl_parse_u64("010", &v), 0);
    CHECK_EQ(v, 8);
    CHECK_EQ(xl_parse_u64("0xFFFFFFFFFFFFFFFF", &v), 0);
    CHECK_EQ(v, ~0ull);
    CHECK_EQ(xl_parse_u64("0x10000000000000000", &v), -1);
    CHECK_EQ(xl_parse_u64("18446744073709551615", &v), 0);
    CHECK_EQ(xl_parse_u64("18446744073709551616", &v), -1);
    CHECK_EQ(xl_parse_u64("", &v), -1);
    CHECK_EQ(xl_parse_u64("-1", &v), -1);
    CHECK_EQ(xl_parse_u64("12a", &v), -1);
}

TEST(cpulist_format)
{
    uint64_t m[XL_CPUMAP_WORDS];
    char buf[64];
    CHECK_EQ(xl_cpulist_parse("0-1,3,5-7", m, err, sizeof(err)), 0);
    CHECK_STR(xl_cpulist_format(m, 8, buf, sizeof(buf)), "0-1,3,5-7");
    CHECK_EQ(xl_cpulist_parse("0-3", m, err, sizeof(err)), 0);
    CHECK_STR(xl_cpulist_format(m, 4, buf, sizeof(buf)), "all");
    CHECK_STR(xl_cpulist_format(m, 8, buf, sizeof(buf)), "0-3");
    CHECK_STR(xl_cpulist_format(m, 2, buf, sizeof(buf)), "all");
    CHECK_EQ(xl_cpulist_parse("1,5", m, err, sizeof(err)), 0);
    CHECK_STR(xl_cpulist_format(m, 4, buf, sizeof(buf)), "1"); /* as Xen */
    memset(m, 0xff, sizeof(m));
    CHECK_STR(xl_cpulist_format(m, 0, buf, sizeof(buf)), "all");
    memset(m, 0, sizeof(m));
    CHECK_STR(xl_cpulist_format(m, 4, buf, sizeof(buf)), "none");
    CHECK_EQ(xl_cpulist_parse("", m, err, sizeof(err)), -1);
    CHECK_EQ(xl_cpulist_parse("1,,2", m, err, sizeof(err)), -1);
    CHECK_EQ(xl_cpulist_parse("99999999999", m, err, sizeof(err)), -1);
}
