/* SPDX-License-Identifier: BSD-2-Clause */
/* Consoles: output sinks for the log, and the serial input buffer. */
#ifndef BASALT_CONSOLE_H
#define BASALT_CONSOLE_H

#include <basalt/types.h>

struct boot_fb;

struct console {
    const char *name;
    void (*write)(const char *s, size_t n); /* must handle '\n' itself */
    struct console *next;
};

/* Add a console; from now on every log line also goes to it. */
void console_register(struct console *c);
/* The registered consoles, newest first. */
const struct console *console_first(void);
/* Called by panic: printk may then bypass a console lock that will never
 * be released. */
void console_start_panic(void);
/* Write raw bytes to every registered console (no prefix, no ring). */
void console_write(const char *s, size_t n);
/* dom0's raw output, under the console lock (whole chunks, never split by
 * a printk line). */
void console_guest_write(const char *s, size_t n);

/* Serial input: the UART interrupt handler puts bytes, readers get them. */
void console_input_put(char c);
int console_input_get(void); /* -1 when empty */
/* Serial input focus: dom0 (CONSOLEIO_read, VIRQ_CONSOLE) or the debug
 * keys; three CTRL-a switch it. */
bool console_input_dom0(void);
void console_input_switch(bool to_dom0);

/* Run the debug key for each byte waiting in the input ring. */
void keyhandler_run(void);

/* The log ring (later read by `xl dmesg`): copies up to 'size' bytes of the
 * oldest-first log into buf; returns bytes copied. */
size_t log_ring_read(char *buf, size_t size, size_t offset);
size_t log_ring_size(void);
/* Absolute positions (bytes ever logged) for XEN_SYSCTL_readconsole: the
 * end of the log, and up to 'size' bytes from 'pos' (0 when pos is no
 * longer, or not yet, in the ring). */
uint64_t log_ring_head(void);
size_t log_ring_read_at(char *buf, size_t size, uint64_t pos);

/* Bring up the consoles console= asks for: early (serial, VGA text) and
 * late (framebuffer, once MMIO can be mapped). */
void console_init(void);
void console_init_late(void);

/* Console drivers. */
void ns16550_init(uint16_t port, uint32_t baud);
void ns16550_enable_irq(void); /* after the IOAPIC is up */
void ns16550_interrupt(void);
/* Early polled input: a received byte, or -1 when none (or no UART). */
int ns16550_getc_poll(void);
extern uint16_t ns16550_port; /* 0 when there is no serial console */
void vga_text_init(void);     /* 80x25 text at 0xB8000 */
/* Framebuffer text console on a linear RGB framebuffer whose pixels are
 * already mapped at 'va'. */
void fbcon_init(void *va, const struct boot_fb *fb);

/* console_io from unprivileged domains (kernel/console_ratelimit.c): a
 * bucket of CONSOLE_BURST bytes refilled at CONSOLE_RATE per second.
 * Returns how many of 'want' bytes may go out at 'now' (ns). */
#define CONSOLE_BURST 16384
#define CONSOLE_RATE  16384
size_t console_ratelimit(uint64_t *tokens, s_time_t *stamp, s_time_t now,
                         size_t want);

#endif
