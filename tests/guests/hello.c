/* SPDX-License-Identifier: BSD-2-Clause */
/* First PV test kernel: what the initial domain is handed at start of day. */
#include "hypercall.h"
#include "test.h"

#define PTE_PRESENT  0x1UL
#define PTE_RW       0x2UL
#define PTE_USER     0x4UL
#define PTE_PSE      0x80UL
#define PTE_MFN_MASK 0x000ffffffffff000UL

/* The read-only machine-to-phys table every 64-bit PV guest sees. */
#define M2P ((const volatile unsigned long *)__MACH2PHYS_VIRT_START)

/* Must still be zero at entry: the loader clears p_memsz beyond p_filesz. */
static unsigned char hello_bss_probe[4096];

static int page_aligned(unsigned long v)
{
    return (v & (GUEST_PAGE_SIZE - 1)) == 0;
}

static void hello_print_start_info(const struct start_info *si)
{
    printf("info: start_info at %p magic \"%.32s\"\n", (const void *)si,
           si->magic);
    printf("info: nr_pages %lu shared_info %#lx flags %#x\n", si->nr_pages,
           si->shared_info, si->flags);
    printf("info: store_mfn %#lx store_evtchn %u console.dom0 off %u size %u\n",
           si->store_mfn, si->store_evtchn, si->console.dom0.info_off,
           si->console.dom0.info_size);
    printf("info: pt_base %#lx nr_pt_frames %lu mfn_list %#lx\n", si->pt_base,
           si->nr_pt_frames, si->mfn_list);
    printf("info: mod_start %#lx mod_len %lu first_p2m_pfn %#lx "
           "nr_p2m_frames %lu\n",
           si->mod_start, si->mod_len, si->first_p2m_pfn, si->nr_p2m_frames);
    printf("info: cmd_line \"%.*s\"\n", MAX_GUEST_CMDLINE,
           (const char *)si->cmd_line);
    printf("info: entry rsp %#lx rsi %#lx rflags %#lx\n", guest_entry.rsp,
           guest_entry.rsi, guest_entry.rflags);
    printf("info: entry cs %#x ss %#x ds %#x es %#x fs %#x gs %#x\n",
           guest_entry.cs, guest_entry.ss, guest_entry.ds, guest_entry.es,
           guest_entry.fs, guest_entry.gs);
    printf("info: image %p-%p\n", (void *)_image_start, (void *)_image_end);
}

/* Where dom0's boot console description sits, if Xen gave one. */
static void hello_print_console(const struct start_info *si)
{
    const struct dom0_vga_console_info *ci;

    if (!si->console.dom0.info_off || !si->console.dom0.info_size)
        return;
    ci = (const void *)((const char *)si + si->console.dom0.info_off);
    printf("info: dom0 console video_type %#x", ci->video_type);
    if (ci->video_type == XEN_VGATYPE_TEXT_MODE_3)
        printf(" text %ux%u font %u cursor %u,%u", ci->u.text_mode_3.columns,
               ci->u.text_mode_3.rows, ci->u.text_mode_3.font_height,
               ci->u.text_mode_3.cursor_x, ci->u.text_mode_3.cursor_y);
    printf("\n");
}

static void hello_check_start_info(const struct start_info *si)
{
    const unsigned long si_va = (unsigned long)si;

    CHECK("start_info.magic", strncmp(si->magic, XEN_START_INFO_MAGIC,
                                      strlen(XEN_START_INFO_MAGIC)) == 0);
    CHECK_EQ("start_info in rsi", si_va, guest_entry.rsi);
    CHECK("start_info page-aligned", page_aligned(si_va));
    CHECK("start_info.nr_pages", si->nr_pages > 0);
    CHECK("start_info.shared_info",
          si->shared_info != 0 && page_aligned(si->shared_info));
    CHECK_EQ("start_info.flags initdomain+privileged",
             si->flags & (SIF_INITDOMAIN | SIF_PRIVILEGED),
             SIF_INITDOMAIN | SIF_PRIVILEGED);
    CHECK("start_info.cmd_line terminated",
          strnlen((const char *)si->cmd_line, MAX_GUEST_CMDLINE) <
              MAX_GUEST_CMDLINE);
    CHECK_EQ("start_info.mod_len (no initrd)", si->mod_len, 0);
}

/* The order of the bootstrap region (public/xen.h, "Start-of-day"). */
static void hello_check_layout(const struct start_info *si)
{
    unsigned long pt_end = si->pt_base + si->nr_pt_frames * GUEST_PAGE_SIZE;

    CHECK("mfn_list after image",
          si->mfn_list >= (unsigned long)_image_end && si->mfn_list % 8 == 0);
    CHECK("start_info after mfn_list",
          (unsigned long)si >= si->mfn_list + si->nr_pages * 8);
    CHECK("pt_base after start_info",
          si->pt_base > (unsigned long)si && page_aligned(si->pt_base));
    CHECK("nr_pt_frames sane",
          si->nr_pt_frames >= 4 && si->nr_pt_frames <= 512);
    CHECK_EQ("entry rsp = one stack page past the page tables", guest_entry.rsp,
             pt_end + GUEST_PAGE_SIZE);
    CHECK_EQ("entry cs", guest_entry.cs, FLAT_KERNEL_CS);
    CHECK_EQ("entry ss", guest_entry.ss, FLAT_KERNEL_SS);
    CHECK_EQ("entry ds", guest_entry.ds, FLAT_KERNEL_DS);
    CHECK("entry rflags.IF", (guest_entry.rflags & 0x200) != 0);
    CHECK_EQ("entry rflags.IOPL", (guest_entry.rflags >> 12) & 3, 0);
}

/* A machine frame of the bootstrap region to its VA there (0 if outside). */
static const unsigned long *hello_mfn_va(unsigned long pte)
{
    const struct start_info *si = guest_start_info;
    unsigned long pfn = M2P[(pte & PTE_MFN_MASK) >> 12];
    unsigned long limit = (guest_entry.rsp - (unsigned long)_image_start) >> 12;

    if (pfn >= si->nr_pages || pfn >= limit)
        return NULL;
    return (const unsigned long *)(_image_start + pfn * GUEST_PAGE_SIZE);
}

/* Walk the bootstrap page tables (readable, not writable) for va. */
static unsigned long hello_walk(unsigned long va)
{
    const unsigned long *table =
        (const unsigned long *)guest_start_info->pt_base;
    unsigned long pte = 0;

    for (int shift = 39; shift >= 12; shift -= 9) {
        pte = table[(va >> shift) & 511];
        if (!(pte & PTE_PRESENT) || (shift == 21 && (pte & PTE_PSE)))
            return pte;
        if (shift > 12 && !(table = hello_mfn_va(pte)))
            return 0;
    }
    return pte;
}

static void hello_check_page_tables(const struct start_info *si)
{
    unsigned long text = (unsigned long)_image_start;
    unsigned long pte_text = hello_walk(text);
    unsigned long pte_pt = hello_walk(si->pt_base);
    unsigned long pte_si = hello_walk((unsigned long)si);

    printf("info: pte image %#lx start_info %#lx pt_base %#lx\n", pte_text,
           pte_si, pte_pt);
    printf("info: l4[256] %#lx l4[511] %#lx\n",
           ((const unsigned long *)si->pt_base)[256],
           ((const unsigned long *)si->pt_base)[511]);
    CHECK("pte image present", (pte_text & PTE_PRESENT) != 0);
    CHECK_EQ("pte image mfn = mfn_list[0]", (pte_text & PTE_MFN_MASK) >> 12,
             ((const unsigned long *)si->mfn_list)[0]);
    CHECK("pte pt_base read-only",
          (pte_pt & PTE_PRESENT) && !(pte_pt & PTE_RW));
    CHECK("pte start_info writable",
          (pte_si & PTE_PRESENT) && (pte_si & PTE_RW));
}

static void hello_check_p2m(const struct start_info *si)
{
    const unsigned long *p2m = (const unsigned long *)si->mfn_list;
    unsigned long last = si->nr_pages - 1;

    printf("info: p2m[0] %#lx p2m[%lu] %#lx\n", p2m[0], last, p2m[last]);
    CHECK_EQ("m2p[p2m[0]] = 0", M2P[p2m[0]], 0);
    CHECK_EQ("m2p[p2m[last]] = last", M2P[p2m[last]], last);
}

static void hello_check_memory(void)
{
    /* Touch the last byte of the promised 512 KiB of padding. */
    volatile const char *pad = (const char *)guest_entry.rsp;
    unsigned long nonzero = 0;

    (void)pad[512 * 1024 - 1];
    test_pass("512 KiB mapped after the stack");
    for (unsigned long i = 0; i < sizeof(hello_bss_probe); i++)
        nonzero |= hello_bss_probe[i];
    CHECK_EQ(".bss zeroed by the loader", nonzero, 0);
}

int guest_main(struct start_info *si)
{
    long ver;

    printf("Hello from a PV guest\n");
    hello_print_start_info(si);
    hello_print_console(si);
    hello_check_start_info(si);
    hello_check_layout(si);
    hello_check_p2m(si);
    hello_check_page_tables(si);
    hello_check_memory();

    ver = HYPERVISOR_xen_version(XENVER_version, NULL);
    printf("info: xen_version %ld.%ld\n", ver >> 16, ver & 0xffff);
    CHECK("xen_version major >= 3", (ver >> 16) >= 3);
    return test_summary();
}
