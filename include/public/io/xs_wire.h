/* SPDX-License-Identifier: BSD-2-Clause */
/* The xenstore wire protocol (Xen 4.17's io/xs_wire.h numbers and ring
 * layout), written for Basalt: messages between xenstored and clients. */
#ifndef BASALT_PUBLIC_IO_XS_WIRE_H
#define BASALT_PUBLIC_IO_XS_WIRE_H

#ifndef __ASSEMBLY__
#include <stdint.h>

#include "../abi_check.h"

/* Message types: the numbers are the protocol, never renumber. 20 was
 * XS_RESTRICT, since removed. */
enum xsd_sockmsg_type {
    XS_CONTROL = 0,
#define XS_DEBUG XS_CONTROL
    XS_DIRECTORY = 1,
    XS_READ = 2,
    XS_GET_PERMS = 3,
    XS_WATCH = 4,
    XS_UNWATCH = 5,
    XS_TRANSACTION_START = 6,
    XS_TRANSACTION_END = 7,
    XS_INTRODUCE = 8,
    XS_RELEASE = 9,
    XS_GET_DOMAIN_PATH = 10,
    XS_WRITE = 11,
    XS_MKDIR = 12,
    XS_RM = 13,
    XS_SET_PERMS = 14,
    XS_WATCH_EVENT = 15,
    XS_ERROR = 16,
    XS_IS_DOMAIN_INTRODUCED = 17,
    XS_RESUME = 18,
    XS_SET_TARGET = 19,
    XS_RESET_WATCHES = 21,
    XS_DIRECTORY_PART = 22,
    XS_TYPE_COUNT,
    XS_INVALID = 0xffff
};

#define XS_WRITE_NONE        "NONE"
#define XS_WRITE_CREATE      "CREATE"
#define XS_WRITE_CREATE_EXCL "CREATE|EXCL"

/* Errors travel as their errno names (XS_ERROR payload "ENOENT\0"), so
 * each side maps them to its own C library's numbers. */
struct xsd_errors {
    int errnum;
    const char *errstring;
};
#ifdef EINVAL
/* clang-format off */
#define XSD_ERROR(x) {x, #x}
static struct xsd_errors xsd_errors[] __attribute__((unused)) = {
    XSD_ERROR(EINVAL), XSD_ERROR(EACCES), XSD_ERROR(EEXIST),
    XSD_ERROR(EISDIR), XSD_ERROR(ENOENT), XSD_ERROR(ENOMEM),
    XSD_ERROR(ENOSPC), XSD_ERROR(EIO), XSD_ERROR(ENOTEMPTY),
    XSD_ERROR(ENOSYS), XSD_ERROR(EROFS), XSD_ERROR(EBUSY),
    XSD_ERROR(EAGAIN), XSD_ERROR(EISCONN), XSD_ERROR(E2BIG),
};
/* clang-format on */
#endif

/* Every message: this header, then len payload bytes (usually
 * NUL-terminated strings). */
struct xsd_sockmsg {
    uint32_t type;   /* XS_* */
    uint32_t req_id; /* echoed in the reply */
    uint32_t tx_id;  /* transaction, 0 for none */
    uint32_t len;    /* payload bytes that follow */
};

/* Fields of an XS_WATCH_EVENT payload. */
enum xs_watch_type { XS_WATCH_PATH = 0, XS_WATCH_TOKEN };

/* The shared ring page: free-running indices, slot = idx masked. */
#define XENSTORE_RING_SIZE 1024
typedef uint32_t XENSTORE_RING_IDX;
#define MASK_XENSTORE_IDX(idx) ((idx) & (XENSTORE_RING_SIZE - 1))
struct xenstore_domain_interface {
    char req[XENSTORE_RING_SIZE]; /* client -> xenstored */
    char rsp[XENSTORE_RING_SIZE]; /* replies and watch events */
    XENSTORE_RING_IDX req_cons, req_prod;
    XENSTORE_RING_IDX rsp_cons, rsp_prod;
    uint32_t server_features; /* XENSTORE_SERVER_FEATURE_* */
    uint32_t connection;      /* XENSTORE_CONNECTED/RECONNECT */
    uint32_t error;           /* XENSTORE_ERROR_* */
};

XEN_ABI_SIZE(struct xsd_sockmsg, 16);
XEN_ABI_OFFSET(struct xsd_sockmsg, len, 12);
XEN_ABI_SIZE(struct xenstore_domain_interface, 2076);
XEN_ABI_OFFSET(struct xenstore_domain_interface, rsp, 1024);
XEN_ABI_OFFSET(struct xenstore_domain_interface, req_cons, 2048);
XEN_ABI_OFFSET(struct xenstore_domain_interface, req_prod, 2052);
XEN_ABI_OFFSET(struct xenstore_domain_interface, rsp_cons, 2056);
XEN_ABI_OFFSET(struct xenstore_domain_interface, rsp_prod, 2060);
XEN_ABI_OFFSET(struct xenstore_domain_interface, server_features, 2064);
XEN_ABI_OFFSET(struct xenstore_domain_interface, connection, 2068);
XEN_ABI_OFFSET(struct xenstore_domain_interface, error, 2072);

/* A larger payload is a protocol violation: the connection is dropped. */
#define XENSTORE_PAYLOAD_MAX 4096
/* Longer paths just get an error reply. */
#define XENSTORE_ABS_PATH_MAX 3072
#define XENSTORE_REL_PATH_MAX 2048

#define XENSTORE_SERVER_FEATURE_RECONNECTION 1
#define XENSTORE_SERVER_FEATURE_ERROR        2

#define XENSTORE_CONNECTED 0
#define XENSTORE_RECONNECT 1

#define XENSTORE_ERROR_NONE    0
#define XENSTORE_ERROR_COMM    1
#define XENSTORE_ERROR_RINGIDX 2
#define XENSTORE_ERROR_PROTO   3 /* payload too long */

#endif /* !__ASSEMBLY__ */

#endif
