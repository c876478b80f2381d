/* SPDX-License-Identifier: BSD-2-Clause */
/* consoled: dom0's backend for guests' PV console rings. */
#ifndef DOM0_CONSOLED_H
#define DOM0_CONSOLED_H

#include <stddef.h>
#include <public/xen.h>
#include <public/event_channel.h>

/* Size of each domain's history of console output (the newest bytes). */
#define CONSOLED_HISTORY_SIZE 16384

void consoled_init(void);

/* Attach domain domid's console: map its ring frame mfn writable and bind
 * its unbound event channel remote_port. 0 or a negative Xen errno
 * (-EEXIST if already attached). */
int consoled_add(domid_t domid, xen_pfn_t mfn, evtchn_port_t remote_port);
/* Detach (unbind, unmap); the history is dropped. */
void consoled_remove(domid_t domid);

/* Drain up to n bytes of the guest's output not yet read (pending output
 * is bounded by the history size: the oldest bytes are dropped first).
 * Returns the count, 0 when nothing is pending or domid is unknown. */
size_t consoled_read(domid_t domid, char *buf, size_t n);
/* Queue input for the guest (its in[] ring) and notify it. Returns the
 * bytes accepted (may be < n when the ring is full) or a negative errno. */
int consoled_write(domid_t domid, const char *buf, size_t n);
/* Copy the newest min(n, kept) bytes of output into buf, oldest first;
 * returns the count. Does not touch the pending-output position. */
size_t consoled_history(domid_t domid, char *buf, size_t n);
/* Times garbage ring indices were seen and reset (0 for a sane guest). */
unsigned int consoled_garbage_count(domid_t domid);
/* Check the rings now (for callers that do not wait in os_wait()). */
void consoled_poll(void);

#endif
