/* SPDX-License-Identifier: BSD-2-Clause */
/* xl's commands against a fake hypervisor: argument parsing, Xen's output
 * formats, create/destroy leaving nothing behind, lifecycle actions. */
#include "harness.h"
#include "xl_elf_build.h"
#include "xl_fake.h"
#include <dom0/xl.h>

static char out[16384], err[8192];
static struct xb_elf kimg;
static struct xb_notes knotes;

static const char hello_cfg[] =
    "# the sample\nname = \"hello\"\nkernel = \"hello.elf\"\nmemory = 8\n"
    "on_crash = 'restart'\n";

/* Run "xl ARGS..." (space-separated) capturing stdout and stderr. */
static int xl(const char *line)
{
    char copy[512], *argv[32], *save = NULL;
    int argc = 0, rc;
    FILE *o = fmemopen(out, sizeof(out) - 1, "w");
    FILE *e = fmemopen(err, sizeof(err) - 1, "w");

    snprintf(copy, sizeof(copy), "xl %s", line);
    for (char *t = strtok_r(copy, " ", &save); t && argc < 31;
         t = strtok_r(NULL, " ", &save))
        argv[argc++] = t;
    argv[argc] = NULL;
    memset(out, 0, sizeof(out));
    memset(err, 0, sizeof(err));
    xl_stdout = o;
    xl_stderr = e;
    rc = xl_main(argc, argv);
    fclose(o);
    fclose(e);
    xl_stdout = xl_stderr = NULL;
    return rc;
}

static void setup(void)
{
    fake_reset();
    xb_minios(&kimg, &knotes);
    fake_fs_add("/etc/xl/hello.cfg", hello_cfg, sizeof(hello_cfg) - 1);
    fake_fs_add("/boot/guests/hello.elf", kimg.b, kimg.size);
}

static int count_doms(void)
{
    int n = 0;
    for (int i = 0; i < FAKE_DOMS; i++)
        n += fake_doms[i].exists;
    return n;
}

TEST(xl_list_dom0_exact)
{
    setup();
    CHECK_EQ(xl("list"), 0);
    CHECK_STR(out,
              "Name                                        ID   Mem VCPUs\t"
              "State\tTime(s)\n"
              "Domain-0                                     0     4     1"
              "     r-----      12.3\n");
    CHECK_EQ(xl("list 0"), 0);
    CHECK(strstr(out, "Domain-0 ") != NULL);
    CHECK_EQ(xl("list nosuch"), 1);
    CHECK_STR(err, "nosuch is an invalid domain identifier (rc=-6)\n");
    CHECK_EQ(xl("list 7"), 1);
    CHECK_STR(err, "Error: Domain '7' does not exist.\n");
}

TEST(xl_create_builds_the_start_of_day)
{
    struct fake_dom *d;
    struct start_info si;
    xen_pfn_t si_mfn;
    unsigned int before;

    setup();
    before = fake_free_frames();
    CHECK_EQ(xl("create hello.cfg"), 0);
    CHECK_STR(err, "Parsing config from /etc/xl/hello.cfg\n");
    d = &fake_doms[1];
    CHECK(d->exists);
    CHECK_EQ(d->flags & XEN_DOMINF_paused, 0); /* unpaused */
    CHECK_EQ(d->tot_pages, 2048);
    CHECK_EQ(d->max_memkb, 8192);
    CHECK_EQ(fake_free_frames(), before - 2048 - 1);
    CHECK(d->ctx_set);
    CHECK_EQ(d->ctx.user_regs.rip, 0);
    CHECK_EQ(d->ctx.flags, VGCF_in_kernel | VGCF_online);
    CHECK_EQ(d->ctx.ctrlreg[3], d->pinned_l4 << 12);
    /* start_info sits where RSI points: pfn rsi >> 12 (linked at 0). */
    si_mfn = 0;
    for (unsigned int m = 0; m < FAKE_FRAMES; m++)
        if (fake_owner[m] == 1 && fake_m2p[m] == d->ctx.user_regs.rsi >> 12)
            si_mfn = m;
    CHECK(si_mfn != 0);
    memcpy(&si, fake_mem[si_mfn], sizeof(si));
    CHECK_STR(si.magic, "xen-3.0-x86_64");
    CHECK_EQ(si.nr_pages, 2048);
    CHECK_EQ(si.shared_info, d->shared_info_mfn << 12);
    CHECK_EQ(si.store_evtchn, 1);
    CHECK_EQ(si.console.domU.evtchn, 2);
    CHECK_EQ(fake_owner[si.store_mfn], 1);
    CHECK_EQ(fake_m2p[si.store_mfn], (d->ctx.user_regs.rsi >> 12) + 1);
    CHECK_EQ(fake_m2p[si.console.domU.mfn], (d->ctx.user_regs.rsi >> 12) + 2);
    CHECK_EQ(fake_m2p[d->pinned_l4], si.pt_base >> 12);
    CHECK_EQ(fake_m2p[d->hypercall_gmfn], 1); /* HYPERCALL_PAGE 0x1000 */
    CHECK_EQ(fake_maps, 0);
    /* The backends got the same frames and ports. */
    CHECK_STR(fake_be.name, "hello");
    CHECK_EQ(fake_be.mem_kb, 8192);
    CHECK_EQ(fake_be.cons_mfn, si.console.domU.mfn);
    CHECK_EQ(fake_be.cons_port, 2);
    CHECK_EQ(fake_be.store_mfn, si.store_mfn);
    CHECK_EQ(fake_be.cons_dom, 1);
    CHECK_EQ(xl("list hello"), 0);
    CHECK(strstr(out,
                 "\nhello                                        1     8 ") !=
          NULL);
}

TEST(xl_create_hypercall_page_fallback)
{
    uint8_t page[4096];
    setup();
    fake_hypercall_init_rc = -XC_ENOSYS;
    CHECK_EQ(xl("create hello.cfg"), 0);
    memcpy(page, fake_mem[fake_doms[1].hypercall_gmfn], 4096);
    CHECK_EQ(page[32 + 4], 1); /* mov $1, %eax in stub 1 */
    CHECK_EQ(page[32 + 8], 0x0f);
    fake_hypercall_init_rc = -XC_EPERM;
    CHECK_EQ(xl("create hello.cfg name=\"two\""), 1);
    CHECK(strstr(err, "initialising the hypercall page failed: Operation "
                      "not permitted") != NULL);
    CHECK_EQ(count_doms(), 2);
}

TEST(xl_create_errors_leave_nothing_behind)
{
    static const char bad[] = "name = \"x\"\nkernel = \"/boot/guests/nope\"\n";
    static const char syn[] = "name = \"x\n";
    unsigned int before;

    setup();
    fake_fs_add("/etc/xl/bad.cfg", bad, sizeof(bad) - 1);
    fake_fs_add("/etc/xl/syn.cfg", syn, sizeof(syn) - 1);
    before = fake_free_frames();
    CHECK_EQ(xl("create bad.cfg"), 1);
    CHECK_STR(err, "Parsing config from /etc/xl/bad.cfg\n/etc/xl/bad.cfg:2: "
                   "kernel `/boot/guests/nope' not found (nor under "
                   "/boot/guests/)\n");
    CHECK_EQ(xl("create syn"), 1);
    CHECK(strstr(err, "/etc/xl/syn.cfg:1: config parsing error near `\"x': "
                      "unterminated string\nFailed to parse config") != NULL);
    CHECK_EQ(xl("create missing.cfg"), 1);
    CHECK(strstr(err, "Failed to read config file: missing.cfg") != NULL);
    fake_populate_limit = 100;
    CHECK_EQ(xl("create hello.cfg"), 1);
    CHECK(strstr(err, "xl: cannot create domain \"hello\": allocating 8 MiB "
                      "for the domain failed after 400 KiB: Cannot allocate "
                      "memory") != NULL);
    CHECK_EQ(count_doms(), 1);
    CHECK_EQ(fake_free_frames(), before);
    CHECK_EQ(fake_maps, 0);
    fake_populate_limit = -1;
    CHECK_EQ(xl("create hello.cfg memory=2"), 1);
    CHECK(strstr(err, "the boot image needs 4096 KiB but the domain has only "
                      "2048 KiB") != NULL);
    CHECK_EQ(xl("create"), 2);
    CHECK(strstr(err, "'xl create' requires at least 1 argument.") == err);
    CHECK_EQ(xl("create -z hello.cfg"), 2);
    CHECK_STR(err, "option `z' not supported.\n");
    CHECK_EQ(count_doms(), 1);
    CHECK_EQ(fake_free_frames(), before);
}

TEST(xl_create_duplicate_and_overrides)
{
    setup();
    CHECK_EQ(xl("create hello.cfg"), 0);
    CHECK_EQ(xl("create /etc/xl/hello.cfg"), 1);
    CHECK(strstr(err, "Domain with name \"hello\" already exists.") != NULL);
    CHECK_EQ(xl("create -p hello.cfg name=\"h2\" memory=12 vcpus=2 "
                "cpus=\"1\" cpu_weight=512 cap=20"),
             0);
    CHECK_EQ(fake_doms[2].tot_pages, 3072);
    CHECK_EQ(fake_doms[2].flags & XEN_DOMINF_paused, XEN_DOMINF_paused);
    CHECK_EQ(fake_doms[2].affinity[0][0], 2);
    CHECK_EQ(fake_doms[2].affinity[1][0], 2);
    CHECK_EQ(fake_doms[2].weight, 512);
    CHECK_EQ(fake_doms[2].cap, 20);
    CHECK_EQ(xl("domid h2"), 0);
    CHECK_STR(out, "2\n");
    CHECK_EQ(xl("domname 2"), 0);
    CHECK_STR(out, "h2\n");
    CHECK_EQ(xl("domid zz"), 1);
}

TEST(xl_destroy_pause_unpause)
{
    unsigned int before;
    setup();
    before = fake_free_frames();
    CHECK_EQ(xl("create hello.cfg"), 0);
    CHECK_EQ(xl("pause hello"), 0);
    CHECK(fake_doms[1].flags & XEN_DOMINF_paused);
    CHECK_EQ(xl("list"), 0);
    CHECK(strstr(out, "     --p---  ") != NULL);
    CHECK_EQ(xl("unpause 1"), 0);
    CHECK(!(fake_doms[1].flags & XEN_DOMINF_paused));
    CHECK_EQ(xl("destroy 0"), 1);
    CHECK_STR(err, "Cannot destroy privileged domain 0.\n\n");
    CHECK_EQ(xl("destroy"), 2);
    CHECK_EQ(xl("destroy hello"), 0);
    CHECK_EQ(fake_doms[1].exists, 0);
    CHECK_EQ(fake_be.removed_dom, 1);
    CHECK_EQ(fake_be.released_dom, 1);
    CHECK_EQ(fake_free_frames(), before);
    CHECK_EQ(xl("destroy hello"), 1);
    CHECK_STR(err, "hello is an invalid domain identifier (rc=-6)\n");
    /* 20 cycles: frames always come back. */
    for (int i = 0; i < 20; i++) {
        CHECK_EQ(xl("create hello.cfg"), 0);
        CHECK_EQ(xl("destroy hello"), 0);
    }
    CHECK_EQ(fake_free_frames(), before);
}

TEST(xl_lifecycle_actions)
{
    static const char keep[] = "name='keep'\nkernel='hello.elf'\nmemory=8\n"
                               "on_poweroff='preserve'\n";
    setup();
    fake_fs_add("/etc/xl/keep.cfg", keep, sizeof(keep) - 1);
    CHECK_EQ(xl("create hello.cfg"), 0);
    CHECK_EQ(xl("create keep.cfg"), 0);
    /* hello crashes: on_crash=restart gives a new hello. */
    fake_shutdown(1, 3);
    fake_dom_exc();
    os_wait(1);
    CHECK_EQ(fake_doms[1].exists, 0);
    CHECK_EQ(fake_doms[3].exists, 1);
    CHECK_EQ(xl("domid hello"), 0);
    CHECK_STR(out, "3\n");
    CHECK_EQ(fake_doms[3].flags & XEN_DOMINF_paused, 0);
    /* keep powers off and is preserved, shown as shut down. */
    fake_shutdown(2, 0);
    fake_dom_exc();
    os_wait(1);
    CHECK_EQ(fake_doms[2].exists, 1);
    CHECK_EQ(xl("list keep"), 0);
    CHECK(strstr(out, "     ---s--  ") != NULL);
    /* hello powers off (default on_poweroff=destroy) via xl shutdown. */
    CHECK_EQ(xl("shutdown hello"), 0);
    CHECK_STR(err, "Shutting down domain 3\n");
    os_wait(2000000000ull); /* no VIRQ: the periodic check finds it */
    CHECK_EQ(fake_doms[3].exists, 0);
    CHECK_EQ(xl("reboot keep"), 0);
    CHECK_STR(err, "Rebooting domain 2\n");
    CHECK_EQ(xl("shutdown 0"), 1);
    CHECK_EQ(xl("create hello.cfg on_poweroff='destroy'"), 0);
    CHECK_EQ(xl("shutdown -a"), 0);
    CHECK(strstr(err, "Shutting down domain 2\n") != NULL);
    CHECK(strstr(err, "Shutting down domain 4\n") != NULL);
    fake_dom_exc();
    os_wait(1);
    CHECK_EQ(fake_doms[4].exists, 0);
}

TEST(xl_info_keys)
{
    setup();
    CHECK_EQ(xl("info"), 0);
    CHECK(strstr(out, "host                   : basalt\n") == out);
    CHECK(strstr(out, "\nnr_cpus                : 2\n") != NULL);
    CHECK(strstr(out, "\ncores_per_socket       : 2\n") != NULL);
    CHECK(strstr(out, "\nthreads_per_core       : 1\n") != NULL);
    CHECK(strstr(out, "\ncpu_mhz                : 2593.679\n") != NULL);
    CHECK(strstr(out, "\nvirt_caps              : pv\n") != NULL);
    CHECK(strstr(out, "\ntotal_memory           : 64\n") != NULL);
    CHECK(strstr(out, "\nxen_major              : 4\n") != NULL);
    CHECK(strstr(out, "\nxen_minor              : 17\n") != NULL);
    CHECK(strstr(out, "\nxen_extra              : .0\n") != NULL);
    CHECK(strstr(out, "\nxen_version            : 4.17.0\n") != NULL);
    CHECK(strstr(out, "\nxen_caps               : xen-3.0-x86_64\n") != NULL);
    CHECK(strstr(out, "\nxen_scheduler          : credit\n") != NULL);
    CHECK(strstr(out, "\nxend_config_format     : 4\n") != NULL);
    CHECK_EQ(xl("info free_memory"), 0);
    CHECK_STR(out, "60\n"); /* 64 MiB - dom0's 4 MiB */
}

TEST(xl_vcpu_and_sched)
{
    setup();
    CHECK_EQ(xl("create hello.cfg vcpus=2 cpus=['1']"), 0);
    CHECK_EQ(xl("vcpu-list hello"), 0);
    CHECK_STR(out, "Name                                ID  VCPU   CPU State "
                   "  Time(s) Affinity (Hard / Soft)\n"
                   "hello                                1     0    0   r-- "
                   "      0.0  1 / all\n"
                   "hello                                1     1    -   --p "
                   "      0.0  all / all\n");
    CHECK_EQ(xl("vcpu-pin hello 1 0"), 0);
    CHECK_EQ(fake_doms[1].affinity[1][0], 1);
    CHECK_EQ(xl("vcpu-pin hello all 0-1"), 0);
    CHECK_EQ(fake_doms[1].affinity[0][0], 3);
    CHECK_EQ(xl("vcpu-pin hello x 0"), 1);
    CHECK_STR(err, "Error: Invalid argument x as VCPU.\n");
    CHECK_EQ(xl("vcpu-pin hello 5 0"), 1);
    CHECK_STR(err, "Could not set affinity for vcpu `5'.\n");
    CHECK_EQ(xl("sched-credit -d hello -w 512 -c 30"), 0);
    CHECK_EQ(xl("sched-credit -d hello"), 0);
    CHECK_STR(out, "Name                                ID Weight  Cap\n"
                   "hello                                1    512   30\n");
    CHECK_EQ(xl("sched-credit"), 0);
    CHECK(strstr(out, "Cpupool Pool-0: ") == out);
    CHECK(
        strstr(out, "\nDomain-0                             0    256    0\n"));
    CHECK_EQ(xl("sched-credit -w 3"), 1);
    CHECK_EQ(xl("sched-credit -d hello -w 0"), 1);
    CHECK_EQ(xl("mem-set hello 16m"), 0);
    CHECK_EQ(fake_doms[1].max_memkb, 16384);
    CHECK_EQ(xl("mem-set hello 1g"), 0);
    CHECK_EQ(fake_doms[1].max_memkb, 1048576);
    CHECK_EQ(xl("mem-set hello 512"), 0);
    CHECK_EQ(fake_doms[1].max_memkb, 524288);
    CHECK_EQ(xl("mem-set hello lots"), 1);
    CHECK_STR(err, "invalid memory size: lots\n");
}

TEST(xl_console_escape_and_dmesg)
{
    setup();
    CHECK_EQ(xl("create hello.cfg"), 0);
    strcpy(fake_be.cons_out, "Hello from the guest\n");
    fake_console_input("ab\x1d"
                       "cd",
                       5);
    CHECK_EQ(xl("console hello"), 0);
    CHECK_STR(out, "Hello from the guest\n");
    CHECK_STR(fake_be.cons_in, "ab");
    CHECK_EQ(xl("console 0"), 1);
    CHECK_EQ(xl("dmesg"), 0);
    CHECK_STR(out, "(XEN) hello\n(XEN) world\n");
    CHECK_EQ(xl("dmesg -c"), 0);
    CHECK_EQ(xl("dmesg"), 0);
    CHECK_STR(out, "");
}

TEST(xl_console_returns_when_domain_dies)
{
    setup();
    fake_console_input("\x1d", 1); /* create -c returns on Ctrl-] */
    CHECK_EQ(xl("create -c hello.cfg on_crash='destroy'"), 0);
    fake_console_input("", 0);
    strcpy(fake_be.cons_out, "bye\n");
    fake_shutdown(1, 3);
    fake_dom_exc();
    CHECK_EQ(xl("console 1"), 0); /* flushed "bye" before teardown */
    CHECK_STR(out, "bye\n");
    CHECK_EQ(fake_doms[1].exists, 0);
}

TEST(xl_uptime_top_help)
{
    setup();
    CHECK_EQ(xl("create hello.cfg"), 0);
    os_wait(3723000000000ull); /* 1:02:03 */
    CHECK_EQ(xl("uptime"), 0);
    CHECK_STR(out, "Name                                ID Uptime\n"
                   "Domain-0                             0  1:02:08\n"
                   "hello                                1  1:02:03\n");
    CHECK_EQ(xl("top -b -i 1"), 0);
    CHECK(strstr(out, "2 domains: 2 running, 0 blocked, 0 paused, 0 crashed, "
                      "0 dying, 0 shutdown \n") != NULL);
    CHECK(strstr(out, "  Domain-0 -----r         12    0.0 ") != NULL);
    CHECK_EQ(xl("help"), 0);
    CHECK(strstr(out, " create              Create a domain from config file "
                      "<filename>\n") != NULL);
    CHECK_EQ(xl("help destroy"), 0);
    CHECK(strstr(out, "Usage: xl destroy <Domain>\n\nTerminate a domain "
                      "immediately.\n") == out);
    CHECK_EQ(xl("frobnicate"), 1);
    CHECK_STR(err, "command not implemented\n");
    CHECK_EQ(xl(""), 1);
}

TEST(xl_list_long_json)
{
    setup();
    CHECK_EQ(xl("create hello.cfg extra=say\"hi\"\\"), 0);
    CHECK_EQ(xl("list -l"), 0);
    CHECK(strstr(out, "[\n    {\n        \"domid\": 1,\n        \"config\": {\n"
                      "            \"c_info\": {\n                \"type\": "
                      "\"pv\",\n                \"name\": \"hello\"\n") == out);
    CHECK(strstr(out, "\"cmdline\": \"say\\\"hi\\\"\\\\\",\n") != NULL);
    CHECK(strstr(out, "\"on_crash\": \"restart\"\n        }\n    }\n]\n") !=
          NULL);
}
