/* SPDX-License-Identifier: BSD-2-Clause */
/* The fake dom0 OS (os.h) and recording xenstored/consoled for xl's host
 * tests: foreign maps copy frames in and back out, time moves only in
 * os_wait, files live in a small table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "xl_fake.h"

struct fake_backend fake_be;
unsigned int fake_maps;

static struct {
    const char *path;
    const void *data;
    size_t size;
} fake_files[16];
static unsigned int fake_nfiles;
static char fake_in[256];
static size_t fake_in_len, fake_in_pos;
static uint64_t fake_clock = 5000000000ull;
static void (*fake_services[8])(void);
static unsigned int fake_nservices;
static os_evtchn_handler_t fake_virq_fn;
static void *fake_virq_arg;

struct fake_map {
    void *va;
    xen_pfn_t mfns[4096];
    unsigned int n;
};
static struct fake_map fake_mapv[4];

void fake_reset(void)
{
    if (!fake_mem)
        fake_mem = calloc(FAKE_FRAMES, 4096);
    memset(fake_doms, 0, sizeof(fake_doms));
    memset(fake_owner, 0xff, sizeof(fake_owner));
    memset(&fake_be, 0, sizeof(fake_be));
    for (unsigned int m = 0; m < 1024; m++)
        fake_owner[m] = 0; /* dom0's memory */
    fake_doms[0].exists = true;
    fake_doms[0].flags = XEN_DOMINF_running;
    fake_doms[0].tot_pages = fake_doms[0].max_pages = 1024;
    fake_doms[0].max_vcpus = 1;
    fake_doms[0].cpu_time = 12345678901ull;
    fake_doms[0].weight = 256;
    fake_populate_limit = -1;
    fake_rover = 0;
    fake_clock = 5000000000ull;
    fake_hypercall_init_rc = 0;
    fake_nfiles = 0;
    fake_in_len = fake_in_pos = 0;
    strcpy(fake_dmesg, "(XEN) hello\n(XEN) world\n");
}

void fake_fs_add(const char *path, const void *data, size_t size)
{
    fake_files[fake_nfiles].path = path;
    fake_files[fake_nfiles].data = data;
    fake_files[fake_nfiles++].size = size;
}

void fake_console_input(const char *s, size_t n)
{
    memcpy(fake_in, s, n);
    fake_in_len = n;
    fake_in_pos = 0;
}

void fake_dom_exc(void)
{
    if (fake_virq_fn)
        fake_virq_fn(5, fake_virq_arg);
}

bool os_fs_lookup(const char *path, const void **data, size_t *size)
{
    for (unsigned int i = 0; i < fake_nfiles; i++)
        if (!strcmp(fake_files[i].path, path)) {
            *data = fake_files[i].data;
            *size = fake_files[i].size;
            return true;
        }
    return false;
}

void *os_map_foreign(domid_t dom, const xen_pfn_t *mfns, unsigned int n,
                     bool writable, int *err)
{
    struct fake_map *m = NULL;

    (void)writable;
    for (unsigned int i = 0; i < 4 && !m; i++)
        if (!fake_mapv[i].va)
            m = &fake_mapv[i];
    for (unsigned int i = 0; m && i < n; i++)
        if (n > 4096 || mfns[i] >= FAKE_FRAMES ||
            fake_owner[mfns[i]] != (int16_t)dom)
            m = NULL;
    if (!m || !(m->va = malloc((size_t)n * 4096))) {
        if (err)
            *err = -XC_EINVAL;
        return NULL;
    }
    memcpy(m->mfns, mfns, n * sizeof(*mfns));
    m->n = n;
    for (unsigned int i = 0; i < n; i++)
        memcpy((uint8_t *)m->va + (size_t)i * 4096, fake_mem[mfns[i]], 4096);
    fake_maps++;
    return m->va;
}

void os_unmap_foreign(void *va, unsigned int n)
{
    for (unsigned int i = 0; i < 4; i++) {
        struct fake_map *m = &fake_mapv[i];
        if (m->va != va || m->n != n)
            continue;
        for (unsigned int k = 0; k < n; k++)
            memcpy(fake_mem[m->mfns[k]], (uint8_t *)va + (size_t)k * 4096,
                   4096);
        free(va);
        m->va = NULL;
        fake_maps--;
    }
}

uint64_t os_now_ns(void)
{
    return fake_clock;
}

void os_poll(void)
{
    for (unsigned int i = 0; i < fake_nservices; i++)
        fake_services[i]();
}

void os_wait(uint64_t timeout_ns)
{
    fake_clock += timeout_ns ? timeout_ns : 1000000;
    os_poll();
}

int os_console_read(char *buf, size_t n)
{
    size_t k = fake_in_len - fake_in_pos < n ? fake_in_len - fake_in_pos : n;

    memcpy(buf, fake_in + fake_in_pos, k);
    fake_in_pos += k;
    return (int)k;
}

void os_console_write(const char *buf, size_t n)
{
    (void)buf, (void)n;
}

int os_bind_virq(unsigned int virq, os_evtchn_handler_t fn, void *arg)
{
    if (virq != VIRQ_DOM_EXC)
        return -XC_EINVAL;
    fake_virq_fn = fn;
    fake_virq_arg = arg;
    return 5;
}

void os_register_service(void (*fn)(void))
{
    if (fake_nservices < 8)
        fake_services[fake_nservices++] = fn;
}

/* ---- Recording backends. */

int xs_domain_setup(domid_t domid, const char *name, uint64_t mem_kb,
                    xen_pfn_t console_mfn, evtchn_port_t console_port)
{
    fake_be.setup_dom = domid;
    snprintf(fake_be.name, sizeof(fake_be.name), "%s", name);
    fake_be.mem_kb = mem_kb;
    fake_be.cons_mfn = console_mfn;
    fake_be.cons_port = console_port;
    return 0;
}

int xs_introduce_domain(domid_t domid, xen_pfn_t mfn, evtchn_port_t port)
{
    fake_be.intro_dom = domid;
    fake_be.store_mfn = mfn;
    fake_be.store_port = port;
    return 0;
}

int xs_release_domain(domid_t domid)
{
    fake_be.released_dom = domid;
    return 0;
}

int xs_write(const char *path, const char *val)
{
    snprintf(fake_be.xs_last_write, sizeof(fake_be.xs_last_write), "%s=%s",
             path, val);
    return 0;
}

int consoled_add(domid_t domid, xen_pfn_t mfn, evtchn_port_t port)
{
    fake_be.cons_dom = domid;
    return mfn == fake_be.cons_mfn && port == fake_be.cons_port ? 0
                                                                : -XC_EINVAL;
}

void consoled_remove(domid_t domid)
{
    fake_be.removed_dom = domid;
}

size_t consoled_read(domid_t domid, char *buf, size_t n)
{
    size_t k = strlen(fake_be.cons_out);

    (void)domid;
    k = k < n ? k : n;
    memcpy(buf, fake_be.cons_out, k);
    memmove(fake_be.cons_out, fake_be.cons_out + k,
            strlen(fake_be.cons_out + k) + 1);
    return k;
}

int consoled_write(domid_t domid, const char *buf, size_t n)
{
    (void)domid;
    strncat(fake_be.cons_in, buf, n);
    return (int)n;
}
