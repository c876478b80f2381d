UNIT_SRCS_test_xl_layout := dom0-tools/libxc/layout.c dom0-tools/libxc/bootinfo.c dom0-tools/libxc/elf_notes.c
UNIT_CFLAGS_test_xl_layout := -Idom0-tools/include
