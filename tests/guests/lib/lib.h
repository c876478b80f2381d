/* SPDX-License-Identifier: BSD-2-Clause */
/* The small runtime every PV test kernel links: console, strings, exit. */
#ifndef GUEST_LIB_H
#define GUEST_LIB_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <public/xen.h>
/* memset, memcpy, str*, snprintf, vsnprintf: kernel/lib, shared with the
 * hypervisor. */
#include <basalt/lib.h>

#define GUEST_PAGE_SIZE 4096UL

/* Registers as the hypervisor left them at the ELF entry (start.S). */
struct guest_entry_state {
    uint64_t rsp, rsi, rflags;
    uint16_t cs, ss, ds, es, fs, gs;
};

extern struct guest_entry_state guest_entry;
extern struct start_info *guest_start_info;
extern char _image_start[], _image_end[], _bss_start[], _bss_end[];

/* The test's body: returns the exit status (0 = success). */
int guest_main(struct start_info *si);

/* Print "guest: exit N", then shut the domain down; never returns. */
void guest_exit(int status) __attribute__((noreturn));

int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void console_write(const char *s, size_t len);
char *strstr(const char *hay, const char *needle);

#endif
