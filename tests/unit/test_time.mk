UNIT_SRCS_test_time := kernel/time_conv.c
