/* SPDX-License-Identifier: BSD-2-Clause */
/* Between the domctl dispatcher (domctl.c) and its vCPU commands
 * (domctl_vcpu.c); getdomaininfo is shared with sysctl.c. */
#ifndef KERNEL_DOMCTL_H
#define KERNEL_DOMCTL_H

#include <basalt/domain.h>
#include <public/domctl.h>

/* XEN_DOMCTL_getdomaininfo's record of d (Xen's getdomaininfo()). */
void domctl_getdomaininfo(const struct domain *d,
                          struct xen_domctl_getdomaininfo *info);

/* The vCPU commands: 0 or a negative errno; *copyback set when op goes
 * back to the caller (also on some errors, as in Xen). */
long domctl_vcpu_op(struct xen_domctl *op, struct domain *d, bool *copyback);

#endif
