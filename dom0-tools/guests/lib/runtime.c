/* SPDX-License-Identifier: BSD-2-Clause */
/* Start of day for a sample guest, its command line, and the way out. */
#include "guest.h"
#include "hypercall.h"
#include "xs.h"

#define PTE_PRESENT   0x1UL
#define PTE_PSE       0x80UL
#define PTE_MFN_MASK  0x000ffffffffff000UL
#define PTE_KERNEL_RW 0x67UL /* present, writable, user, accessed, dirty */

/* The read-only machine-to-phys table every 64-bit PV guest sees. */
#define M2P ((const volatile unsigned long *)__MACH2PHYS_VIRT_START)

/* Time the backend gets to drain our console before we are gone. */
#define SHUTDOWN_FLUSH_NS (2 * NSEC_PER_SEC)

const struct start_info *guest_si;

void guest_start(struct start_info *si) __attribute__((noreturn));

bool guest_is_initial(void)
{
    return (guest_si->flags & SIF_INITDOMAIN) != 0;
}

/* Say why we stop, on whatever console works; then crash the domain. */
static void guest_fail(const char *what, int rc)
{
    console_init(guest_si);
    printf("guest: %s failed (%d)\n", what, rc);
    guest_shutdown(SHUTDOWN_crash);
}

/* The ELF entry (start.S) lands here on our own stack. */
void guest_start(struct start_info *si)
{
    int rc;

    guest_si = si;
    if ((rc = events_init(si)))
        guest_fail("event channel setup", rc);
    if ((rc = time_init()))
        guest_fail("VIRQ_TIMER binding", rc);
    console_init(si);
    rc = xs_init(si);
    if (rc && rc != -ENODEV)
        printf("guest: xenstore unavailable (%d)\n", rc);
    rc = sample_main(si);
    if (rc)
        printf("guest: exit %d\n", rc);
    guest_shutdown(rc ? SHUTDOWN_crash : SHUTDOWN_poweroff);
}

void guest_shutdown(unsigned int reason)
{
    struct sched_shutdown sd = {.reason = reason};

    console_flush(SHUTDOWN_FLUSH_NS);
    HYPERVISOR_sched_op(SCHEDOP_shutdown, &sd);
    /* Refused (it never is): there is nothing left to do but sleep. */
    for (;;)
        HYPERVISOR_sched_op(SCHEDOP_block, NULL);
}

/* Formatted output to the console (lines longer than 511 bytes are cut). */
int printf(const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    console_write(buf, strnlen(buf, sizeof(buf)));
    return n;
}

/* Tokens are separated by spaces; "key" alone has the value "". */
bool guest_cmdline(const char *key, char *val, size_t n)
{
    const char *p = (const char *)guest_si->cmd_line;
    const char *end = p + strnlen(p, MAX_GUEST_CMDLINE);
    size_t klen = strlen(key);

    while (p < end) {
        const char *tok = p;

        while (p < end && *p != ' ')
            p++;
        size_t tlen = (size_t)(p - tok);
        if (tlen >= klen && !strncmp(tok, key, klen) &&
            (tlen == klen || tok[klen] == '=')) {
            size_t vlen = tlen == klen ? 0 : tlen - klen - 1;

            if (n) {
                size_t c = vlen < n - 1 ? vlen : n - 1;

                memcpy(val, tok + tlen - vlen, c);
                val[c] = '\0';
            }
            return true;
        }
        while (p < end && *p == ' ')
            p++;
    }
    return false;
}

bool guest_parse_uint(const char *s, unsigned long *out)
{
    unsigned long v = 0;

    if (!*s)
        return false;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > (~0UL - 9) / 10)
            return false;
        v = v * 10 + (unsigned long)(*s - '0');
    }
    *out = v;
    return true;
}

/* VA of pfn in the bootstrap region (pfn 0 is the image's first page). */
static const volatile unsigned long *pfn_va(unsigned long pfn)
{
    return (const volatile unsigned long *)(_image_start +
                                            pfn * GUEST_PAGE_SIZE);
}

/* A page-table frame to its VA, only if it is one of the bootstrap page
 * tables (contiguous from pt_base): we never chase a wild pointer. */
static const volatile unsigned long *table_va(unsigned long pte)
{
    unsigned long mfn = (pte & PTE_MFN_MASK) >> 12;
    unsigned long va;

    if (mfn >= MACH2PHYS_NR_ENTRIES)
        return NULL;
    va = (unsigned long)pfn_va(M2P[mfn]);
    if (va < guest_si->pt_base ||
        va >= guest_si->pt_base + guest_si->nr_pt_frames * GUEST_PAGE_SIZE)
        return NULL;
    return (const volatile unsigned long *)va;
}

/* Does the bootstrap mapping of va point at mfn? (4 KiB pages only.) */
static bool va_maps_mfn(unsigned long va, xen_pfn_t mfn)
{
    const volatile unsigned long *table =
        (const volatile unsigned long *)guest_si->pt_base;
    unsigned long pte = 0;

    for (int shift = 39; shift >= 12; shift -= 9) {
        pte = table[(va >> shift) & 511];
        if (!(pte & PTE_PRESENT) || (shift != 12 && (pte & PTE_PSE)))
            return false;
        if (shift > 12 && !(table = table_va(pte)))
            return false;
    }
    return ((pte & PTE_MFN_MASK) >> 12) == mfn;
}

/*
 * Xen's builder puts the console and xenstore pages inside the bootstrap
 * region, mapped at virt_base + pfn * 4096: find the pfn through the M2P
 * and check the mapping. Any other builder: remap a spare page onto it.
 */
void *guest_map_mfn(xen_pfn_t mfn, void *spare)
{
    if (mfn < MACH2PHYS_NR_ENTRIES) {
        unsigned long pfn = M2P[mfn];

        if (pfn < guest_si->nr_pages &&
            va_maps_mfn((unsigned long)pfn_va(pfn), mfn))
            return (void *)pfn_va(pfn);
    }
    if (HYPERVISOR_update_va_mapping((unsigned long)spare,
                                     (mfn << 12) | PTE_KERNEL_RW, UVMF_INVLPG))
        return NULL;
    return spare;
}
