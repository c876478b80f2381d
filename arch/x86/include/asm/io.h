/* SPDX-License-Identifier: BSD-2-Clause */
/* Port I/O and MMIO accessors. */
#ifndef ASM_IO_H
#define ASM_IO_H

#include <basalt/types.h>

static inline uint8_t inb(uint16_t port)
{
    uint8_t v;
    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}
static inline uint16_t inw(uint16_t port)
{
    uint16_t v;
    __asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}
static inline uint32_t inl(uint16_t port)
{
    uint32_t v;
    __asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}
static inline void outb(uint8_t v, uint16_t port)
{
    __asm__ volatile("outb %0, %1" ::"a"(v), "Nd"(port));
}
static inline void outw(uint16_t v, uint16_t port)
{
    __asm__ volatile("outw %0, %1" ::"a"(v), "Nd"(port));
}
static inline void outl(uint32_t v, uint16_t port)
{
    __asm__ volatile("outl %0, %1" ::"a"(v), "Nd"(port));
}
/* A short delay: a write to the unused POST port. */
static inline void io_delay(void)
{
    outb(0, 0x80);
}

static inline uint32_t mmio_read32(const volatile void *a)
{
    return *(const volatile uint32_t *)a;
}
static inline void mmio_write32(volatile void *a, uint32_t v)
{
    *(volatile uint32_t *)a = v;
}
static inline uint64_t mmio_read64(const volatile void *a)
{
    return *(const volatile uint64_t *)a;
}
static inline void mmio_write64(volatile void *a, uint64_t v)
{
    *(volatile uint64_t *)a = v;
}

/* Map 'len' bytes of MMIO at physical 'pa' uncached (or write-combining
 * for frame buffers); returns the virtual address. Panics when the
 * ioremap window is full: it is only used at boot. */
void *ioremap(paddr_t pa, size_t len);
void *ioremap_wc(paddr_t pa, size_t len);

#endif
