UNIT_SRCS_test_xl_cmd := tests/unit/xl_fake.c tests/unit/xl_fake_os.c $(wildcard dom0-tools/xl/*.c) $(wildcard dom0-tools/libxc/*.c)
UNIT_CFLAGS_test_xl_cmd := -Idom0-tools/include
