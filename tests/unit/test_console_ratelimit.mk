UNIT_SRCS_test_console_ratelimit := kernel/console_ratelimit.c
