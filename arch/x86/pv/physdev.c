/* SPDX-License-Identifier: BSD-2-Clause */
/* physdev_op: a vCPU's virtual I/O privilege (set_iopl) and I/O bitmap
 * (set_iobitmap), which the port I/O emulation checks (emulate_io.c).
 * The PIRQ, MSI and PCI commands need passthrough: -ENOSYS for now. */
#include <basalt/lib.h>
#include <basalt/domain.h>
#include <basalt/errno.h>
#include <asm/guest_access.h>
#include <asm/processor.h>
#include <public/physdev.h>

#define IOBMP_BYTES 8192 /* one bit per port, 65536 ports */

/* Any domain may raise its own virtual IOPL, as on Xen: the ports it
 * then reaches are still only those the hypervisor grants it. */
static long physdev_set_iopl(struct vcpu *v, uint64_t arg)
{
    struct physdev_set_iopl op;
    if (copy_from_guest(&op, arg, sizeof(op)))
        return -EFAULT;
    if (op.iopl > 3)
        return -EINVAL;
    v->iopl = op.iopl;
    return 0;
}

/* The bitmap stays in guest memory and is read at each access, so only
 * its address range is checked here (Xen's guest_handle_okay). */
static long physdev_set_iobitmap(struct vcpu *v, uint64_t arg)
{
    struct physdev_set_iobitmap op;
    uint64_t bitmap;
    if (copy_from_guest(&op, arg, sizeof(op)))
        return -EFAULT;
    bitmap = (uint64_t)(uintptr_t)op.bitmap.p;
    if (!guest_range_ok(bitmap, IOBMP_BYTES) || op.nr_ports > 65536)
        return -EINVAL;
    v->iobmp = bitmap;
    v->iobmp_nr_ports = op.nr_ports;
    return 0;
}

long do_physdev_op(uint64_t cmd, uint64_t arg)
{
    struct vcpu *v = current_vcpu();
    switch (cmd) {
    case PHYSDEVOP_set_iopl:
        return physdev_set_iopl(v, arg);
    case PHYSDEVOP_set_iobitmap:
        return physdev_set_iobitmap(v, arg);
    default:
        /* eoi, irq_status_query, apic_read/write, alloc/free_irq_vector,
         * map/unmap_pirq, manage_pci_*, pci_device_add/remove,
         * pirq_eoi_gmfn_v1/v2, restore_msi(_ext), setup_gsi,
         * get_free_pirq, pci_mmcfg_reserved, dbgp_op, prepare/release_
         * msix: no device passthrough yet. */
        return -ENOSYS;
    }
}
