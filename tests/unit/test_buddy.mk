UNIT_SRCS_test_buddy := kernel/page_alloc.c
