UNIT_SRCS_test_mb1 := arch/x86/boot/mb1.c
