UNIT_SRCS_test_dom0_lineedit := dom0-tools/shell/lineedit.c dom0-tools/shell/split.c
UNIT_CFLAGS_test_dom0_lineedit := -Idom0-tools/include -Idom0-tools/shell
