/* SPDX-License-Identifier: BSD-2-Clause */
/* The PV hypercall page: dom0's at build time, a domU's by domctl. */
#include <basalt/lib.h>
#include <basalt/domain.h>
#include <basalt/errno.h>
#include <basalt/mm.h>
#include <asm/page.h>
#include <asm/pv_mm.h>
#include <public/domctl.h>

/* 32-byte stubs: push %rcx; push %r11; mov $nr, %eax; syscall; pop %r11;
 * pop %rcx; ret. iret (23) never returns, so no pops. */
void pv_hypercall_page_fill(uint8_t *page)
{
    memset(page, 0xcc, PAGE_SIZE);
    for (unsigned int nr = 0; nr < PAGE_SIZE / 32; nr++) {
        uint8_t *p = page + nr * 32;
        static const uint8_t head[] = {0x51, 0x41, 0x53};
        memcpy(p, head, 3);
        p += 3;
        if (nr == __HYPERVISOR_iret)
            *p++ = 0x50; /* push %rax */
        *p++ = 0xb8;     /* mov $nr, %eax */
        memcpy(p, &nr, 4);
        p += 4;
        *p++ = 0x0f;
        *p++ = 0x05; /* syscall */
        if (nr != __HYPERVISOR_iret) {
            static const uint8_t tail[] = {0x41, 0x5b, 0x59, 0xc3};
            memcpy(p, tail, 4);
        }
    }
}

/* XEN_DOMCTL_hypercall_init: fill the page at machine frame gmfn (a PV
 * domain's gfn is its mfn), which must be d's and may be typed writable
 * (not a page table or descriptor page): -EINVAL otherwise, as Xen. */
long pv_hypercall_page_init(struct domain *d, uint64_t gmfn)
{
    struct page_info *pg;
    if (gmfn >= max_pfn)
        return -EINVAL;
    pg = pfn_to_page(gmfn);
    if (page_get(pg, d->domain_id))
        return -EINVAL;
    if (page_get_type(pg, PGT_writable_page)) {
        page_put(pg);
        return -EINVAL;
    }
    pv_hypercall_page_fill(__va(gmfn << PAGE_SHIFT));
    page_put_type(pg);
    page_put(pg);
    return 0;
}
