UNIT_SRCS_test_domctl := kernel/domctl.c kernel/domctl_vcpu.c kernel/sysctl.c
