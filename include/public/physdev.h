/* SPDX-License-Identifier: BSD-2-Clause */
/* HYPERVISOR_physdev_op in the Xen PV ABI, written for Basalt: I/O
 * privilege, I/O bitmaps, and the PIRQ/PCI commands dom0 uses. */
#ifndef BASALT_PUBLIC_PHYSDEV_H
#define BASALT_PUBLIC_PHYSDEV_H

#include "xen.h"

/* HYPERVISOR_physdev_op(cmd, arg): cmd is one of these. */
#define PHYSDEVOP_IRQ_UNMASK_NOTIFY  4 /* obsolete, unsupported */
#define PHYSDEVOP_irq_status_query   5
#define PHYSDEVOP_set_iopl           6
#define PHYSDEVOP_set_iobitmap       7
#define PHYSDEVOP_apic_read          8
#define PHYSDEVOP_apic_write         9
#define PHYSDEVOP_alloc_irq_vector   10
#define PHYSDEVOP_free_irq_vector    11
#define PHYSDEVOP_eoi                12
#define PHYSDEVOP_map_pirq           13
#define PHYSDEVOP_unmap_pirq         14
#define PHYSDEVOP_manage_pci_add     15
#define PHYSDEVOP_manage_pci_remove  16
#define PHYSDEVOP_pirq_eoi_gmfn_v1   17
#define PHYSDEVOP_restore_msi        19
#define PHYSDEVOP_manage_pci_add_ext 20
#define PHYSDEVOP_setup_gsi          21
/* 22 is deliberately unused. */
#define PHYSDEVOP_get_free_pirq      23
#define PHYSDEVOP_pci_mmcfg_reserved 24
#define PHYSDEVOP_pci_device_add     25
#define PHYSDEVOP_pci_device_remove  26
#define PHYSDEVOP_restore_msi_ext    27
#define PHYSDEVOP_pirq_eoi_gmfn_v2   28
#define PHYSDEVOP_dbgp_op            29
#define PHYSDEVOP_prepare_msix       30
#define PHYSDEVOP_release_msix       31
#define PHYSDEVOP_pirq_eoi_gmfn      PHYSDEVOP_pirq_eoi_gmfn_v2

/* physdev_irq_status_query.flags */
#define _XENIRQSTAT_needs_eoi 0
#define XENIRQSTAT_needs_eoi  (XEN_U(1) << _XENIRQSTAT_needs_eoi)
#define _XENIRQSTAT_shared    1
#define XENIRQSTAT_shared     (XEN_U(1) << _XENIRQSTAT_shared)

/* physdev_map_pirq.type */
#define MAP_PIRQ_TYPE_MSI       0x0
#define MAP_PIRQ_TYPE_GSI       0x1
#define MAP_PIRQ_TYPE_UNKNOWN   0x2
#define MAP_PIRQ_TYPE_MSI_SEG   0x3
#define MAP_PIRQ_TYPE_MULTI_MSI 0x4

#ifndef __ASSEMBLY__

struct physdev_eoi {
    uint32_t irq;
};
typedef struct physdev_eoi physdev_eoi_t;
DEFINE_XEN_GUEST_HANDLE(physdev_eoi_t);

/* A page we fill with one "needs EOI" bit per PIRQ. */
struct physdev_pirq_eoi_gmfn {
    xen_pfn_t gmfn;
};
typedef struct physdev_pirq_eoi_gmfn physdev_pirq_eoi_gmfn_t;
DEFINE_XEN_GUEST_HANDLE(physdev_pirq_eoi_gmfn_t);

struct physdev_irq_status_query {
    uint32_t irq;   /* IN */
    uint32_t flags; /* OUT: XENIRQSTAT_* */
};
typedef struct physdev_irq_status_query physdev_irq_status_query_t;
DEFINE_XEN_GUEST_HANDLE(physdev_irq_status_query_t);

/* The calling vcpu's virtual IOPL (0-3) for IN/OUT from its kernel. */
struct physdev_set_iopl {
    uint32_t iopl;
};
typedef struct physdev_set_iopl physdev_set_iopl_t;
DEFINE_XEN_GUEST_HANDLE(physdev_set_iopl_t);

/* The calling vcpu's I/O permission bitmap (TSS format, 1 = denied). */
struct physdev_set_iobitmap {
    XEN_GUEST_HANDLE(uint8) bitmap;
    uint32_t nr_ports;
};
typedef struct physdev_set_iobitmap physdev_set_iobitmap_t;
DEFINE_XEN_GUEST_HANDLE(physdev_set_iobitmap_t);

struct physdev_apic {
    unsigned long apic_physbase; /* IN */
    uint32_t reg;                /* IN */
    uint32_t value;              /* IN or OUT */
};
typedef struct physdev_apic physdev_apic_t;
DEFINE_XEN_GUEST_HANDLE(physdev_apic_t);

struct physdev_irq {
    uint32_t irq;    /* IN */
    uint32_t vector; /* IN or OUT */
};
typedef struct physdev_irq physdev_irq_t;
DEFINE_XEN_GUEST_HANDLE(physdev_irq_t);

struct physdev_map_pirq {
    domid_t domid;
    int type;  /* MAP_PIRQ_TYPE_* */
    int index; /* GSI or MSI-X entry */
    int pirq;  /* IN or OUT */
    int bus;   /* bits 31:16 the segment for MSI_SEG / MULTI_MSI */
    int devfn;
    int entry_nr; /* MULTI_MSI: vectors wanted, out: granted */
    uint64_t table_base;
};
typedef struct physdev_map_pirq physdev_map_pirq_t;
DEFINE_XEN_GUEST_HANDLE(physdev_map_pirq_t);

struct physdev_unmap_pirq {
    domid_t domid;
    int pirq;
};
typedef struct physdev_unmap_pirq physdev_unmap_pirq_t;
DEFINE_XEN_GUEST_HANDLE(physdev_unmap_pirq_t);

struct physdev_setup_gsi {
    int gsi;
    uint8_t triggering;
    uint8_t polarity;
};
typedef struct physdev_setup_gsi physdev_setup_gsi_t;
DEFINE_XEN_GUEST_HANDLE(physdev_setup_gsi_t);

struct physdev_get_free_pirq {
    int type;      /* IN: MAP_PIRQ_TYPE_GSI or _MSI */
    uint32_t pirq; /* OUT */
};
typedef struct physdev_get_free_pirq physdev_get_free_pirq_t;
DEFINE_XEN_GUEST_HANDLE(physdev_get_free_pirq_t);

struct physdev_pci_device {
    uint16_t seg;
    uint8_t bus;
    uint8_t devfn;
};
typedef struct physdev_pci_device physdev_pci_device_t;
DEFINE_XEN_GUEST_HANDLE(physdev_pci_device_t);

/* HYPERVISOR_physdev_op_compat: the command travels in the struct. */
struct physdev_op {
    uint32_t cmd;
    union {
        struct physdev_irq_status_query irq_status_query;
        struct physdev_set_iopl set_iopl;
        struct physdev_set_iobitmap set_iobitmap;
        struct physdev_apic apic_op;
        struct physdev_irq irq_op;
    } u;
};
typedef struct physdev_op physdev_op_t;
DEFINE_XEN_GUEST_HANDLE(physdev_op_t);

XEN_ABI_SIZE(struct physdev_eoi, 4);
XEN_ABI_SIZE(struct physdev_pirq_eoi_gmfn, 8);
XEN_ABI_SIZE(struct physdev_irq_status_query, 8);
XEN_ABI_SIZE(struct physdev_set_iopl, 4);
XEN_ABI_SIZE(struct physdev_set_iobitmap, 16);
XEN_ABI_OFFSET(struct physdev_set_iobitmap, nr_ports, 8);
XEN_ABI_SIZE(struct physdev_apic, 16);
XEN_ABI_SIZE(struct physdev_irq, 8);
XEN_ABI_SIZE(struct physdev_map_pirq, 40);
XEN_ABI_OFFSET(struct physdev_map_pirq, table_base, 32);
XEN_ABI_SIZE(struct physdev_unmap_pirq, 8);
XEN_ABI_SIZE(struct physdev_setup_gsi, 8);
XEN_ABI_SIZE(struct physdev_get_free_pirq, 8);
XEN_ABI_SIZE(struct physdev_pci_device, 4);
XEN_ABI_SIZE(struct physdev_op, 24);
XEN_ABI_OFFSET(struct physdev_op, u, 8);

#endif /* !__ASSEMBLY__ */

#endif
