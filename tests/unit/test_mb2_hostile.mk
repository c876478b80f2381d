UNIT_SRCS_test_mb2_hostile := arch/x86/boot/mb2.c
