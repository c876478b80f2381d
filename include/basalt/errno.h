/* SPDX-License-Identifier: BSD-2-Clause */
/* Error numbers: Xen's public values (xen/include/public/errno.h), which are
 * the Linux/x86 ones. Hypercalls return them negated. */
#ifndef BASALT_ERRNO_H
#define BASALT_ERRNO_H

#define EPERM      1
#define ENOENT     2
#define ESRCH      3
#define EINTR      4
#define EIO        5
#define ENXIO      6
#define E2BIG      7
#define ENOEXEC    8
#define EBADF      9
#define EAGAIN     11
#define ENOMEM     12
#define EACCES     13
#define EFAULT     14
#define EBUSY      16
#define EEXIST     17
#define EXDEV      18
#define ENODEV     19
#define EINVAL     22
#define ENOSPC     28
#define EDOM       33
#define ERANGE     34
#define ENODATA    61
#define ENOSYS     38
#define EOVERFLOW  75
#define EOPNOTSUPP 95
/* Internal (Xen's too): the operation must be continued; never reaches a
 * guest, the caller turns it into a hypercall continuation. */
#define ERESTART 85

#endif
