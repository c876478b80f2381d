/* SPDX-License-Identifier: BSD-2-Clause */
/* Private to the PV builder: the state of one build. */
#ifndef LIBXC_BUILD_H
#define LIBXC_BUILD_H

#include <dom0/libxc.h>

struct xc_build {
    const struct xc_build_params *p;
    struct xc_build_result *r;
    struct xc_elf_info elf;
    struct xc_layout l;
    uint64_t nr_pages, region_pages;
    xen_pfn_t *p2m;  /* pfn -> mfn of every frame */
    uint8_t *region; /* dom0's mapping of [v_start, v_end) */
    uint64_t shared_info_frame;
    xen_pfn_t l4_mfn;
    bool created, failed;
    char *err;
    size_t errlen;
};

/* Write the first failure into err (": strerror" appended when rc != 0);
 * returns rc, or -XC_EINVAL for rc 0. */
int xc_build_fail(struct xc_build *b, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Map the bootstrap region, load kernel and ramdisk, write the p2m list,
 * start_info, page tables and hypercall page, and unmap (build_image.c). */
int xc_build_image(struct xc_build *b);

#endif
