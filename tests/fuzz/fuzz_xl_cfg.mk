FUZZ_SRCS_fuzz_xl_cfg := dom0-tools/xl/cfg.c dom0-tools/xl/cfg_lex.c dom0-tools/xl/cfg_cpus.c dom0-tools/xl/cfg_domain.c
FUZZ_CFLAGS_fuzz_xl_cfg := -Idom0-tools/include
