UNIT_SRCS_test_pv_emul := arch/x86/pv/emulate_decode.c
