UNIT_SRCS_test_guest_ring := dom0-tools/guests/lib/ring.c
UNIT_CFLAGS_test_guest_ring := -Idom0-tools/guests/lib
