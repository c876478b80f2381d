UNIT_SRCS_test_pv_mm := arch/x86/pv/mm_rules.c arch/x86/pv/mm_validate.c
