UNIT_SRCS_test_pv_time := kernel/pv_time.c kernel/time_conv.c
