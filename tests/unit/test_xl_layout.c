/* SPDX-License-Identifier: BSD-2-Clause */
/* The PV start-of-day layout, bootstrap page tables, start_info, vCPU
 * context and hypercall page the dom0 builder computes. */
#include "harness.h"
#include <dom0/libxc.h>

#define VB 0xffffffff80000000ull

static char err[256];

static struct xc_elf_info elf(uint64_t vb, uint64_t ks, uint64_t ke)
{
    struct xc_elf_info e;
    xc_elf_info_init(&e);
    e.virt_base = vb;
    e.virt_kstart = ks;
    e.virt_kend = ke;
    e.virt_entry = ks;
    return e;
}

TEST(layout_linked_at_zero)
{
    struct xc_elf_info e = elf(0, 0, 0x8123);
    struct xc_layout l;
    /* 16 MiB, 4096 pages: p2m 32 KiB. */
    CHECK_EQ(xc_layout_compute(&e, 0, 4096, &l, err, sizeof(err)), 0);
    CHECK_EQ(l.v_start, 0);
    CHECK_EQ(l.kern_start, 0);
    CHECK_EQ(l.kern_end, 0x9000);
    CHECK_EQ(l.ramdisk_start, 0);
    CHECK_EQ(l.ramdisk_len, 0);
    CHECK_EQ(l.p2m_start, 0x9000);
    CHECK_EQ(l.si_start, 0x11000);
    CHECK_EQ(l.store_start, 0x12000);
    CHECK_EQ(l.console_start, 0x13000);
    CHECK_EQ(l.pt_start, 0x14000);
    CHECK_EQ(l.nr_pt_frames, 5); /* L4, L3, L2, two L1s for 4 MiB */
    CHECK_EQ(l.stack_start, 0x19000);
    CHECK_EQ(l.stack_end, 0x1a000);
    CHECK_EQ(l.v_end, 0x400000);
    CHECK_EQ(xc_layout_pfn(&l, l.si_start), 0x11);
}

TEST(layout_high_with_ramdisk)
{
    struct xc_elf_info e = elf(VB, VB + 0x1000000, VB + 0x1234567);
    struct xc_layout l;
    CHECK_EQ(xc_layout_compute(&e, 0x300001, 65536, &l, err, sizeof(err)), 0);
    CHECK_EQ(l.kern_end, VB + 0x1235000);
    CHECK_EQ(l.ramdisk_start, VB + 0x1235000);
    CHECK_EQ(l.ramdisk_len, 0x300001);
    CHECK_EQ(l.p2m_start, VB + 0x1536000);
    CHECK_EQ(l.si_start, VB + 0x1536000 + 0x80000);
    CHECK_EQ(l.pt_start, l.si_start + 0x3000);
    /* Stack ends at VB+0x15ca000, + 512 KiB, up to 4 MiB: 24 MiB mapped
     * by L4, L3, L2 and 12 L1s. */
    CHECK_EQ(l.v_end, VB + 0x1800000);
    CHECK_EQ(l.nr_pt_frames, 3 + 12);
    CHECK_EQ(l.stack_start, l.pt_start + 15 * 4096);
    CHECK(l.v_end - l.stack_end >= XC_BOOT_PADDING);
    CHECK_EQ(xc_pt_frames_needed(l.v_start, l.v_end), l.nr_pt_frames);
}

TEST(layout_padding_pushes_to_next_4mib)
{
    /* The stack ends 252 KiB before 4 MiB: the padding needs more, and
     * 8 MiB needs two more L1s (7 frames). */
    struct xc_elf_info e = elf(0, 0, 0x3b0000);
    struct xc_layout l;
    CHECK_EQ(xc_layout_compute(&e, 0, 4096, &l, err, sizeof(err)), 0);
    CHECK_EQ(l.v_end, 0x800000);
    CHECK_EQ(l.nr_pt_frames, 7);
    CHECK_EQ(l.stack_end, 0x3c3000);
}

TEST(layout_errors)
{
    struct xc_elf_info e = elf(0, 0, 0x8000);
    struct xc_layout l;
    CHECK_EQ(xc_layout_compute(&e, 0, 1023, &l, err, sizeof(err)), -XC_ENOMEM);
    CHECK_STR(err, "the boot image needs 4096 KiB but the domain has only "
                   "4092 KiB of memory");
    CHECK_EQ(xc_layout_compute(&e, 0, 1024, &l, err, sizeof(err)), 0);
    e = elf(0x1000800, 0x1000800, 0x1001000);
    CHECK_EQ(xc_layout_compute(&e, 0, 4096, &l, err, sizeof(err)), -XC_EINVAL);
    CHECK(strstr(err, "not page-aligned") != NULL);
    /* Into the hypervisor's hole, or past the canonical low half. */
    e = elf(0xffff800000000000ull, 0xffff800000000000ull,
            0xffff800000001000ull);
    CHECK_EQ(xc_layout_compute(&e, 0, 4096, &l, err, sizeof(err)), -XC_EINVAL);
    CHECK(strstr(err, "does not fit") != NULL);
    e = elf(0x7fffffc00000ull, 0x7fffffc00000ull, 0x7fffffc01000ull);
    CHECK_EQ(xc_layout_compute(&e, 0, 4096, &l, err, sizeof(err)), 0);
    CHECK_EQ(l.v_end, 0x800000000000ull); /* exactly the end: fine */
    e = elf(0x7fffffc00000ull, 0x7fffffc00000ull, 0x7fffffff0000ull);
    CHECK_EQ(xc_layout_compute(&e, 0, 4096, &l, err, sizeof(err)), -XC_EINVAL);
    /* The top of the address space: must not wrap. */
    e = elf(0xfffffffffff00000ull, 0xfffffffffff00000ull,
            0xfffffffffff01000ull);
    CHECK_EQ(xc_layout_compute(&e, 0, 4096, &l, err, sizeof(err)), -XC_EINVAL);
    e = elf(VB, VB, VB + 0x1000);
    CHECK_EQ(xc_layout_compute(&e, 1ull << 41, 4096, &l, err, sizeof(err)),
             -XC_EINVAL);
    CHECK_EQ(xc_layout_compute(&e, 0, 1ull << 41, &l, err, sizeof(err)),
             -XC_EINVAL);
}

/* Fake machine: pfn p is frame mem[p], MFN 0x1000 + 3 * p (not 1:1). */
static uint64_t mem[2048][512];
static xen_pfn_t p2m[2048];

static uint64_t *frame(void *ctx, uint64_t pfn)
{
    (void)ctx;
    return pfn < 2048 ? mem[pfn] : NULL;
}

static uint64_t *by_mfn(uint64_t maddr)
{
    uint64_t mfn = (maddr & 0x000ffffffffff000ull) >> 12;
    if (mfn < 0x1000 || (mfn - 0x1000) % 3 || (mfn - 0x1000) / 3 >= 2048)
        return NULL;
    return mem[(mfn - 0x1000) / 3];
}

/* Walk the tables like the MMU; returns the L1 entry or 0. */
static uint64_t walk(uint64_t l4_mfn, uint64_t va)
{
    uint64_t *t = by_mfn(l4_mfn << 12), e = 0;
    for (int shift = 39; shift >= 12 && t; shift -= 9) {
        e = t[(va >> shift) & 511];
        if (!(e & 1))
            return 0;
        if (shift > 12)
            t = by_mfn(e);
    }
    return e;
}

static void pt_case(uint64_t vb, uint64_t ks, uint64_t ke)
{
    struct xc_elf_info e = elf(vb, ks, ke);
    struct xc_layout l;
    uint64_t l4, pte;

    memset(mem, 0, sizeof(mem));
    for (unsigned int i = 0; i < 2048; i++)
        p2m[i] = 0x1000 + 3 * i;
    CHECK_EQ(xc_layout_compute(&e, 0x2000, 2048, &l, err, sizeof(err)), 0);
    l4 = xc_build_pagetables(&l, p2m, frame, NULL);
    CHECK_EQ(l4, p2m[xc_layout_pfn(&l, l.pt_start)]);
    for (uint64_t va = l.v_start; va < l.v_end; va += 4096) {
        bool is_pt =
            va >= l.pt_start && va < l.pt_start + l.nr_pt_frames * 4096;
        pte = walk(l4, va);
        CHECK_EQ(pte >> 12, p2m[xc_layout_pfn(&l, va)]);
        CHECK_EQ(pte & 0xfff, is_pt ? 0x65 : 0x67);
        if ((pte >> 12) != p2m[xc_layout_pfn(&l, va)])
            break;
    }
    CHECK_EQ(walk(l4, l.v_end), 0);
    if (l.v_start)
        CHECK_EQ(walk(l4, l.v_start - 4096), 0);
    /* Upper levels are writable, user, present, accessed. */
    CHECK_EQ(by_mfn(l4 << 12)[(l.v_start >> 39) & 511] & 0xfff, 0x27);
}

TEST(pagetables_map_region_read_only_tables)
{
    pt_case(0, 0, 0x5000);
    pt_case(VB, VB + 0x100000, VB + 0x180000);
    /* A region crossing a 1 GiB and a 512 GiB boundary. */
    pt_case(0x7fffc00000ull, 0x7fffc00000ull, 0x7fffc01000ull);
}

TEST(start_info_fields)
{
    struct xc_elf_info e = elf(VB, VB, VB + 0x4000);
    struct xc_layout l;
    struct start_info si;
    char longline[2000];
    struct xc_start_info_args a = {.nr_pages = 4096,
                                   .shared_info_maddr = 0x12345000,
                                   .store_mfn = 0x777,
                                   .console_mfn = 0x778,
                                   .store_port = 3,
                                   .console_port = 4,
                                   .cmdline = "console=hvc0"};
    CHECK_EQ(xc_layout_compute(&e, 100, 4096, &l, err, sizeof(err)), 0);
    memset(&si, 0xaa, sizeof(si));
    xc_start_info_fill(&si, &l, &a);
    CHECK_STR(si.magic, "xen-3.0-x86_64");
    CHECK_EQ(si.nr_pages, 4096);
    CHECK_EQ(si.shared_info, 0x12345000);
    CHECK_EQ(si.flags, 0);
    CHECK_EQ(si.store_mfn, 0x777);
    CHECK_EQ(si.store_evtchn, 3);
    CHECK_EQ(si.console.domU.mfn, 0x778);
    CHECK_EQ(si.console.domU.evtchn, 4);
    CHECK_EQ(si.pt_base, l.pt_start);
    CHECK_EQ(si.nr_pt_frames, l.nr_pt_frames);
    CHECK_EQ(si.mfn_list, l.p2m_start);
    CHECK_EQ(si.mod_start, VB + 0x4000);
    CHECK_EQ(si.mod_len, 100);
    CHECK_STR((char *)si.cmd_line, "console=hvc0");
    CHECK_EQ(si.first_p2m_pfn, 0);
    memset(longline, 'x', sizeof(longline) - 1);
    longline[sizeof(longline) - 1] = '\0';
    a.cmdline = longline;
    xc_start_info_fill(&si, &l, &a);
    CHECK_EQ(strlen((char *)si.cmd_line), 1023);
}

TEST(vcpu_context_fields)
{
    struct xc_elf_info e = elf(0, 0, 0x4000);
    struct xc_layout l;
    static struct vcpu_guest_context c;
    CHECK_EQ(xc_layout_compute(&e, 0, 4096, &l, err, sizeof(err)), 0);
    xc_vcpu_context_fill(&c, &l, 0x1234, 0x5678);
    CHECK_EQ(c.flags, VGCF_in_kernel | VGCF_online);
    CHECK_EQ(c.user_regs.rip, 0x1234);
    CHECK_EQ(c.user_regs.rsp, l.stack_end);
    CHECK_EQ(c.user_regs.rsi, l.si_start);
    CHECK_EQ(c.user_regs.cs, 0xe033);
    CHECK_EQ(c.user_regs.ss, 0xe02b);
    CHECK_EQ(c.user_regs.rflags, 0x200);
    CHECK_EQ(c.kernel_ss, 0xe02b);
    CHECK_EQ(c.ctrlreg[3], 0x5678000);
    CHECK_EQ(c.event_callback_eip, 0);
    CHECK_EQ(c.failsafe_callback_eip, 0);
}

TEST(hypercall_page_stubs)
{
    static uint8_t page[4096];
    static const uint8_t stub1[] = {0x51, 0x41, 0x53, 0xb8, 1,    0,    0,
                                    0,    0x0f, 0x05, 0x41, 0x5b, 0x59, 0xc3};
    static const uint8_t iret[] = {0x51, 0x41, 0x53, 0x50, 0xb8, 23,
                                   0,    0,    0,    0x0f, 0x05};
    xc_hypercall_page_fill(page);
    CHECK(!memcmp(page + 32, stub1, sizeof(stub1)));
    CHECK_EQ(page + 32 + sizeof(stub1) < page + 64, 1);
    CHECK_EQ(page[32 + sizeof(stub1)], 0xcc);
    CHECK(!memcmp(page + 23 * 32, iret, sizeof(iret)));
    CHECK_EQ(page[23 * 32 + sizeof(iret)], 0xcc);
    CHECK_EQ(page[127 * 32 + 4], 127);
}
