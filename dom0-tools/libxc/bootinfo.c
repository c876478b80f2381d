/* SPDX-License-Identifier: BSD-2-Clause */
/* What a PV domU finds at start of day: start_info, vCPU 0's registers,
 * the hypercall page's stubs (as Xen fills them for a 64-bit guest). */
#include <string.h>
#include <dom0/libxc.h>

void xc_start_info_fill(struct start_info *si, const struct xc_layout *l,
                        const struct xc_start_info_args *a)
{
    size_t n = a->cmdline ? strnlen(a->cmdline, MAX_GUEST_CMDLINE - 1) : 0;

    memset(si, 0, sizeof(*si));
    memcpy(si->magic, XEN_START_INFO_MAGIC, sizeof(XEN_START_INFO_MAGIC));
    si->nr_pages = a->nr_pages;
    si->shared_info = a->shared_info_maddr;
    si->flags = 0; /* an unprivileged domU */
    si->store_mfn = a->store_mfn;
    si->store_evtchn = a->store_port;
    si->console.domU.mfn = a->console_mfn;
    si->console.domU.evtchn = a->console_port;
    si->pt_base = l->pt_start;
    si->nr_pt_frames = l->nr_pt_frames;
    si->mfn_list = l->p2m_start;
    si->mod_start = l->ramdisk_start; /* virtual: no SIF_MOD_START_PFN */
    si->mod_len = l->ramdisk_len;
    memcpy(si->cmd_line, a->cmdline ? a->cmdline : "", n);
}

/* Xen's vcpu_x86_64: kernel mode, flat selectors, events masked until the
 * guest registers its callbacks, RSI = start_info, stack at the top of the
 * boot stack page, CR3 = the pinned L4. */
void xc_vcpu_context_fill(struct vcpu_guest_context *c,
                          const struct xc_layout *l, uint64_t entry,
                          xen_pfn_t l4_mfn)
{
    memset(c, 0, sizeof(*c));
    c->flags = VGCF_in_kernel | VGCF_online;
    c->user_regs.rip = entry;
    c->user_regs.rsp = l->stack_end;
    c->user_regs.rsi = l->si_start;
    c->user_regs.rflags = 1 << 9; /* IF */
    c->user_regs.cs = FLAT_KERNEL_CS;
    c->user_regs.ss = FLAT_KERNEL_SS;
    c->user_regs.ds = FLAT_KERNEL_DS;
    c->user_regs.es = FLAT_KERNEL_DS;
    c->user_regs.fs = FLAT_KERNEL_DS;
    c->user_regs.gs = FLAT_KERNEL_DS;
    c->kernel_ss = FLAT_KERNEL_SS;
    c->kernel_sp = l->stack_end;
    c->ctrlreg[3] = xen_pfn_to_cr3(l4_mfn);
    c->event_callback_eip = 0;
    c->failsafe_callback_eip = 0;
}

/* 32-byte stubs: push %rcx; push %r11; mov $nr, %eax; syscall; pop %r11;
 * pop %rcx; ret. iret never returns, and pushes %rax first. */
void xc_hypercall_page_fill(uint8_t *page)
{
    static const uint8_t head[] = {0x51, 0x41, 0x53};
    static const uint8_t tail[] = {0x41, 0x5b, 0x59, 0xc3};

    memset(page, 0xcc, XC_PAGE_SIZE);
    for (uint32_t nr = 0; nr < XC_PAGE_SIZE / 32; nr++) {
        uint8_t *p = page + nr * 32;
        memcpy(p, head, sizeof(head));
        p += sizeof(head);
        if (nr == __HYPERVISOR_iret)
            *p++ = 0x50; /* push %rax */
        *p++ = 0xb8;     /* mov $nr, %eax */
        memcpy(p, &nr, 4);
        p += 4;
        *p++ = 0x0f;
        *p++ = 0x05; /* syscall */
        if (nr != __HYPERVISOR_iret)
            memcpy(p, tail, sizeof(tail));
    }
}
