/* SPDX-License-Identifier: BSD-2-Clause */
/* AP start-up trampoline: copied to a page below 1 MiB, entered in real
 * mode by a SIPI, it climbs to long mode and jumps into the image. */
#ifndef __ASSEMBLY__
#define __ASSEMBLY__
#endif
#include <asm/config.h>

/* Offset of a trampoline label from the start of its page copy. */
#define OFF(x) ((x) - trampoline_start)

#define TR_CS32 0x08
#define TR_DS 0x10
#define TR_CS64 0x18

/* Never executed in place: smpboot.c copies [trampoline_start,
 * trampoline_end) to trampoline_pa. Everything is addressed relative to
 * the copy (CS:0 in real mode, the base in EBX in protected mode, RIP in
 * long mode), so any page-aligned address below 1 MiB works. */
        .section .text.trampoline, "ax"
        .code16
        .balign 16
        .globl trampoline_start
trampoline_start:
        cli
        cld
        mov     %cs, %ax
        mov     %ax, %ds
        movzwl  %ax, %ebx
        shl     $4, %ebx                /* EBX = linear base of the copy */
        /* Patch the linear addresses the CPU needs: the GDT base and the
         * two far-jump targets. Every AP writes the same values. */
        lea     OFF(tr_gdt)(%ebx), %eax
        mov     %eax, OFF(tr_gdt_desc) + 2
        lea     OFF(tr_prot)(%ebx), %eax
        mov     %eax, OFF(tr_far32)
        lea     OFF(tr_long)(%ebx), %eax
        mov     %eax, OFF(tr_far64)
        lgdtl   OFF(tr_gdt_desc)
        mov     %cr0, %eax
        or      $1, %eax                /* PE */
        mov     %eax, %cr0
        ljmpl   *OFF(tr_far32)

        .code32
tr_prot:
        mov     $TR_DS, %eax
        mov     %eax, %ds
        mov     %eax, %es
        mov     %eax, %ss
        mov     %eax, %fs
        mov     %eax, %gs
        mov     %cr4, %eax
        or      $0x20, %eax             /* PAE */
        mov     %eax, %cr4
        mov     OFF(tr_cr3)(%ebx), %eax /* trampoline L4, below 4 GiB */
        mov     %eax, %cr3
        /* EFER.LME, and NXE before paging: the idle tables carry NX bits,
         * which are reserved (a #PF) while NXE is clear. */
        mov     $0xc0000080, %ecx
        rdmsr
        or      OFF(tr_efer)(%ebx), %eax
        wrmsr
        mov     $0x80010021, %eax       /* PG | WP | NE | PE */
        mov     %eax, %cr0
        ljmpl   *OFF(tr_far64)(%ebx)

        .code64
tr_long:
        /* Identity-mapped here; the idle page table is loaded from the
         * image (trampoline_high), since it has no mapping of this page. */
        mov     tr_stack_top(%rip), %rsp
        mov     tr_idle_cr3(%rip), %rax
        mov     tr_entry(%rip), %rcx
        jmp     *%rcx

        .balign 8
tr_gdt:
        .quad   0
        .quad   0x00cf9a000000ffff      /* 0x08: 32-bit code */
        .quad   0x00cf92000000ffff      /* 0x10: data */
        .quad   0x00af9a000000ffff      /* 0x18: 64-bit code */
tr_gdt_end:
tr_gdt_desc:
        .short  tr_gdt_end - tr_gdt - 1
        .long   0                       /* patched: linear base of tr_gdt */
        .balign 4
tr_far32:
        .long   0                       /* patched: linear tr_prot */
        .short  TR_CS32
        .balign 4
tr_far64:
        .long   0                       /* patched: linear tr_long */
        .short  TR_CS64

/* Written by the BSP before each SIPI; mirrored by struct trampoline_data
 * in smpboot.c (same order, same sizes). */
        .balign 8
        .globl trampoline_data
trampoline_data:
tr_cr3:
        .long   0                       /* trampoline L4 physical address */
tr_efer:
        .long   0                       /* EFER bits to set: LME, NXE */
tr_idle_cr3:
        .quad   0                       /* idle_l4_pa, may be above 4 GiB */
tr_stack_top:
        .quad   0                       /* top of the AP's stack slot */
tr_entry:
        .quad   0                       /* virtual address of trampoline_high */
tr_percpu:
        .quad   0                       /* &percpu_area[n] */
        .globl trampoline_end
trampoline_end:

/* Runs in place in the image, on the AP's own stack, still on the
 * trampoline page table (which shares the image's L4 slots). */
        .text
        .globl trampoline_high
trampoline_high:
        mov     %rax, %cr3
        xor     %ebp, %ebp
        push    $0                      /* fake return address ends traces */
        jmp     start_secondary

        .section .note.GNU-stack, "", @progbits
