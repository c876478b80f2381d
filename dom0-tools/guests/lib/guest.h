/* SPDX-License-Identifier: BSD-2-Clause */
/* The sample guests' runtime: start of day, events, time and console. */
#ifndef SAMPLE_GUEST_H
#define SAMPLE_GUEST_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <public/xen.h>
#include <public/event_channel.h>
/* memset, memcpy, str*, snprintf: Basalt's own kernel/lib; errno values
 * are Xen's (hypercalls return them negated). */
#include <basalt/errno.h>
#include <basalt/lib.h>

#define GUEST_PAGE_SIZE 4096UL
#define NSEC_PER_SEC    1000000000ULL
#define NSEC_PER_MSEC   1000000ULL

extern char _image_start[], _image_end[];

/* ---- runtime.c: start of day and the way out ---- */

/* What the builder handed us; valid for the guest's whole life. */
extern const struct start_info *guest_si;

/* Each sample's body. Returning 0 powers the domain off, anything else
 * crashes it (so `xl list` shows the failure). */
int sample_main(const struct start_info *si);

/* Flush the console, then SCHEDOP_shutdown with reason (SHUTDOWN_*). */
void guest_shutdown(unsigned int reason) __attribute__((noreturn));

/* Booted as the initial domain (a test run without a toolstack)? */
bool guest_is_initial(void);

/* Find "key=value" (or a bare "key", value "") in start_info's cmd_line;
 * copies the value into val[n]. */
bool guest_cmdline(const char *key, char *val, size_t n);

/* A virtual address for one of our own machine frames: its place in the
 * bootstrap region if the builder mapped it there, else spare (a page of
 * .bss) remapped onto it. NULL if neither works. */
void *guest_map_mfn(xen_pfn_t mfn, void *spare);

/* Parse a decimal number that fills the whole string; false otherwise. */
bool guest_parse_uint(const char *s, unsigned long *out);

int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- events.c: 2-level event channels, upcall, blocking waits ---- */

extern volatile struct shared_info *guest_shared_info;
extern volatile struct vcpu_info *guest_vcpu_info;

int events_init(const struct start_info *si);
int evtchn_bind_virq(unsigned int virq, evtchn_port_t *port);
int evtchn_alloc_unbound(domid_t remote, evtchn_port_t *port);
int evtchn_bind_interdomain(domid_t remote, evtchn_port_t remote_port,
                            evtchn_port_t *port);
int evtchn_send(evtchn_port_t port);
int evtchn_close(evtchn_port_t port);

/* Consume an event the upcall recorded for port; true if there was one. */
bool evtchn_take(evtchn_port_t port);

/* Sleep (SCHEDOP_block) until one of ports[n] fires; consume that event
 * and return its index. */
unsigned int evtchn_wait(const evtchn_port_t *ports, unsigned int n);

/* ---- time.c: the pvclock, the wall clock and timed waits ---- */

#define TIME_WAIT_TIMEOUT (-1)
#define TIME_WAIT_MAX     4 /* ports per time_wait */

int time_init(void);
uint64_t time_now(void);  /* system time, ns since the domain started */
uint64_t time_wall(void); /* ns since 1970-01-01 UTC */
uint64_t time_rdtsc(void);

/* Like evtchn_wait, but give up at the system time deadline
 * (TIME_WAIT_TIMEOUT). n <= TIME_WAIT_MAX. */
int time_wait(const evtchn_port_t *ports, unsigned int n, uint64_t deadline);
void time_sleep_until(uint64_t deadline);

/* VIRQ_TIMER's port (0 if unbound), for callers that arm set_timer_op
 * themselves and wait on it next to their own ports. */
evtchn_port_t time_port(void);

/* ---- console.c: the PV console ring, or console_io as dom0 ---- */

void console_init(const struct start_info *si);
void console_write(const char *s, size_t n);
size_t console_read(char *buf, size_t n); /* non-blocking */
void console_flush(uint64_t timeout_ns);
bool console_is_ring(void);

#endif
