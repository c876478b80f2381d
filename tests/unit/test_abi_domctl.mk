UNIT_SRCS_test_abi_domctl :=
