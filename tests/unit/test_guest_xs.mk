UNIT_SRCS_test_guest_xs := dom0-tools/guests/lib/xs.c dom0-tools/guests/lib/ring.c
UNIT_CFLAGS_test_guest_xs := -Idom0-tools/guests/lib
