UNIT_SRCS_test_cmdline := kernel/cmdline.c kernel/lib/strtoull.c
