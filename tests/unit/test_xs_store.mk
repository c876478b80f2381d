UNIT_SRCS_test_xs_store := $(wildcard dom0-tools/xenstored/*.c)
UNIT_CFLAGS_test_xs_store := -Idom0-tools/include
