FUZZ_SRCS_fuzz_mb2 := arch/x86/boot/mb2.c kernel/memmap.c
