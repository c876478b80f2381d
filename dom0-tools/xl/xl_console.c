/* SPDX-License-Identifier: BSD-2-Clause */
/* xl console: the guest's PV console through consoled, until Ctrl-] (as
 * xenconsole) or until the domain goes away. */
#include <string.h>
#include <dom0/consoled.h>
#include <dom0/os.h>
#include "xl_priv.h"

#define XL_ESCAPE   0x1d         /* Ctrl-] */
#define XL_TICK_NS  10000000ull  /* wait between polls */
#define XL_CHECK_NS 200000000ull /* how often to check the domain */

extern size_t consoled_read(domid_t domid, char *buf, size_t n)
    __attribute__((weak));
extern int consoled_write(domid_t domid, const char *buf, size_t n)
    __attribute__((weak));

static bool con_attached;
static domid_t con_domid;

static void con_out(const char *buf, size_t n)
{
    FILE *f = xl_stdout ? xl_stdout : stdout;

    fwrite(buf, 1, n, f);
    fflush(f);
}

/* Everything the guest wrote that we have not shown yet. */
static void con_drain(domid_t domid)
{
    char buf[512];
    size_t n;

    while (consoled_read && (n = consoled_read(domid, buf, sizeof(buf))))
        con_out(buf, n);
}

void xl_console_flush(domid_t domid)
{
    if (con_attached && con_domid == domid)
        con_drain(domid);
}

/* Keyboard to guest; true when the escape was typed. */
static bool con_input(domid_t domid)
{
    char buf[64];
    int n = os_console_read(buf, sizeof(buf));
    char *esc = n > 0 ? memchr(buf, XL_ESCAPE, (size_t)n) : NULL;
    size_t len = esc ? (size_t)(esc - buf) : (n > 0 ? (size_t)n : 0);

    if (len && consoled_write)
        consoled_write(domid, buf, len); /* a full ring drops input */
    return esc != NULL;
}

static bool con_alive(domid_t domid)
{
    struct xen_domctl_getdomaininfo info;

    return !xc_domain_getinfo(domid, &info) && !(info.flags & XEN_DOMINF_dying);
}

int xl_console_attach(domid_t domid)
{
    uint64_t last = os_now_ns();
    bool quit = false;

    if (!consoled_read) {
        xl_eprintf("xl: the console backend is not available\n");
        return 1;
    }
    con_attached = true;
    con_domid = domid;
    while (!quit) {
        con_drain(domid);
        quit = con_input(domid);
        if (!quit && os_now_ns() - last >= XL_CHECK_NS) {
            last = os_now_ns();
            quit = !con_alive(domid);
        }
        if (!quit)
            os_wait(XL_TICK_NS);
    }
    con_drain(domid);
    con_attached = false;
    return 0;
}

int xl_cmd_console(int argc, char **argv)
{
    struct xl_opts o = {argc, argv, 1, NULL, 0};
    struct xen_domctl_getdomaininfo info;
    domid_t domid;
    int c;

    while ((c = xl_getopt(&o, "t:n:")) != -1)
        if (c == '?')
            return 2;
    if ((c = xl_need_args("console", argc - o.ind, 1)))
        return c;
    if (xl_find_domain(argv[o.ind], &domid))
        return 1;
    if (xc_domain_getinfo(domid, &info)) {
        xl_eprintf("Error: Domain '%s' does not exist.\n", argv[o.ind]);
        return 1;
    }
    if (domid == 0) {
        xl_eprintf("xl: dom0's console is this shell\n");
        return 1;
    }
    return xl_console_attach(domid);
}
