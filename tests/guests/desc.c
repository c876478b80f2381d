/* SPDX-License-Identifier: BSD-2-Clause */
/* PV test kernel: set_gdt and update_descriptor, positive and hostile, and
 * guest selectors from the new GDT loaded into %ds, %es and %fs; the LDT
 * through MMUEXT_SET_LDT where update_va_mapping and SET_LDT exist. */
#include "desc_util.h"
#include "memory_util.h"
#include "test.h"

#define DATA_DPL3   0x00cff2000000ffffUL /* flat data, not yet accessed */
#define DATA_DPL0   0x00cf92000000ffffUL
#define CODE64_DPL0 0x00af9a000000ffffUL
#define TSS64       0x0000890000000067UL
#define INT_GATE3   0x0000ee00e0080000UL /* DPL 3 interrupt gate */
#define SEL(i)      ((unsigned long)(i) << 3 | 3)
#define AR_MASK     0x00f0ff00UL /* what LAR reports of the high dword */

static unsigned long watched[4] = {0x1111, 0x2222, 0x3333, 0x4444};

/* Data descriptor, DPL 3, with a base (for %fs reads). */
static unsigned long data_based(unsigned long base)
{
    return DATA_DPL3 | (base & 0xffffff) << 16 | (base >> 24) << 56;
}

static unsigned long maddr(unsigned long mfn, unsigned int idx)
{
    return mfn << 12 | idx * 8;
}

/* LAR: the descriptor's access rights, or ~0 when it is not readable at
 * CPL 3 (absent, null, DPL 0, system type). */
static unsigned long lar(unsigned long sel)
{
    unsigned long ar = 0;
    unsigned char ok;

    __asm__ volatile("lar %2, %0; setz %1" : "=r"(ar), "=q"(ok) : "r"(sel));
    return ok ? ar & AR_MASK : ~0UL;
}

/* Load sel into %ds and %es, read *p through them, restore both. */
static unsigned long read_via_ds_es(unsigned long sel, const unsigned long *p,
                                    unsigned long *seen)
{
    unsigned long v, w, ods, oes;

    __asm__ volatile("mov %%ds, %2\n mov %%es, %3\n"
                     "mov %5, %%ds\n mov %5, %%es\n"
                     "mov (%6), %0\n mov %%es:(%6), %1\n mov %%ds, %4\n"
                     "mov %2, %%ds\n mov %3, %%es"
                     : "=&r"(v), "=&r"(w), "=&r"(ods), "=&r"(oes), "=&r"(*seen)
                     : "r"(sel), "r"(p)
                     : "memory");
    return v == w ? v : ~0UL;
}

/* Load sel into %fs and read fs:off (the descriptor's base + off). */
static unsigned long read_via_fs(unsigned long sel, unsigned long off)
{
    unsigned long v, ofs;

    __asm__ volatile("mov %%fs, %1\n mov %2, %%fs\n mov %%fs:(%3), %0\n"
                     "mov %1, %%fs"
                     : "=&r"(v), "=&r"(ofs)
                     : "r"(sel), "r"(off)
                     : "memory");
    return v;
}

/* Load sel into %ds expecting a fault; returns the #GP error code seen or
 * ~0 if %ds loaded. The handler resumes after the load. */
static unsigned long load_ds_faults(unsigned long sel)
{
    unsigned long before = desc_trap_count[13], ods;

    __asm__ volatile("mov %%ds, %0\n"
                     "lea 1f(%%rip), %%rax\n mov %%rax, desc_resume(%%rip)\n"
                     "mov %1, %%ds\n"
                     "1: mov %0, %%ds\n movq $0, desc_resume(%%rip)"
                     : "=&r"(ods)
                     : "r"(sel)
                     : "rax", "memory");
    return desc_trap_count[13] == before + 1 ? desc_trap_err[13] : ~0UL;
}

static void desc_fill(unsigned long mfn, unsigned long val)
{
    long bad = 0;
    for (unsigned int i = 0; i < 512; i++)
        bad |= desc_update(maddr(mfn, i), val);
    CHECK_EQ("update_descriptor clears a whole frame", bad, 0);
}

static void desc_update_checks(unsigned long f1, unsigned long l4_mfn)
{
    unsigned long data_mfn = memu_p2m()[memu_va_pfn(watched)];
    unsigned int idx = ((unsigned long)&watched[1] & 0xfff) / 8;

    CHECK_EQ("update_descriptor DPL-3 data",
             desc_update(maddr(f1, 1), DATA_DPL3), 0);
    CHECK_EQ("update_descriptor DPL-0 code (raised to 3)",
             desc_update(maddr(f1, 2), CODE64_DPL0), 0);
    CHECK_EQ("update_descriptor based data",
             desc_update(maddr(f1, 3), data_based(0x1000)), 0);
    CHECK_EQ("update_descriptor misaligned",
             desc_update(maddr(f1, 4) + 4, DATA_DPL3), -22);
    CHECK_EQ("update_descriptor TSS", desc_update(maddr(f1, 4), TSS64), -22);
    CHECK_EQ("update_descriptor interrupt gate",
             desc_update(maddr(f1, 4), INT_GATE3), -22);
    CHECK_EQ("update_descriptor frame 0", desc_update(maddr(0, 1), DATA_DPL3),
             -22);
    CHECK_EQ("update_descriptor beyond RAM",
             desc_update(0xfffffffffffff000UL, DATA_DPL3), -22);
    CHECK_EQ("update_descriptor page table (L4)",
             desc_update(maddr(l4_mfn, 1), DATA_DPL3), -22);
    /* A writable frame takes a writable reference for the moment: the
     * write lands, DPL raised, visible through our own mapping. */
    CHECK_EQ("update_descriptor writable frame",
             desc_update(maddr(data_mfn, idx), DATA_DPL0), 0);
    CHECK_EQ("update_descriptor wrote it (DPL 3)", watched[1], DATA_DPL3);
    watched[1] = 0x2222;
}

static void desc_gdt_hostile(unsigned long f1, unsigned long l4_mfn)
{
    unsigned long frames[2] = {f1, f1};
    unsigned long data_mfn[1] = {memu_p2m()[memu_va_pfn(watched)]};
    unsigned long bad[1] = {0}, huge[1] = {1UL << 40}, l4[1] = {l4_mfn};

    CHECK_EQ("set_gdt too many entries", desc_set_gdt(frames, 14 * 512 + 1),
             -22);
    CHECK_EQ("set_gdt bad frame list", desc_set_gdt((void *)0x1000, 1), -14);
    CHECK_EQ("set_gdt hypervisor frame list",
             desc_set_gdt((void *)0xffff830000000000UL, 1), -14);
    CHECK_EQ("set_gdt frame 0", desc_set_gdt(bad, 1), -22);
    CHECK_EQ("set_gdt frame beyond RAM", desc_set_gdt(huge, 1), -22);
    CHECK_EQ("set_gdt frame mapped writable", desc_set_gdt(data_mfn, 1), -22);
    CHECK_EQ("set_gdt page-table frame", desc_set_gdt(l4, 1), -22);
}

static void desc_gdt_use(unsigned long f1)
{
    unsigned long seen = 0;

    CHECK_EQ("lar data (DPL 3)", lar(SEL(1)), 0x00c0f200);
    CHECK_EQ("lar code (DPL raised to 3)", lar(SEL(2)), 0x00a0fa00);
    CHECK_EQ("%ds/%es from our GDT read memory",
             read_via_ds_es(SEL(1), &watched[2], &seen), 0x3333);
    CHECK_EQ("%ds holds our selector", seen, SEL(1));
    CHECK_EQ("CPU set the accessed bit", lar(SEL(1)), 0x00c0f300);
    CHECK_EQ("%fs base from our GDT",
             read_via_fs(SEL(3), (unsigned long)&watched[3] - 0x1000), 0x4444);
    /* update_descriptor on the live GDT frame is seen at once. */
    CHECK_EQ("update_descriptor live GDT",
             desc_update(maddr(f1, 3), data_based(0x2000)), 0);
    CHECK_EQ("%fs new base",
             read_via_fs(SEL(3), (unsigned long)&watched[0] - 0x2000), 0x1111);
    CHECK_EQ("past our frame: #GP(sel)", load_ds_faults(SEL(512)), 512 * 8);
    CHECK_EQ("hypervisor DS refused: #GP(sel)", load_ds_faults(0xe013), 0xe010);
    CHECK_EQ("flat ring-3 DS still loads",
             read_via_ds_es(0xe02b, &watched[2], &seen), 0x3333);
}

static void desc_gdt_checks(unsigned long f1, unsigned long l4_mfn)
{
    unsigned long frames[1] = {f1};

    desc_gdt_hostile(f1, l4_mfn);
    CHECK_EQ("set_gdt one frame", desc_set_gdt(frames, 512), 0);
    desc_gdt_use(f1);
    /* The frame is a descriptor page now: never a page table, and set_gdt
     * may take it again (the old references go). */
    CHECK_EQ("set_gdt same frame again", desc_set_gdt(frames, 4), 0);
    CHECK_EQ("lar after re-set", lar(SEL(1)), 0x00c0f300);
    /* Xen's entries argument is an unsigned int. */
    CHECK_EQ("set_gdt entries high bits ignored",
             desc_set_gdt(frames, 1UL << 32 | 4), 0);
    CHECK_EQ("set_gdt empty, bad list unread", desc_set_gdt((void *)1, 0), 0);
    CHECK_EQ("GDT gone: #GP(sel)", load_ds_faults(SEL(1)), 8);
    CHECK_EQ("lar after teardown", lar(SEL(1)), ~0UL);
}

/* The LDT: a page of ours made read-only, then MMUEXT_SET_LDT. */
static void desc_ldt_checks(void)
{
    unsigned long *page = memu_scratch_page(3), seen = 0;
    unsigned long mfn = memu_p2m()[memu_va_pfn(page)];
    struct mmuext_op op = {.cmd = MMUEXT_SET_LDT};
    long rc;

    memset(page, 0, GUEST_PAGE_SIZE);
    page[0] = DATA_DPL0; /* raised to DPL 3 when the page is validated */
    page[1] = data_based(0x3000);
    rc = memu_update_va_mapping(page, memu_rw_pte(mfn) & ~MEMU_PTE_RW,
                                UVMF_INVLPG);
    op.arg1.linear_addr = (unsigned long)page;
    op.arg2.nr_ents = 2;
    if (rc == -38 ||
        (rc == 0 && HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF) == -38)) {
        printf("info: LDT checks skipped: update_va_mapping or SET_LDT "
               "missing\n");
        return;
    }
    CHECK_EQ("LDT page read-only", rc, 0);
    CHECK_EQ("LDT data (DPL raised to 3)", lar(4 | 3), 0x00c0f200);
    CHECK_EQ("%ds from our LDT", read_via_ds_es(4 | 3, &watched[2], &seen),
             0x3333);
    CHECK_EQ("%fs base from our LDT",
             read_via_fs(8 | 4 | 3, (unsigned long)&watched[1] - 0x3000),
             0x2222);
    CHECK_EQ("past the LDT limit: #GP(sel)", load_ds_faults(16 | 4 | 3),
             16 | 4);
    op.arg1.linear_addr = 0;
    op.arg2.nr_ents = 0;
    CHECK_EQ("SET_LDT none", HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF), 0);
    CHECK_EQ("LDT frame writable again",
             memu_update_va_mapping(page, memu_rw_pte(mfn), UVMF_INVLPG), 0);
}

int guest_main(struct start_info *si)
{
    unsigned long f1 = memu_p2m()[si->nr_pages - 1];
    unsigned long l4_mfn = memu_p2m()[memu_va_pfn((void *)si->pt_base)];

    CHECK_EQ("set_trap_table", desc_install_traps(), 0);
    desc_fill(f1, 0);
    desc_update_checks(f1, l4_mfn);
    desc_gdt_checks(f1, l4_mfn);
    desc_ldt_checks();
    return test_summary();
}
