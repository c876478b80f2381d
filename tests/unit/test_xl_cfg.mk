UNIT_SRCS_test_xl_cfg := dom0-tools/xl/cfg.c dom0-tools/xl/cfg_lex.c dom0-tools/xl/cfg_cpus.c dom0-tools/xl/cfg_domain.c
UNIT_CFLAGS_test_xl_cfg := -Idom0-tools/include
