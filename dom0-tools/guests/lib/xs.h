/* SPDX-License-Identifier: BSD-2-Clause */
/* A minimal xenstore client over the store ring named in start_info. */
#ifndef SAMPLE_XS_H
#define SAMPLE_XS_H

#include "guest.h"

/* Xen errno values that basalt/errno.h does not carry but xenstored may
 * send back (xs_wire.h's error table names them). */
#ifndef EISDIR
#define EISDIR 21
#endif
#ifndef EROFS
#define EROFS 30
#endif
#ifndef ENOTEMPTY
#define ENOTEMPTY 39
#endif
#ifndef EISCONN
#define EISCONN 106
#endif
#include <public/io/xs_wire.h>

/*
 * One request at a time, each waited for by blocking on the store event
 * channel. Paths are absolute ("/local/domain/3/name") or relative to our
 * home /local/domain/<domid>. Errors are -errno; -ENODEV when there is no
 * xenstore (the initial domain) and -EIO when the ring is broken.
 */
int xs_init(const struct start_info *si);
bool xs_available(void);
evtchn_port_t xs_port(void); /* wait on it for watch events */

/* The value, NUL-terminated and cut to n - 1 bytes; returns its length. */
int xs_read(const char *path, char *val, size_t n);
int xs_write(const char *path, const char *val);
int xs_rm(const char *path);

/* The children's names, each NUL-terminated, as many as fit in n bytes;
 * returns how many were stored. */
int xs_directory(const char *path, char *names, size_t n);

/* perms[0] is "<letter><owner>" (the owner and everyone's default), the
 * rest "<letter><domid>"; letters r, w, b (both), n (none). */
int xs_set_perms(const char *path, const char *const *perms, unsigned int n);

/* Watch path and its descendants; events carry the changed path. */
int xs_watch(const char *path, const char *token);

/* Take watch events off the ring (call when xs_port() fired), then hand
 * them out one by one: false when none is queued. */
void xs_poll(void);
bool xs_next_event(char *path, size_t n);

#endif
