/* SPDX-License-Identifier: BSD-2-Clause */
/* Private to xl: output, options, the domain name table, lifecycle. */
#ifndef XL_PRIV_H
#define XL_PRIV_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <dom0/libxc.h>
#include <dom0/xl.h>
#include <dom0/xlcfg.h>

/* ---- Output (xl_util.c). */
void xl_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void xl_eprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "12.3" for nanoseconds, as printf("%.1f", ns / 1e9). */
char *xl_fmt_secs(uint64_t ns, char *buf, size_t n);

/* ---- Options: a small getopt over one command's arguments. */
struct xl_opts {
    int argc;
    char **argv;
    int ind;         /* next argument to look at */
    const char *arg; /* the option's argument, for "x:" options */
    int sub;         /* position inside a "-abc" cluster */
};

/* The next option letter, -1 at the first operand (or "--"), '?' after
 * printing "option `x' not supported." for an unknown one. */
int xl_getopt(struct xl_opts *o, const char *spec);

/* "'xl CMD' requires at least N argument(s)." and the usage; 2. */
int xl_need_args(const char *cmd, int have, int need);
/* Usage text of one command ("xl help CMD"). */
void xl_usage(const char *cmd);

/* ---- Domains xl knows (xl_names.c). */
struct xl_dom {
    bool used;
    domid_t domid;
    char name[XL_NAME_MAX];
    struct xl_domcfg *cfg; /* what built it: restart rebuilds from this */
    xen_pfn_t console_mfn, store_mfn;
    evtchn_port_t console_port, store_port;
    uint64_t start_ns;
    unsigned int fast_restarts;
    bool handled; /* its shutdown was dealt with (preserve) */
};

#define XL_MAX_DOMS 256

struct xl_dom *xl_dom_by_id(domid_t domid);
/* Slot i of the table (i < XL_MAX_DOMS), or NULL if unused. */
struct xl_dom *xl_dom_at(unsigned int i);
struct xl_dom *xl_dom_by_name(const char *name);
/* A new entry (cfg copied); NULL if the table is full. */
struct xl_dom *xl_dom_add(domid_t domid, const char *name,
                          const struct xl_domcfg *cfg);
void xl_dom_forget(domid_t domid);
/* The name of a domain: "Domain-0", xl's table, xenstore, else "(null)". */
const char *xl_dom_name(domid_t domid, char *buf, size_t n);
/* A domain named by name or id; prints Xen's error and returns -1. */
int xl_find_domain(const char *q, domid_t *out);
/* Drop table entries of domains the hypervisor no longer has. */
void xl_dom_prune(void);

/* ---- Creating and destroying (xl_create.c, xl_lifecycle.c). */

/* Build, attach the backends, set scheduling, unpause. 0 or -1 after
 * printing why; nothing is left behind on failure. */
int xl_domain_start(const struct xl_domcfg *cfg, domid_t *out);
/* Write its xenstore nodes, introduce it to xenstored, attach consoled
 * (each if linked in). 0, or -1 after printing why. */
int xl_backends_attach(struct xl_dom *d);
/* Detach the backends, forget xenstore nodes and destroy the domain. */
int xl_domain_teardown(domid_t domid);
/* Bind VIRQ_DOM_EXC and register the lifecycle service (idempotent). */
void xl_lifecycle_init(void);
/* Look at shut-down domains and apply their on_* action. */
void xl_lifecycle_check(void);

/* ---- Commands (argc/argv start at the command name). */
int xl_cmd_create(int argc, char **argv);
int xl_cmd_list(int argc, char **argv);
int xl_cmd_destroy(int argc, char **argv);
int xl_cmd_shutdown(int argc, char **argv);
int xl_cmd_reboot(int argc, char **argv);
int xl_cmd_pause(int argc, char **argv);
int xl_cmd_unpause(int argc, char **argv);
int xl_cmd_console(int argc, char **argv);
int xl_cmd_dmesg(int argc, char **argv);
int xl_cmd_info(int argc, char **argv);
int xl_cmd_vcpu_list(int argc, char **argv);
int xl_cmd_vcpu_pin(int argc, char **argv);
int xl_cmd_sched_credit(int argc, char **argv);
int xl_cmd_mem_set(int argc, char **argv);
int xl_cmd_top(int argc, char **argv);
int xl_cmd_uptime(int argc, char **argv);
int xl_cmd_domid(int argc, char **argv);
int xl_cmd_domname(int argc, char **argv);

/* The console loop (xl console, xl create -c); 0 when Ctrl-] was typed
 * or the domain went away. */
int xl_console_attach(domid_t domid);
/* A domain about to go: show the attached console its last output. */
void xl_console_flush(domid_t domid);

#endif
