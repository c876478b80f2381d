UNIT_SRCS_test_guest_console := dom0-tools/guests/lib/console.c dom0-tools/guests/lib/ring.c
UNIT_CFLAGS_test_guest_console := -Idom0-tools/guests/lib
