FUZZ_SRCS_fuzz_dom0_tarfs := dom0-tools/os/tarfs.c
FUZZ_CFLAGS_fuzz_dom0_tarfs := -Idom0-tools/os
