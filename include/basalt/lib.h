/* SPDX-License-Identifier: BSD-2-Clause */
/* Small C library for the hypervisor: strings, memory, formatted output. */
#ifndef BASALT_LIB_H
#define BASALT_LIB_H

#include <basalt/types.h>
#include <stdarg.h>

void *memset(void *s, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
size_t strlcpy(char *dst, const char *src, size_t size);

/* Parse an unsigned number in base 10, or 16 with a 0x prefix. Sets *end to
 * the first unparsed character. */
unsigned long long simple_strtoull(const char *s, const char **end,
                                   unsigned int base);

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
int snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Log a line (or part of one) to every console and the log ring. Each new
 * line is prefixed with "(basalt) ". */
void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vprintk(const char *fmt, va_list ap);

/* Stop the machine with a message; never returns. */
void panic(const char *fmt, ...)
    __attribute__((format(printf, 1, 2))) __noreturn;

#define BUG_ON(c)                                                              \
    do {                                                                       \
        if (unlikely(c))                                                       \
            panic("BUG at %s:%d: %s", __FILE__, __LINE__, #c);                 \
    } while (0)

#endif
