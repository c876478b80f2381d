/* SPDX-License-Identifier: BSD-2-Clause */
/* xl's entry point and command table, with Xen's names, usage lines and
 * descriptions for the commands Basalt has. */
#include <string.h>
#include "xl_priv.h"

struct xl_cmd {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *desc, *usage, *options;
};

static const struct xl_cmd xl_cmds[] = {
    {"create", xl_cmd_create, "Create a domain from config file <filename>",
     "<ConfigFile> [options] [vars]",
     "-h                      Print this help.\n"
     "-p                      Leave the domain paused after it is created.\n"
     "-c                      Connect to the console after the domain is "
     "created."},
    {"list", xl_cmd_list, "List information about all/some domains",
     "[options] [Domain]", "-l, --long              Output all VM details"},
    {"destroy", xl_cmd_destroy, "Terminate a domain immediately", "<Domain>",
     NULL},
    {"shutdown", xl_cmd_shutdown, "Issue a shutdown signal to a domain",
     "[options] <-a|Domain>",
     "-a, --all               Shutdown all guest domains.\n"
     "-h                      Print this help.\n"
     "-F                      Fallback to a forced shutdown when the guest "
     "has no PV control.\n"
     "-w, --wait              Wait for guest(s) to shutdown."},
    {"reboot", xl_cmd_reboot, "Issue a reboot signal to a domain",
     "[options] <-a|Domain>",
     "-a, --all               Reboot all guest domains.\n"
     "-h                      Print this help.\n"
     "-F                      Fallback to a forced reboot when the guest "
     "has no PV control.\n"
     "-w, --wait              Wait for guest(s) to reboot."},
    {"pause", xl_cmd_pause, "Pause execution of a domain", "<Domain>", NULL},
    {"unpause", xl_cmd_unpause, "Unpause a paused domain", "<Domain>", NULL},
    {"console", xl_cmd_console, "Attach to domain's console",
     "[options] <Domain>", "Ctrl-] returns to the shell."},
    {"dmesg", xl_cmd_dmesg, "Read and/or clear dmesg buffer", "[-c]",
     "  -c                        Clear dmesg buffer as well as printing it"},
    {"info", xl_cmd_info, "Get information about Xen host", "[name]", NULL},
    {"vcpu-list", xl_cmd_vcpu_list, "List the VCPUs for all/some domains",
     "[Domain, ...]", NULL},
    {"vcpu-pin", xl_cmd_vcpu_pin, "Set which CPUs a VCPU can use",
     "<Domain> <VCPU|all> <Hard affinity|-|all> <Soft affinity|-|all>", NULL},
    {"sched-credit", xl_cmd_sched_credit, "Get/set credit scheduler parameters",
     "[-d <Domain> [-w[=WEIGHT]|-c[=CAP]]]",
     "-d DOMAIN, --domain=DOMAIN        Domain to modify\n"
     "-w WEIGHT, --weight=WEIGHT        Weight (int)\n"
     "-c CAP, --cap=CAP                 Cap (int)"},
    {"mem-set", xl_cmd_mem_set, "Set the current memory usage for a domain",
     "<Domain> <MemMB['b'[bytes]|'k'[KB]|'m'[MB]|'g'[GB]|'t'[TB]]>", NULL},
    {"top", xl_cmd_top, "Monitor a host and the domains in real time",
     "[-d DELAY] [-b] [-i ITERATIONS]",
     "-d DELAY                seconds between updates (default 1)\n"
     "-b                      batch mode: no screen clearing, no keys\n"
     "-i ITERATIONS           stop after this many updates\n"
     "q                       quits"},
    {"uptime", xl_cmd_uptime, "Print uptime for all/some domains",
     "[-s] [Domain]", NULL},
    {"domid", xl_cmd_domid, "Convert a domain name to domain id",
     "<DomainName>", NULL},
    {"domname", xl_cmd_domname, "Convert a domain id to domain name",
     "<DomainId>", NULL},
    {"help", NULL, "Print this help", "[command]", NULL},
};

#define XL_NCMDS (sizeof(xl_cmds) / sizeof(*xl_cmds))

static const struct xl_cmd *xl_lookup(const char *name)
{
    for (size_t i = 0; i < XL_NCMDS; i++)
        if (!strcmp(xl_cmds[i].name, name))
            return &xl_cmds[i];
    return NULL;
}

static void xl_help_all(void)
{
    xl_printf("Usage xl [-vfNtT] <subcommand> [args]\n\n");
    xl_printf("xl full list of subcommands:\n\n");
    for (size_t i = 0; i < XL_NCMDS; i++)
        xl_printf(" %-19s %s\n", xl_cmds[i].name, xl_cmds[i].desc);
}

void xl_usage(const char *name)
{
    const struct xl_cmd *c = name ? xl_lookup(name) : NULL;

    if (!name || !strcmp(name, "help")) {
        xl_help_all();
        return;
    }
    if (!c) {
        xl_printf("command \"%s\" not implemented\n", name);
        return;
    }
    xl_printf("Usage: xl %s %s\n\n%s.\n\n", c->name, c->usage, c->desc);
    if (c->options)
        xl_printf("Options:\n\n%s\n", c->options);
}

int xl_main(int argc, char **argv)
{
    const struct xl_cmd *c;

    xl_lifecycle_init();
    if (argc < 2 || !strcmp(argv[1], "help") || !strcmp(argv[1], "-h") ||
        !strcmp(argv[1], "--help")) {
        xl_usage(argc > 2 ? argv[2] : NULL);
        return argc < 2 ? 1 : 0;
    }
    c = xl_lookup(argv[1]);
    if (!c) {
        xl_eprintf("command not implemented\n");
        return 1;
    }
    if (argc > 2 && (!strcmp(argv[2], "-h") || !strcmp(argv[2], "--help"))) {
        xl_usage(c->name);
        return 0;
    }
    return c->fn(argc - 1, argv + 1);
}
