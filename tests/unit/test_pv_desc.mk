UNIT_SRCS_test_pv_desc := arch/x86/pv/descriptor_check.c arch/x86/pv/mm_rules.c arch/x86/pv/mm_validate.c
