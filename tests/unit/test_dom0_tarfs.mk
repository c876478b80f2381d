UNIT_SRCS_test_dom0_tarfs := dom0-tools/os/tarfs.c
UNIT_CFLAGS_test_dom0_tarfs := -Idom0-tools/include -Idom0-tools/os
