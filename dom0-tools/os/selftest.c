/* SPDX-License-Identifier: BSD-2-Clause */
/* `os-selftest` in the shell: the os.h services checked on the running
 * hypervisor (Basalt or Xen), one line per check and a summary. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>
#include "os_priv.h"

static int st_pass, st_fail;

static void st_check(bool ok, const char *what)
{
    printf("os-selftest: %s %s\n", ok ? "PASS" : "FAIL", what);
    if (ok)
        st_pass++;
    else
        st_fail++;
}

/* The heap reaches past the bootstrap region: touch every page. */
static void st_heap(void)
{
    size_t n = 64u << 20;
    unsigned char *p = malloc(n);
    bool ok = p != NULL;
    for (size_t i = 0; ok && i < n; i += OS_PAGE_SIZE)
        p[i] = (unsigned char)i;
    for (size_t i = 0; ok && i < n; i += OS_PAGE_SIZE)
        ok = p[i] == (unsigned char)i;
    free(p);
    st_check(ok, "64 MiB of heap mapped and writable");
}

static void st_foreign(void)
{
    unsigned char *pages = os_alloc_pages(3);
    xen_pfn_t mfns[3];
    int err = 1;
    bool ok = pages && !((unsigned long)pages & (OS_PAGE_SIZE - 1));
    for (unsigned int i = 0; ok && i < 3; i++)
        mfns[i] = os_virt_to_mfn(pages + i * OS_PAGE_SIZE);
    unsigned char *f =
        ok ? os_map_foreign(DOMID_SELF, mfns, 3, true, &err) : NULL;
    st_check(f && !err, "os_map_foreign(DOMID_SELF) of 3 frames");
    if (f) {
        f[2 * OS_PAGE_SIZE + 5] = 0xa5;
        st_check(pages[2 * OS_PAGE_SIZE + 5] == 0xa5 &&
                     os_virt_to_mfn(f + OS_PAGE_SIZE) == mfns[1],
                 "a foreign mapping aliases the same frames");
        os_unmap_foreign(f, 3);
    }
    /* The next attempt takes the slots after f's: its good first frame
     * must not stay mapped when the second one fails. */
    xen_pfn_t bad[2] = {mfns[0], ~(xen_pfn_t)0 >> 20};
    void *g = f ? os_map_foreign(DOMID_SELF, bad, 2, false, &err) : NULL;
    st_check(f && !g && err < 0 &&
                 os_virt_to_mfn(f + 3 * OS_PAGE_SIZE) == ~(xen_pfn_t)0,
             "a bad frame fails cleanly, nothing left mapped");
    os_free_pages(pages, 3);
}

static int st_fired = -1;
static void st_handler(evtchn_port_t port, void *arg)
{
    (void)arg;
    st_fired = (int)port;
}

static void st_events(void)
{
    struct evtchn_alloc_unbound au = {DOMID_SELF, DOMID_SELF, 0};
    struct evtchn_bind_interdomain bi = {DOMID_SELF, 0, 0};
    bool ok = !os_evtchn_op(EVTCHNOP_alloc_unbound, &au);
    bi.remote_port = au.port;
    ok = ok && !os_evtchn_op(EVTCHNOP_bind_interdomain, &bi);
    ok = ok && !os_evtchn_bind(bi.local_port, st_handler, NULL);
    ok = ok && !os_evtchn_notify(au.port);
    uint64_t end = os_now_ns() + 1000000000ULL;
    while (ok && st_fired < 0 && os_now_ns() < end)
        os_wait(100000000ULL);
    st_check(ok && st_fired == (int)bi.local_port,
             "a loopback event runs its handler from os_wait");
    os_evtchn_unbind(bi.local_port);
    struct evtchn_close c = {au.port};
    os_evtchn_op(EVTCHNOP_close, &c);
    c.port = bi.local_port;
    os_evtchn_op(EVTCHNOP_close, &c);
}

static void st_time(void)
{
    uint64_t t0 = os_now_ns();
    os_wait(20000000ULL);
    uint64_t dt = os_now_ns() - t0;
    st_check(dt >= 20000000ULL && dt < 2000000000ULL,
             "os_wait(20 ms) sleeps at least 20 ms");
    struct timeval tv;
    gettimeofday(&tv, NULL);
    st_check(tv.tv_sec > 1600000000, "gettimeofday after 2020");
}

static void st_first_file(const char *path, size_t size, void *arg)
{
    char *out = arg;
    (void)size;
    if (!out[0])
        snprintf(out, 300, "%s", path);
}

static void st_files(void)
{
    char path[300] = "", buf[8];
    struct stat st;
    os_fs_list("/", st_first_file, path);
    int fd = path[0] ? open(path, O_RDONLY) : -1;
    bool ok = fd >= 3 && !fstat(fd, &st) && S_ISREG(st.st_mode);
    if (ok && st.st_size > 1) {
        ok = lseek(fd, -1, SEEK_END) == st.st_size - 1 &&
             read(fd, buf, sizeof(buf)) == 1 && read(fd, buf, 1) == 0;
    }
    st_check(!path[0] || (ok && !close(fd)), "open/fstat/lseek/read/close");
    st_check(open("/no/such", O_RDONLY) < 0 && !stat("/", &st) &&
                 S_ISDIR(st.st_mode) && read(42, buf, 1) < 0,
             "missing files, the root directory and bad fds");
}

int os_selftest(void)
{
    st_pass = st_fail = 0;
    st_heap();
    st_foreign();
    st_events();
    st_time();
    st_files();
    printf("os-selftest: %d passed, %d failed\n", st_pass, st_fail);
    return st_fail ? 1 : 0;
}
