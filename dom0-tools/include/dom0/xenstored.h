/* SPDX-License-Identifier: BSD-2-Clause */
/* xenstored: dom0's in-process xenstore client API and shell commands. */
#ifndef DOM0_XENSTORED_H
#define DOM0_XENSTORED_H

#include <stdbool.h>
#include <stdint.h>
#include <public/xen.h>
#include <public/event_channel.h>

/*
 * The store lives in dom0; dom0's own tools call it directly with dom0's
 * (privileged) rights, guests reach it over their store ring. Every call
 * takes an absolute path ("/local/domain/3/name") and returns 0 or a
 * negative <errno.h> value (-ENOENT, -EACCES, -EINVAL, -E2BIG, -ENOSPC,
 * ...); failures of the hypervisor calls behind introduce are passed on as
 * the negative Xen errno os.h returned.
 */

/* Build the base tree (/, /local/domain/0 with name "Domain-0" and domid
 * 0, /tool, /vm) and register the ring service with os_register_service.
 * Safe to call twice (the second call does nothing). */
void xenstored_init(void);

/* Serve every connected guest ring and deliver queued dom0 watch events;
 * os_poll() calls it (registered by xenstored_init). */
void xenstored_poll(void);

/* *val is malloc'd and NUL-terminated (free() it); *len, if len is not
 * NULL, gets the value's byte count (values may hold NUL bytes). */
int xs_read(const char *path, char **val, unsigned int *len);
/* Write a NUL-terminated string value, creating missing parents. */
int xs_write(const char *path, const char *val);
int xs_write_bytes(const char *path, const void *val, unsigned int len);
int xs_mkdir(const char *path);
/* Remove a node and its subtree. Removing a missing node whose parent
 * exists succeeds, as in Xen. */
int xs_rm(const char *path);
/* The children's names: one malloc'd block (free() the array only), *n
 * entries; NULL with *n = 0 on error (errno-style code in *err if err is
 * not NULL). */
char **xs_directory(const char *path, unsigned int *n, int *err);

/* Xen's permission bits, as in libxenstore's enum xs_perm_type. */
#define XS_PERM_NONE  0x00
#define XS_PERM_READ  0x01
#define XS_PERM_WRITE 0x02
#define XS_PERM_BOTH  (XS_PERM_READ | XS_PERM_WRITE)

/* perms[0] is the owner (its .perms is what every domain not listed
 * gets); perms[1..] grant .perms to .id. */
struct xs_permissions {
    domid_t id;
    unsigned int perms;
};

/* *perms is malloc'd (free() it), *n entries. */
int xs_get_perms(const char *path, struct xs_permissions **perms,
                 unsigned int *n);
int xs_set_perms(const char *path, const struct xs_permissions *perms,
                 unsigned int n);

/* A dom0 watch: fn(path_that_changed, token, arg) runs from
 * xenstored_poll() (never from inside another xs_* call), once right
 * after xs_watch (the initial event, as Xen sends) and on every change of
 * path or any node below it. path may be "@introduceDomain" or
 * "@releaseDomain". (path, token) pairs are unique: -EEXIST otherwise. */
typedef void (*xs_watch_fn)(const char *path, const char *token, void *arg);
int xs_watch(const char *path, const char *token, xs_watch_fn fn, void *arg);
int xs_unwatch(const char *path, const char *token);

/* Connect domain domid's store ring (frame store_mfn of domid, event
 * channel remote_port of domid allocated unbound for dom0). Fires
 * @introduceDomain. -EEXIST if already introduced. */
int xs_introduce_domain(domid_t domid, xen_pfn_t store_mfn,
                        evtchn_port_t remote_port);
/* Disconnect it (unmap, close the channel, drop its watches and
 * transactions) and fire @releaseDomain. Its nodes pass to dom0 and ACL
 * entries naming it are dropped (a later domain with the same id inherits
 * nothing); the toolstack removes /local/domain/N with xs_rm, as in Xen. */
int xs_release_domain(domid_t domid);
bool xs_is_domain_introduced(domid_t domid);

/* The toolstack's layout of /local/domain/N, as libxl writes it: the
 * directory (owner dom0, readable by N; an old one is removed first),
 * name, domid, memory/{target,static-max}, console/{ring-ref,port,type,
 * limit}, read-only cpu, memory, device, control, and owned by N:
 * control/{shutdown,feature-*,sysrq}, data, drivers, feature, attr, error.
 * Call before xs_introduce_domain, which adds store/{ring-ref,port}. */
int xs_domain_setup(domid_t domid, const char *name, uint64_t mem_kb,
                    xen_pfn_t console_mfn, evtchn_port_t console_port);

/* "/local/domain/N" into buf (at least 32 bytes); returns buf. */
char *xs_get_domain_path(domid_t domid, char *buf);

/* Shell commands with Xen's usage and output:
 *   xenstore-ls [-p] [PATH]     `name = "value"`, one space of indent per
 *                               depth level (-p: permissions too)
 *   xenstore-read PATH...       one value per line
 *   xenstore-write PATH VALUE...
 *   xenstore-rm PATH...
 * Return 0 on success, 1 on error (message on stderr). */
int xenstore_ls_main(int argc, char **argv);
int xenstore_read_main(int argc, char **argv);
int xenstore_write_main(int argc, char **argv);
int xenstore_rm_main(int argc, char **argv);

#endif
