FUZZ_SRCS_fuzz_xs_wire := $(wildcard dom0-tools/xenstored/*.c)
FUZZ_CFLAGS_fuzz_xs_wire := -Idom0-tools/include
