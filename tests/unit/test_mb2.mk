UNIT_SRCS_test_mb2 := arch/x86/boot/mb2.c
