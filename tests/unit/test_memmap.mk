UNIT_SRCS_test_memmap := kernel/memmap.c
