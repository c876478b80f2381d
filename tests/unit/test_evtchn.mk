UNIT_SRCS_test_evtchn := kernel/event_bind.c kernel/event_channel.c kernel/event_2l.c
