/* SPDX-License-Identifier: BSD-2-Clause */
/* Entry from the boot loader: multiboot2 (GRUB) and multiboot1 (QEMU
 * -kernel) headers, 32-bit protected mode to long mode, jump to C. */
#include <asm/config.h>

#define PA(x) ((x) - BASALT_VIRT_START + BASALT_LOAD_PHYS)
#define MB2_MAGIC 0xe85250d6
#define MB1_MAGIC 0x1badb002
#define MB1_FLAGS 0x00010003 /* page-align, meminfo, a.out kludge */
#define PTE_P_RW 0x003
#define PDE_2M 0x083

        .section .text.boot, "ax"
        .code32

/* Multiboot2 header (first 32 KiB of the file, 8-byte aligned). */
        .balign 8
mb2_header:
        .long MB2_MAGIC, 0, mb2_header_end - mb2_header
        .long -(MB2_MAGIC + (mb2_header_end - mb2_header))
        /* information request: cmdline, modules, mmap, fb, ACPI, EFI mmap */
        .balign 8
mb2_info_req:
        .short 1, 0
        .long mb2_info_req_end - mb2_info_req
        .long 1, 3, 6, 14, 15
mb2_info_req_end:
        /* entry address tag: the 32-bit physical entry point */
        .balign 8
        .short 3, 0
        .long 12
        .long PA(start32)
        /* framebuffer tag (optional): any mode GRUB likes, text or pixels */
        .balign 8
        .short 5, 1
        .long 20
        .long 0, 0, 0
        /* module alignment: modules page aligned */
        .balign 8
        .short 6, 0
        .long 8
        /* end tag */
        .balign 8
        .short 0, 0
        .long 8
mb2_header_end:

/* Multiboot1 header with the a.out kludge, so QEMU -kernel loads the
 * ELF64 image as a flat binary. */
        .balign 4
mb1_header:
        .long MB1_MAGIC, MB1_FLAGS, -(MB1_MAGIC + MB1_FLAGS)
        .long PA(mb1_header)      /* header_addr */
        .long PA(__image_start)   /* load_addr */
        .long PA(__load_end)      /* load_end_addr */
        .long PA(__bss_end)       /* bss_end_addr */
        .long PA(start32)         /* entry_addr */

/* EAX = boot magic, EBX = physical address of the information block. */
        .globl start32
start32:
        cli
        cld
        mov     %eax, %edi
        mov     %ebx, %esi

        /* Long mode needs CPUID leaf 0x80000001 EDX bit 29. */
        mov     $0x80000000, %eax
        cpuid
        cmp     $0x80000001, %eax
        jb      no_long_mode
        mov     $0x80000001, %eax
        cpuid
        bt      $29, %edx
        jnc     no_long_mode
        mov     %edx, %ebp          /* keep: NX support is bit 20 */

        lgdt    PA(boot_gdt_desc)
        mov     $0x10, %eax
        mov     %eax, %ds
        mov     %eax, %es
        mov     %eax, %ss

        /* A known CR4, not whatever the loader left (LA57 would turn our
         * 4-level tables into a triple fault): PAE only. */
        mov     $0x20, %eax
        mov     %eax, %cr4
        mov     $PA(boot_l4), %eax
        mov     %eax, %cr3

        mov     $0xc0000080, %ecx   /* EFER: LME, and NXE when present */
        rdmsr
        or      $0x100, %eax
        bt      $20, %ebp
        jnc     1f
        or      $0x800, %eax
1:      wrmsr

        mov     $0x80010021, %eax   /* PG | WP | NE | PE */
        mov     %eax, %cr0
        ljmp    $0x08, $PA(start64_low)

no_long_mode:
        mov     $PA(msg_no_lm), %esi
        mov     $0x3f8, %dx
1:      lodsb
        test    %al, %al
        jz      2f
        outb    %al, %dx
        jmp     1b
2:      hlt
        jmp     2b

        .code64
start64_low:
        /* Still on the identity map: jump to the high image address. */
        movabs  $start64_high, %rax
        jmp     *%rax

        .text
start64_high:
        xor     %eax, %eax
        mov     %eax, %ds
        mov     %eax, %es
        mov     %eax, %ss
        mov     %eax, %fs
        mov     %eax, %gs
        /* Zero .bss (multiboot1 loaders need not), keeping magic/info. */
        mov     %edi, %r12d
        mov     %esi, %r13d
        lea     __bss_start(%rip), %rdi
        lea     __bss_end(%rip), %rcx
        sub     %rdi, %rcx
        xor     %eax, %eax
        rep     stosb
        lea     boot_stack_top(%rip), %rsp
        pushq   $0                  /* clean RFLAGS: IF, AC, DF all clear */
        popfq
        xor     %ebp, %ebp
        mov     %r12d, %edi
        mov     %r13d, %esi
        call    start_basalt
1:      cli
        hlt
        jmp     1b

        .section .rodata.boot, "a"
msg_no_lm:
        .asciz  "Basalt: this CPU has no long mode (x86_64); halting.\r\n"

        .balign 8
boot_gdt:
        .quad   0
        .quad   0x00af9a000000ffff  /* 0x08: 64-bit code */
        .quad   0x00cf92000000ffff  /* 0x10: data */
boot_gdt_end:
boot_gdt_desc:
        .short  boot_gdt_end - boot_gdt - 1
        .long   PA(boot_gdt)

/* Bootstrap page tables: identity map of the first GiB (for the jump to
 * long mode), the image at BASALT_VIRT_START, and a direct map of the
 * first 4 GiB at DIRECTMAP_VIRT_START. Replaced early by paging_init. */
        .section .data.boot, "aw"
        .balign 4096
        .globl boot_l4
boot_l4:
        .quad   PA(boot_l3_ident) + PTE_P_RW
        .fill   (BASALT_VIRT_START >> 39 & 511) - 1, 8, 0
        .quad   PA(boot_l3_image) + PTE_P_RW
        .quad   PA(boot_l3_dmap) + PTE_P_RW
        .fill   511 - (BASALT_VIRT_START >> 39 & 511) - 1, 8, 0
boot_l3_ident:
        .quad   PA(boot_l2_dmap) + PTE_P_RW
        .fill   511, 8, 0
boot_l3_image:
        .fill   (BASALT_VIRT_START >> 30 & 511), 8, 0
        .quad   PA(boot_l2_image) + PTE_P_RW
        .fill   511 - (BASALT_VIRT_START >> 30 & 511), 8, 0
boot_l3_dmap:
        .quad   PA(boot_l2_dmap) + PTE_P_RW
        .quad   PA(boot_l2_dmap) + 0x1000 + PTE_P_RW
        .quad   PA(boot_l2_dmap) + 0x2000 + PTE_P_RW
        .quad   PA(boot_l2_dmap) + 0x3000 + PTE_P_RW
        .fill   508, 8, 0
boot_l2_image:             /* 32 MiB of image, 2 MiB pages */
        .set    i, 0
        .rept   16
        .quad   BASALT_LOAD_PHYS + (i << 21) + PDE_2M
        .set    i, i + 1
        .endr
        .fill   512 - 16, 8, 0
boot_l2_dmap:              /* 4 GiB, 2 MiB pages */
        .set    i, 0
        .rept   2048
        .quad   (i << 21) + PDE_2M
        .set    i, i + 1
        .endr

        .section .bss.stack, "aw", @nobits
        .balign 4096
        .globl boot_stack, boot_stack_top
boot_stack:
        .skip   16384
boot_stack_top:

        .section .note.GNU-stack, "", @progbits
