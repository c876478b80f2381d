UNIT_SRCS_test_sched_credit := kernel/sched_credit.c
