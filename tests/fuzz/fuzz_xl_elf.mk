FUZZ_SRCS_fuzz_xl_elf := dom0-tools/libxc/elf.c dom0-tools/libxc/elf_notes.c dom0-tools/libxc/elf_legacy.c kernel/xen_elf.c kernel/xen_elf_notes.c kernel/xen_elf_legacy.c
FUZZ_CFLAGS_fuzz_xl_elf := -Idom0-tools/include
