FUZZ_SRCS_fuzz_xen_elf := kernel/xen_elf.c kernel/xen_elf_notes.c kernel/xen_elf_legacy.c
