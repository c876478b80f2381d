UNIT_SRCS_test_pv_emul_policy := arch/x86/pv/emulate_policy.c
