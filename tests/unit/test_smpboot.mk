UNIT_SRCS_test_smpboot := arch/x86/smpboot.c
