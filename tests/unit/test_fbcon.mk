UNIT_SRCS_test_fbcon := drivers/video/fbcon.c build/gen/font.c
