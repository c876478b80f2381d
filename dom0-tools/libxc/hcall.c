/* SPDX-License-Identifier: BSD-2-Clause */
/* Hypercall-level wrappers over os_hypercall: dom0 is a PV guest, so its
 * own pointers are valid hypercall arguments (no privcmd in between). */
#include <dom0/libxc.h>
#include <dom0/os.h>
#include <public/sched.h>
#include <public/memory.h>

#define XC_BATCH 512 /* ops per mmu_update / mmuext_op call */

static unsigned long xc_ptr(const void *p)
{
    return (unsigned long)p;
}

int xc_domctl(struct xen_domctl *d)
{
    d->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
    return (int)os_hypercall(__HYPERVISOR_domctl, xc_ptr(d), 0, 0, 0, 0);
}

int xc_sysctl(struct xen_sysctl *s)
{
    s->interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    return (int)os_hypercall(__HYPERVISOR_sysctl, xc_ptr(s), 0, 0, 0, 0);
}

long xc_memory_op(unsigned int cmd, void *arg)
{
    return os_hypercall(__HYPERVISOR_memory_op, cmd, xc_ptr(arg), 0, 0, 0);
}

long xc_version(int cmd, void *arg)
{
    return os_hypercall(__HYPERVISOR_xen_version, (unsigned long)cmd,
                        xc_ptr(arg), 0, 0, 0);
}

/* One batched MMU hypercall (mmu_update or mmuext_op share a shape). */
static int xc_mmu_batches(unsigned int nr, const void *ops, size_t size,
                          unsigned int count, unsigned int *done, domid_t dom)
{
    const char *p = ops;
    unsigned int total = 0, n, did;
    long rc = 0;

    while (total < count && !rc) {
        n = count - total < XC_BATCH ? count - total : XC_BATCH;
        did = 0;
        rc = os_hypercall(nr, xc_ptr(p + (size_t)total * size), n, xc_ptr(&did),
                          dom, 0);
        total += rc ? (did < n ? did : n) : n;
    }
    if (done)
        *done = total;
    return (int)rc;
}

int xc_mmu_update(const struct mmu_update *reqs, unsigned int count,
                  unsigned int *done, domid_t dom)
{
    return xc_mmu_batches(__HYPERVISOR_mmu_update, reqs, sizeof(*reqs), count,
                          done, dom);
}

int xc_mmuext(const struct mmuext_op *ops, unsigned int count,
              unsigned int *done, domid_t dom)
{
    return xc_mmu_batches(__HYPERVISOR_mmuext_op, ops, sizeof(*ops), count,
                          done, dom);
}

int xc_evtchn_alloc_unbound(domid_t dom, domid_t remote, evtchn_port_t *port)
{
    struct evtchn_alloc_unbound op = {.dom = dom, .remote_dom = remote};
    long rc = os_hypercall(__HYPERVISOR_event_channel_op,
                           EVTCHNOP_alloc_unbound, xc_ptr(&op), 0, 0, 0);

    if (!rc)
        *port = op.port;
    return (int)rc;
}

int xc_domain_shutdown(domid_t dom, unsigned int reason)
{
    struct sched_remote_shutdown op = {.domain_id = dom, .reason = reason};

    return (int)os_hypercall(__HYPERVISOR_sched_op, SCHEDOP_remote_shutdown,
                             xc_ptr(&op), 0, 0, 0);
}

const char *xc_strerror(int rc)
{
    static const struct {
        int e;
        const char *s;
    } names[] = {
        {XC_EPERM, "Operation not permitted"},
        {XC_ENOENT, "No such file or directory"},
        {XC_ESRCH, "No such process"},
        {XC_EINTR, "Interrupted system call"},
        {XC_EIO, "Input/output error"},
        {XC_E2BIG, "Argument list too long"},
        {XC_ENOEXEC, "Exec format error"},
        {XC_EAGAIN, "Resource temporarily unavailable"},
        {XC_ENOMEM, "Cannot allocate memory"},
        {XC_EACCES, "Permission denied"},
        {XC_EFAULT, "Bad address"},
        {XC_EBUSY, "Device or resource busy"},
        {XC_EEXIST, "File exists"},
        {XC_EINVAL, "Invalid argument"},
        {XC_ENOSPC, "No space left on device"},
        {XC_ERANGE, "Numerical result out of range"},
        {XC_ENOSYS, "Function not implemented"},
        {XC_EOPNOTSUPP, "Operation not supported"},
    };

    for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
        if (names[i].e == -rc || names[i].e == rc)
            return names[i].s;
    return "Unknown error";
}
