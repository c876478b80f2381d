/* SPDX-License-Identifier: BSD-2-Clause */
/* The dom0 OS interface: what xl, the builder and the backends may use. */
#ifndef DOM0_OS_H
#define DOM0_OS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <public/xen.h>
#include <public/event_channel.h>

/*
 * dom0 is one address space and one thread: the shell runs a command to
 * completion while the backends (xenstored, the console backend) are
 * services called from os_poll(). Anything that waits (reading the
 * console, `xl console`, sleeping, waiting for a guest) waits in os_wait(),
 * which keeps the services running.
 *
 * Host unit tests of xl, the builder and the backends link a fake of
 * these functions; only dom0-tools/os/ implements them for real.
 */

/* A raw hypercall through the hypercall page: nr, up to five arguments;
 * returns RAX (negative Xen errno on failure). */
long os_hypercall(unsigned int nr, unsigned long a1, unsigned long a2,
                  unsigned long a3, unsigned long a4, unsigned long a5);

/* Our own start_info (its fields as the hypervisor wrote them). */
const struct start_info *os_start_info(void);

/* Map n machine frames of domain dom (DOMID_SELF for our own) at fresh
 * consecutive virtual addresses of dom0, writable or read-only. Returns
 * NULL and sets *err (a negative Xen errno, may be NULL) on failure, with
 * nothing left mapped. os_unmap_foreign takes back such a mapping. */
void *os_map_foreign(domid_t dom, const xen_pfn_t *mfns, unsigned int n,
                     bool writable, int *err);
void os_unmap_foreign(void *va, unsigned int n);

/* Allocate/free page-aligned, zeroed dom0 memory whose machine frames are
 * known (for hypercall buffers that must not cross pages, ring pages...). */
void *os_alloc_pages(unsigned int n);
void os_free_pages(void *va, unsigned int n);
xen_pfn_t os_virt_to_mfn(const void *va);

/* Event channels. A handler runs from os_poll()/os_wait() (never from an
 * interrupt) when its port fires. */
typedef void (*os_evtchn_handler_t)(evtchn_port_t port, void *arg);
int os_evtchn_bind(evtchn_port_t port, os_evtchn_handler_t fn, void *arg);
void os_evtchn_unbind(evtchn_port_t port);
int os_evtchn_notify(evtchn_port_t port);
/* Bind a global VIRQ (VIRQ_DOM_EXC, ...) to fn; returns the port or a
 * negative errno. */
int os_bind_virq(unsigned int virq, os_evtchn_handler_t fn, void *arg);

/* A service is polled on every os_poll() (after event handlers). */
void os_register_service(void (*fn)(void));

/* Run pending event handlers and services; never blocks. */
void os_poll(void);
/* Block until an event arrives or timeout_ns passes (0: no timeout), then
 * os_poll(). */
void os_wait(uint64_t timeout_ns);
/* Nanoseconds since boot (the PV clock). */
uint64_t os_now_ns(void);

/* Console (the hypervisor console, console_io): non-blocking read of up
 * to n bytes of input, returns the count (0: none yet); raw write. */
int os_console_read(char *buf, size_t n);
void os_console_write(const char *buf, size_t n);

/* The initrd's files (a read-only tar archive): look a path up ("/etc/xl/
 * hello.cfg"), giving its bytes and size; false if absent. os_fs_list
 * calls fn for every file under a directory prefix. newlib's open/read/
 * stat on these paths work too. */
bool os_fs_lookup(const char *path, const void **data, size_t *size);
void os_fs_list(const char *dir,
                void (*fn)(const char *path, size_t size, void *arg),
                void *arg);

/* Check the services above on the running hypervisor, printing one
 * "os-selftest: PASS|FAIL ..." line each and a summary; 0 if all pass.
 * The shell's `os-selftest` command. */
int os_selftest(void);

#endif
