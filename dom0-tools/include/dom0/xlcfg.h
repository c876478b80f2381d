/* SPDX-License-Identifier: BSD-2-Clause */
/* xl.cfg(5): the generic KEY = VALUE parser and the PV domain config. */
#ifndef DOM0_XLCFG_H
#define DOM0_XLCFG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The syntax is libxlu's: `KEY = VALUE` or `KEY += VALUE` settings ended
 * by a newline or ';', '#' comments to the end of the line. A VALUE is a
 * "string" or 'string' (backslash escapes \" \' \\ \a \b \f \n \r \t \v
 * \xHH \NNN), a NUMBER (kept as its text, converted by the key that wants
 * it) or a list [ VALUE, ... ] of strings and numbers that may span lines
 * and end in a comma. A later setting of a key wins over an earlier one.
 */
#define XLCFG_MAX_SIZE  (1u << 20) /* bytes of config text we accept */
#define XLCFG_MAX_ITEMS 4096       /* entries of one list */
#define XLCFG_MAX_STR   65536      /* bytes of one string */

struct xlcfg_value {
    bool is_list;
    char *str;                 /* !is_list: the dequoted string or number */
    struct xlcfg_value *items; /* is_list: n strings */
    unsigned int n;
};

struct xlcfg_setting {
    char *name;
    struct xlcfg_value value;
    const char *source; /* file name, for "FILE:LINE:" messages */
    int line;
    bool append;    /* written with += */
    bool is_number; /* the value was an unquoted NUMBER */
};

struct xlcfg {
    struct xlcfg_setting *set;
    unsigned int n, cap;
    char **sources; /* owned copies of the source names */
    unsigned int nsources;
};

void xlcfg_init(struct xlcfg *c);
void xlcfg_free(struct xlcfg *c);

/*
 * Parse len bytes of config text (NULs are a lexical error) named source
 * and add its settings to c. Returns 0, or -1 with a "SOURCE:LINE: ..."
 * message in err; c then holds the settings before the bad one.
 */
int xlcfg_parse(struct xlcfg *c, const char *source, const char *data,
                size_t len, char *err, size_t errlen);

/*
 * A command-line override "KEY=VALUE" (xl create FILE KEY=VALUE): VALUE is
 * config syntax when it starts with a quote or '[', else the literal text.
 * It wins over the file's setting. 0, or -1 with a message in err.
 */
int xlcfg_override(struct xlcfg *c, const char *arg, char *err, size_t errlen);

/* The winning setting of key name, or NULL. */
const struct xlcfg_setting *xlcfg_find(const struct xlcfg *c, const char *name);

/* The PV domain a config describes. */
#define XL_NAME_MAX     64
#define XL_PATH_MAX     256
#define XL_CMDLINE_MAX  1024 /* MAX_GUEST_CMDLINE, NUL included */
#define XL_MAX_VCPUS    128
#define XL_MAX_CPUS     256
#define XL_CPUMAP_WORDS (XL_MAX_CPUS / 64)
#define XL_MAX_MEM_MB   (1ull << 24) /* 16 TiB: keeps KiB/page maths safe */

enum xl_action {
    XL_ACTION_DESTROY,
    XL_ACTION_RESTART,
    XL_ACTION_PRESERVE,
    XL_ACTION_RENAME_RESTART,
};

struct xl_domcfg {
    char name[XL_NAME_MAX];
    char kernel[XL_PATH_MAX];
    char ramdisk[XL_PATH_MAX]; /* "" if none */
    char kernel_where[96];     /* "FILE:LINE" of the kernel setting */
    char ramdisk_where[96];
    char cmdline[XL_CMDLINE_MAX];
    uint64_t memory_mb, maxmem_mb;
    unsigned int vcpus, maxvcpus;
    bool cpus_set; /* else every vcpu may run anywhere */
    /* Per-vcpu hard affinity: a single CPU list applies to all vcpus, a
     * list of lists gives vcpu i the i-th entry (the rest get all). */
    uint64_t cpumap[XL_MAX_VCPUS][XL_CPUMAP_WORDS];
    unsigned int cpu_weight; /* credit weight, default 256 */
    unsigned int cap;        /* percent of one CPU, 0 = no cap */
    enum xl_action on_poweroff, on_reboot, on_crash;
};

/* Warnings ("FILE:LINE: warning: ...") go through this. */
typedef void (*xlcfg_warn_fn)(void *arg, const char *msg);

/*
 * Turn parsed settings into a PV domain config with xl's defaults (32 MiB,
 * 1 vcpu, weight 256, destroy/restart/destroy). Unknown keys are warned
 * about. Returns 0, or -1 with "FILE:LINE: message" (or a plain message
 * for a missing key) in err.
 */
int xl_domcfg_from_cfg(const struct xlcfg *c, struct xl_domcfg *d,
                       xlcfg_warn_fn warn, void *arg, char *err, size_t errlen);

/* Parse file text plus overrides into d in one go (xl create). */
int xl_domcfg_load(const char *source, const char *data, size_t len,
                   char *const *overrides, int noverrides, struct xl_domcfg *d,
                   xlcfg_warn_fn warn, void *arg, char *err, size_t errlen);

/* "0-3,5,^2" or "all" into a CPU bitmap. 0, or -1 with a reason in err. */
int xl_cpulist_parse(const char *s, uint64_t *map, char *err, size_t errlen);
/* The bitmap back as "0-3,5" ("all" when every CPU < nr_cpus is set,
 * "none" when empty); returns buf. */
char *xl_cpulist_format(const uint64_t *map, unsigned int nr_cpus, char *buf,
                        size_t len);

/* A number in xl's strtol(s, 0, 0) syntax, whole string, no overflow. */
int xl_parse_u64(const char *s, uint64_t *out);

const char *xl_action_name(enum xl_action a);

#endif
