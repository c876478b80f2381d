/* SPDX-License-Identifier: BSD-2-Clause */
/* MADT ("APIC"): local APICs, x2APICs, I/O APICs and interrupt source
 * overrides, read into struct acpi_info. */
#include <basalt/acpi.h>
#include <basalt/lib.h>
#include "internal.h"

#define MADT_LAPIC_ADDR  36
#define MADT_FLAGS       40
#define MADT_ENTRIES     44
#define MADT_PCAT_COMPAT (1u << 0)
#define MADT_CPU_ENABLED (1u << 0)
/* xAPIC id 0xff is the broadcast address, never a real CPU. */
#define MADT_LAPIC_INVALID 0xff

enum {
    MADT_TYPE_LAPIC = 0,
    MADT_TYPE_IOAPIC = 1,
    MADT_TYPE_OVERRIDE = 2,
    MADT_TYPE_LAPIC_ADDR = 5,
    MADT_TYPE_X2APIC = 9,
};

/* Per-parse state: which "table full" warnings were already printed. */
struct madt_ctx {
    struct acpi_info *info;
    unsigned int warned;
};

/* True when an array of capacity 'cap' holding 'n' is full; the first
 * overflow of each array is reported once. */
static bool madt_full(struct madt_ctx *m, unsigned int n, unsigned int cap,
                      unsigned int bit, const char *what)
{
    if (n < cap)
        return false;
    if (!(m->warned & bit))
        printk("warning: ACPI MADT: more than %u %s, ignoring the rest\n", cap,
               what);
    m->warned |= bit;
    return true;
}

static const struct acpi_cpu *madt_find_cpu(const struct acpi_info *info,
                                            uint32_t apic_id)
{
    for (unsigned int i = 0; i < info->nr_cpus; i++)
        if (info->cpus[i].apic_id == apic_id)
            return &info->cpus[i];
    return NULL;
}

static void madt_add_cpu(struct madt_ctx *m, uint32_t apic_id, uint32_t uid,
                         uint32_t flags, bool x2apic)
{
    struct acpi_info *info = m->info;
    const struct acpi_cpu *dup;

    /* Online-capable but not enabled means hot-pluggable later; we only
     * bring up CPUs that are present now. */
    if (!(flags & MADT_CPU_ENABLED)) {
        info->nr_cpus_disabled++;
        return;
    }
    dup = madt_find_cpu(info, apic_id);
    if (dup) {
        /* Firmware may list a CPU both as xAPIC and x2APIC; only a repeat
         * within one kind is a firmware bug worth reporting. */
        if (dup->x2apic == x2apic)
            printk("warning: ACPI MADT: APIC id 0x%x listed twice\n", apic_id);
        return;
    }
    if (madt_full(m, info->nr_cpus, ACPI_MAX_CPUS, 1u << 0, "CPUs"))
        return;
    info->cpus[info->nr_cpus++] = (struct acpi_cpu){
        .apic_id = apic_id, .acpi_uid = uid, .x2apic = x2apic};
}

/* Type 0: u8 uid, u8 apic id, u32 flags. */
static void madt_lapic(struct madt_ctx *m, const uint8_t *e)
{
    if (e[3] == MADT_LAPIC_INVALID)
        return;
    madt_add_cpu(m, e[3], e[2], get_le32(e + 4), false);
}

/* Type 9: u16 reserved, u32 x2apic id, u32 flags, u32 uid. */
static void madt_x2apic(struct madt_ctx *m, const uint8_t *e)
{
    madt_add_cpu(m, get_le32(e + 4), get_le32(e + 12), get_le32(e + 8), true);
}

/* Type 1: u8 id, u8 reserved, u32 address, u32 GSI base. */
static void madt_ioapic(struct madt_ctx *m, const uint8_t *e)
{
    struct acpi_info *info = m->info;
    struct acpi_ioapic *io;

    if (madt_full(m, info->nr_ioapics, ACPI_MAX_IOAPICS, 1u << 1, "IOAPICs"))
        return;
    io = &info->ioapics[info->nr_ioapics++];
    io->id = e[2];
    io->addr = get_le32(e + 4);
    io->gsi_base = get_le32(e + 8);
}

/* Type 2: u8 bus, u8 source IRQ, u32 GSI, u16 MPS INTI flags. */
static void madt_override(struct madt_ctx *m, const uint8_t *e)
{
    struct acpi_info *info = m->info;
    struct acpi_override *o;

    if (madt_full(m, info->nr_overrides, ACPI_MAX_OVERRIDES, 1u << 2,
                  "interrupt overrides"))
        return;
    o = &info->overrides[info->nr_overrides++];
    o->bus = e[2];
    o->source = e[3];
    o->gsi = get_le32(e + 4);
    o->flags = get_le16(e + 8);
}

/* Type 5: u16 reserved, u64 local APIC address. It supersedes the 32-bit
 * header field; lapic_addr follows it whenever it fits. */
static void madt_lapic_addr(struct madt_ctx *m, const uint8_t *e)
{
    uint64_t addr = get_le64(e + 4);

    m->info->lapic_addr_override = addr;
    if (addr <= UINT32_MAX)
        m->info->lapic_addr = (uint32_t)addr;
}

static const struct madt_type {
    uint8_t min_len;
    void (*parse)(struct madt_ctx *m, const uint8_t *e);
} madt_types[] = {
    [MADT_TYPE_LAPIC] = {8, madt_lapic},
    [MADT_TYPE_IOAPIC] = {12, madt_ioapic},
    [MADT_TYPE_OVERRIDE] = {10, madt_override},
    [MADT_TYPE_LAPIC_ADDR] = {12, madt_lapic_addr},
    [MADT_TYPE_X2APIC] = {16, madt_x2apic},
};

/* One entry whose length is known to fit the table. Types we do not use
 * (NMI sources, GIC, ...) are skipped. */
static void madt_entry(struct madt_ctx *m, const uint8_t *e)
{
    const struct madt_type *ty;

    if (e[0] >= ARRAY_SIZE(madt_types) || !madt_types[e[0]].parse)
        return;
    ty = &madt_types[e[0]];
    if (e[1] < ty->min_len) {
        printk("warning: ACPI MADT: type %u entry too short (%u bytes)\n", e[0],
               e[1]);
        return;
    }
    ty->parse(m, e);
}

void acpi_parse_madt(const uint8_t *t, uint32_t len, struct acpi_info *info)
{
    struct madt_ctx m = {.info = info};

    if (len < MADT_ENTRIES) {
        printk("warning: ACPI MADT: too short (0x%x bytes)\n", len);
        return;
    }
    info->lapic_addr = get_le32(t + MADT_LAPIC_ADDR);
    info->pcat_compat = get_le32(t + MADT_FLAGS) & MADT_PCAT_COMPAT;
    /* A zero length would loop forever, an overlong one read past the
     * table: either way nothing after it can be trusted. */
    for (uint32_t off = MADT_ENTRIES; off < len; off += t[off + 1]) {
        if (len - off < 2 || t[off + 1] < 2 || t[off + 1] > len - off) {
            printk("warning: ACPI MADT: bad entry at offset 0x%x, "
                   "stopping\n",
                   off);
            return;
        }
        madt_entry(&m, t + off);
    }
}
