FUZZ_SRCS_fuzz_cmdline := kernel/cmdline.c kernel/lib/strtoull.c
