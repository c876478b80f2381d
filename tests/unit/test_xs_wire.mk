UNIT_SRCS_test_xs_wire := $(wildcard dom0-tools/xenstored/*.c)
UNIT_CFLAGS_test_xs_wire := -Idom0-tools/include
