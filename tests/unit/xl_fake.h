/* SPDX-License-Identifier: BSD-2-Clause */
/* A fake hypervisor and dom0 OS for xl's host tests: domains, frames, the
 * hypercalls xl and libxc make, os.h, and recording backends. */
#ifndef XL_FAKE_H
#define XL_FAKE_H

#include <dom0/libxc.h>
#include <dom0/os.h>

#define FAKE_FRAMES 16384 /* 64 MiB of fake machine memory */
#define FAKE_DOMS   64
#define FAKE_VCPUS  8

struct fake_dom {
    bool exists;
    uint32_t flags; /* XEN_DOMINF_* incl. the shutdown reason */
    uint64_t tot_pages, max_pages, cpu_time;
    unsigned int max_vcpus, next_port;
    xen_pfn_t shared_info_mfn, pinned_l4, hypercall_gmfn;
    bool ctx_set;
    struct vcpu_guest_context ctx;
    uint64_t affinity[FAKE_VCPUS][4];
    unsigned int weight, cap;
    uint64_t max_memkb;
};

extern struct fake_dom fake_doms[FAKE_DOMS];
extern uint8_t (*fake_mem)[4096];       /* frame contents by MFN */
extern int16_t fake_owner[FAKE_FRAMES]; /* domid, -1 free */
extern uint64_t fake_m2p[FAKE_FRAMES];
extern long fake_populate_limit;   /* frames populate may still hand out */
extern int fake_hypercall_init_rc; /* what XEN_DOMCTL_hypercall_init says */
extern unsigned int fake_maps;     /* foreign mappings still open */
extern char fake_dmesg[256];
extern domid_t fake_rover; /* the last domid handed out */

/* Reset everything: dom0 exists (1024 frames), no files, no input. */
void fake_reset(void);
unsigned int fake_free_frames(void);
void fake_fs_add(const char *path, const void *data, size_t size);
void fake_console_input(const char *s, size_t n);
/* Set a domain's shutdown reason (as if it called SCHEDOP_shutdown). */
void fake_shutdown(domid_t dom, unsigned int reason);
/* Fire VIRQ_DOM_EXC. */
void fake_dom_exc(void);

/* What the fake backends saw. */
struct fake_backend {
    char name[64];
    domid_t setup_dom, intro_dom, cons_dom, removed_dom, released_dom;
    xen_pfn_t cons_mfn, store_mfn;
    evtchn_port_t cons_port, store_port;
    uint64_t mem_kb;
    char cons_out[256]; /* what consoled_read hands out next */
    char cons_in[256];  /* what consoled_write received */
    char xs_last_write[128];
};
extern struct fake_backend fake_be;

#endif
