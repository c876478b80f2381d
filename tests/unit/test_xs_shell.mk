UNIT_SRCS_test_xs_shell := $(wildcard dom0-tools/xenstored/*.c)
UNIT_CFLAGS_test_xs_shell := -Idom0-tools/include
