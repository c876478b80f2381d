/* SPDX-License-Identifier: BSD-2-Clause */
/* The domain-builder library (like Xen's libxc/libxenguest): hypercall
 * wrappers, the PV ELF loader, the start-of-day layout and the builder. */
#ifndef DOM0_LIBXC_H
#define DOM0_LIBXC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <public/xen.h>
#include <public/domctl.h>
#include <public/event_channel.h>
#include <public/sysctl.h>
#include <public/version.h>

/* Xen's errno values (Linux's): hypercalls return their negation. They are
 * not newlib's <errno.h> numbers, so libxc and xl use these names. */
#define XC_EPERM      1
#define XC_ENOENT     2
#define XC_ESRCH      3
#define XC_EINTR      4
#define XC_EIO        5
#define XC_E2BIG      7
#define XC_ENOEXEC    8
#define XC_EAGAIN     11
#define XC_ENOMEM     12
#define XC_EACCES     13
#define XC_EFAULT     14
#define XC_EBUSY      16
#define XC_EEXIST     17
#define XC_EINVAL     22
#define XC_ENOSPC     28
#define XC_ERANGE     34
#define XC_ENOSYS     38
#define XC_EOPNOTSUPP 95

/* ---- Hypercalls (hcall.c). All return 0/count or a negative Xen errno. */

/* Fill in interface_version and issue the call. */
int xc_domctl(struct xen_domctl *d);
int xc_sysctl(struct xen_sysctl *s);
long xc_memory_op(unsigned int cmd, void *arg);
/* mmu_update / mmuext_op on behalf of domain dom (DOMID_SELF for us);
 * the whole batch, split as needed. *done (may be NULL) counts the ops
 * that took effect. */
int xc_mmu_update(const struct mmu_update *reqs, unsigned int count,
                  unsigned int *done, domid_t dom);
int xc_mmuext(const struct mmuext_op *ops, unsigned int count,
              unsigned int *done, domid_t dom);
/* A port of dom that remote may bind to; the port is dom's. */
int xc_evtchn_alloc_unbound(domid_t dom, domid_t remote, evtchn_port_t *port);
long xc_version(int cmd, void *arg);

/* ---- Domain operations (domain.c), thin domctl/sysctl wrappers. */
int xc_domain_pause(domid_t dom);
int xc_domain_unpause(domid_t dom);
int xc_domain_destroy(domid_t dom);
/* SCHEDOP_remote_shutdown with a SHUTDOWN_* reason. */
int xc_domain_shutdown(domid_t dom, unsigned int reason);
/* Exactly domain dom's info: -ESRCH if it does not exist. */
int xc_domain_getinfo(domid_t dom, struct xen_domctl_getdomaininfo *info);
/* Up to max entries for domains >= first; returns the count. */
int xc_domain_getinfolist(domid_t first, unsigned int max,
                          struct xen_domctl_getdomaininfo *info);
int xc_domain_max_mem(domid_t dom, uint64_t max_kb);
int xc_vcpu_setaffinity(domid_t dom, unsigned int vcpu, const uint64_t *map,
                        unsigned int nr_bits);
int xc_vcpu_getaffinity(domid_t dom, unsigned int vcpu, uint64_t *map,
                        unsigned int nr_bits);
int xc_vcpu_getinfo(domid_t dom, unsigned int vcpu,
                    struct xen_domctl_getvcpuinfo *info);
int xc_sched_credit_get(domid_t dom, unsigned int *weight, unsigned int *cap);
int xc_sched_credit_set(domid_t dom, unsigned int weight, unsigned int cap);
int xc_physinfo(struct xen_sysctl_physinfo *pi);
int xc_sched_id(unsigned int *id);
/* Read (and with clear, empty) the hypervisor log; returns bytes. With
 * *index non-NULL the read is incremental from *index, updated. */
int xc_readconsole(char *buf, unsigned int size, bool clear, uint32_t *index);

/* "Operation not permitted" etc. for a negative Xen errno. */
const char *xc_strerror(int rc);

/* ---- The PV kernel image (elf.c, elf_notes.c). */

#define XC_ELF_UNSET ((uint64_t)-1)

/* What the builder needs from a kernel: guest-virtual addresses, the
 * kernel occupying [virt_kstart, virt_kend). Semantics follow Xen's
 * libelf (and the hypervisor's own dom0 loader, kernel/xen_elf.c). */
struct xc_elf_info {
    uint64_t virt_base;      /* VIRT_BASE, 0 if absent */
    uint64_t paddr_offset;   /* PADDR_OFFSET, defaulted as Xen does */
    uint64_t virt_entry;     /* ENTRY, else e_entry */
    uint64_t virt_hypercall; /* HYPERCALL_PAGE, or XC_ELF_UNSET */
    uint64_t virt_kstart, virt_kend;
    uint64_t init_p2m;     /* INIT_P2M, or XC_ELF_UNSET */
    uint64_t pstart, pend; /* p_paddr range of the loadable segments */
    uint32_t features_supported[XENFEAT_NR_SUBMAPS];
    uint32_t features_required[XENFEAT_NR_SUBMAPS];
    unsigned int nr_notes; /* "Xen" notes seen */
    unsigned int nr_load;  /* loadable PT_LOAD segments */
    bool has_notes, has_legacy;
    bool unmapped_initrd; /* MOD_START_PFN */
    bool pae_yes;         /* PAE_MODE said yes (meaningless on x86_64) */
    char guest_os[32], guest_version[32], xen_version[32], loader[32];
    char features[256];
};

/*
 * Check an image (ELF64 LE x86_64 ET_EXEC, every header and segment inside
 * [image, image + size)), read its Xen notes (PT_NOTE segments, else
 * SHT_NOTE sections, else the __xen_guest string) and compute the layout:
 * VIRT_BASE <= kernel start, entry inside the kernel, the hypercall page
 * page-aligned inside it. 0, or -ENOEXEC / -EINVAL with a reason in err.
 */
int xc_elf_parse(const void *image, size_t size, struct xc_elf_info *info,
                 char *err, size_t errlen);

/* Writes len bytes of src (or zeroes when src is NULL) at guest-virtual
 * vaddr; 0 or a negative errno. */
typedef int (*xc_elf_write_fn)(void *ctx, uint64_t vaddr, const void *src,
                               size_t len);
/* Copy every loadable segment of a parsed image; each write lies inside
 * [virt_kstart, virt_kend). 0, a write error, or -EINVAL. */
int xc_elf_load(const void *image, size_t size, const struct xc_elf_info *info,
                xc_elf_write_fn write, void *ctx);

/* The pieces, for tests: a note area of len bytes (returns the number of
 * Xen notes or -EINVAL), a __xen_guest string, a FEATURES list. */
int xc_elf_parse_notes(const uint8_t *p, size_t len, struct xc_elf_info *info,
                       char *err, size_t errlen);
int xc_elf_parse_legacy(const char *s, size_t len, struct xc_elf_info *info,
                        char *err, size_t errlen);
int xc_elf_parse_features(const char *s, size_t len, uint32_t *supported,
                          uint32_t *required, char *err, size_t errlen);
void xc_elf_info_init(struct xc_elf_info *info);

/* ---- The start-of-day layout (layout.c): pure, host-tested. */

#define XC_PAGE_SIZE    4096ull
#define XC_BOOT_PADDING (512ull << 10) /* free after the last element */
#define XC_BOOT_ALIGN   (4ull << 20)   /* the region ends 4 MiB aligned */

/* Guest-virtual addresses of the bootstrap region, pfn 0 at v_start,
 * in Xen's order: kernel, ramdisk, p2m list, start_info, xenstore page,
 * console page, page tables, boot stack, padding. */
struct xc_layout {
    uint64_t v_start, v_end;
    uint64_t kern_start, kern_end;
    uint64_t ramdisk_start, ramdisk_len; /* 0 len: none */
    uint64_t p2m_start;
    uint64_t si_start, store_start, console_start;
    uint64_t pt_start, nr_pt_frames;
    uint64_t stack_start, stack_end;
};

static inline uint64_t xc_layout_pfn(const struct xc_layout *l, uint64_t va)
{
    return (va - l->v_start) / XC_PAGE_SIZE;
}

/* Page-table frames (L4..L1) mapping [v_start, v_end). */
uint64_t xc_pt_frames_needed(uint64_t v_start, uint64_t v_end);

/* Lay out a kernel with ramdisk_len bytes of ramdisk in a domain of
 * nr_pages. 0, or -EINVAL (bad addresses) / -ENOMEM (does not fit) with
 * a reason in err. */
int xc_layout_compute(const struct xc_elf_info *e, uint64_t ramdisk_len,
                      uint64_t nr_pages, struct xc_layout *l, char *err,
                      size_t errlen);

/* Write the bootstrap page tables into the frames at pt_start, mapping
 * [v_start, v_end) onto pfns 0.. (p2m gives their MFNs), page tables
 * read-only. frame(ctx, pfn) is the writable, zeroed frame of pfn.
 * Returns the L4's MFN. */
uint64_t xc_build_pagetables(const struct xc_layout *l, const xen_pfn_t *p2m,
                             uint64_t *(*frame)(void *ctx, uint64_t pfn),
                             void *ctx);

/* Fill a start_info (flags 0, a domU's). */
struct xc_start_info_args {
    uint64_t nr_pages, shared_info_maddr;
    xen_pfn_t store_mfn, console_mfn;
    evtchn_port_t store_port, console_port;
    const char *cmdline;
};
void xc_start_info_fill(struct start_info *si, const struct xc_layout *l,
                        const struct xc_start_info_args *a);

/* vCPU 0's initial context (Xen's vcpu_x86_64). */
void xc_vcpu_context_fill(struct vcpu_guest_context *c,
                          const struct xc_layout *l, uint64_t entry,
                          xen_pfn_t l4_mfn);

/* The syscall stubs Xen writes into a 64-bit PV hypercall page. */
void xc_hypercall_page_fill(uint8_t *page);

/* ---- The builder (build.c). */

struct xc_build_params {
    const char *name;
    const void *kernel;
    size_t kernel_size;
    const void *ramdisk; /* NULL: none */
    size_t ramdisk_size;
    const char *cmdline;
    uint64_t memory_mb, maxmem_mb;
    unsigned int max_vcpus;
    const uint8_t *handle; /* 16-byte UUID, may be NULL */
};

struct xc_build_result {
    domid_t domid;
    xen_pfn_t store_mfn, console_mfn;
    evtchn_port_t store_port, console_port; /* the domU's ports */
    uint64_t entry, v_start, v_end, nr_pages;
};

/*
 * Create a PV domain and build it from a kernel (Xen's start-of-day
 * contract). It is left paused; the caller sets up xenstore/console and
 * unpauses. On failure the half-built domain is destroyed and err says
 * why; returns 0 or a negative errno.
 */
int xc_pv_build(const struct xc_build_params *p, struct xc_build_result *r,
                char *err, size_t errlen);

#endif
