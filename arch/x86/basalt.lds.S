/* SPDX-License-Identifier: BSD-2-Clause */
/* Link the hypervisor at BASALT_VIRT_START, loaded at BASALT_LOAD_PHYS,
 * one PT_LOAD per permission so the loader and paging agree. */
#include <asm/config.h>

OUTPUT_FORMAT("elf64-x86-64")
OUTPUT_ARCH(i386:x86-64)
ENTRY(start32)

PHDRS
{
    text PT_LOAD FLAGS(5);
    rodata PT_LOAD FLAGS(4);
    data PT_LOAD FLAGS(6);
}

SECTIONS
{
    . = BASALT_VIRT_START;
    __image_start = .;
    .text : AT(ADDR(.text) - BASALT_VIRT_START + BASALT_LOAD_PHYS) {
        _stext = .;
        *(.text.boot)
        *(.text .text.*)
        . = ALIGN(4096);
        *(.text.trampoline)
        . = ALIGN(4096);
        _etext = .;
    } :text

    .rodata : AT(ADDR(.rodata) - BASALT_VIRT_START + BASALT_LOAD_PHYS) {
        _srodata = .;
        *(.rodata .rodata.* .data.rel.ro .data.rel.ro.*)
        . = ALIGN(8);
        __ex_table_start = .;
        *(__ex_table)
        __ex_table_end = .;
        . = ALIGN(8);
        __param_start = .;
        *(.data.param)
        __param_end = .;
        . = ALIGN(8);
        *(basalt_symbols) /* last: it may grow between the two links */
        . = ALIGN(4096);
        _erodata = .;
    } :rodata

    .data : AT(ADDR(.data) - BASALT_VIRT_START + BASALT_LOAD_PHYS) {
        _sdata = .;
        *(.data.boot)
        *(.data .data.*)
        . = ALIGN(4096);
        __load_end = .;
    } :data

    .bss : AT(ADDR(.bss) - BASALT_VIRT_START + BASALT_LOAD_PHYS) {
        __bss_start = .;
        *(.bss.stack)
        *(.bss .bss.* COMMON)
        . = ALIGN(4096);
        __bss_end = .;
    } :data
    _end = .;

    /DISCARD/ : { *(.comment) *(.note.*) *(.eh_frame) *(.interp)
                  *(.dynsym) *(.dynstr) *(.hash) *(.gnu.hash) *(.dynamic) }
}

/* e_entry is virtual, inside the text segment: GRUB turns it into the
 * physical address through the program headers; the multiboot headers
 * carry the physical entry for everyone else. */
ASSERT(_end - BASALT_VIRT_START <= 32 * 1024 * 1024, "image exceeds 32 MiB")
