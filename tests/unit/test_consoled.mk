UNIT_SRCS_test_consoled := $(wildcard dom0-tools/consoled/*.c)
UNIT_CFLAGS_test_consoled := -Idom0-tools/include
