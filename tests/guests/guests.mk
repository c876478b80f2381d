# SPDX-License-Identifier: BSD-2-Clause
# PV test kernels (tests/guests/*.c): tiny x86_64 kernels for Xen's PV ABI,
# booted as the initial domain by Basalt, or by real Xen as the oracle.
# Include from the top-level Makefile; every name here starts with GUEST_.

GUEST_CC      ?= gcc
GUEST_LD      ?= ld
GUEST_BUILD   ?= $(if $(BUILD),$(BUILD),build)/guests
GUEST_LIB_DIR := tests/guests/lib

# Guest kernels live in the top 2 GiB (like Linux), so -mcmodel=kernel.
GUEST_CFLAGS := -std=gnu11 -O2 -g -ffreestanding -fno-pic -fno-pie \
    -mcmodel=kernel -mno-red-zone -mgeneral-regs-only -fno-stack-protector \
    -fno-asynchronous-unwind-tables -fno-strict-aliasing -fno-builtin \
    -nostdlib -I$(GUEST_LIB_DIR) -Iinclude -Wall -Wextra -Werror -MMD -MP
GUEST_ASFLAGS := -D__ASSEMBLY__ -fno-pic -fno-pie -I$(GUEST_LIB_DIR) \
    -Iinclude -MMD -MP
GUEST_LDFLAGS := -nostdlib -static -z max-page-size=0x1000 -z noexecstack \
    --no-dynamic-linker -T $(GUEST_LIB_DIR)/guest.lds

GUEST_LIB_SRCS := $(GUEST_LIB_DIR)/start.S $(GUEST_LIB_DIR)/notes.S \
    $(GUEST_LIB_DIR)/lib.c $(GUEST_LIB_DIR)/test.c \
    kernel/lib/string.c kernel/lib/vsnprintf.c
GUEST_LIB_OBJS := $(patsubst %,$(GUEST_BUILD)/%.o,$(GUEST_LIB_SRCS))
GUEST_NAMES    := $(patsubst tests/guests/%.c,%,$(wildcard tests/guests/*.c))
GUEST_ELFS     := $(patsubst %,$(GUEST_BUILD)/%.elf,$(GUEST_NAMES))

$(GUEST_BUILD)/%.c.o: %.c
	@mkdir -p $(dir $@)
	$(GUEST_CC) $(GUEST_CFLAGS) -c $< -o $@

$(GUEST_BUILD)/%.S.o: %.S
	@mkdir -p $(dir $@)
	$(GUEST_CC) $(GUEST_ASFLAGS) -c $< -o $@

$(GUEST_BUILD)/%.elf: $(GUEST_BUILD)/tests/guests/%.c.o $(GUEST_LIB_OBJS) \
                      $(GUEST_LIB_DIR)/guest.lds
	$(GUEST_LD) $(GUEST_LDFLAGS) -o $@ $(GUEST_LIB_OBJS) $<

# Keep the objects: they are chained through pattern rules.
.SECONDARY: $(GUEST_LIB_OBJS) \
    $(patsubst %,$(GUEST_BUILD)/tests/guests/%.c.o,$(GUEST_NAMES))

.PHONY: guests guests-oracle
guests: $(GUEST_ELFS)

# Run every test kernel as the initial domain of real Xen 4.17 (the oracle).
# crash_* kernels are hostile (they must crash), input_* ones need the
# runner to type and bench_* ones measure; they are judged by
# tests/scenarios.py or make bench on Basalt, not by the oracle.
guests-oracle: $(GUEST_ELFS) $(GUEST_INITRD)
	@rc=0; for g in $(filter-out $(GUEST_BUILD)/crash_% $(GUEST_BUILD)/bench_% $(GUEST_BUILD)/input_%,$(GUEST_ELFS)); do \
	    ORACLE_INITRD=$$(case $$g in */initrd.elf) echo $(GUEST_INITRD);; esac) \
	    bash tests/guests/xen-oracle.sh $$g || rc=1; done; exit $$rc

# The initrd test kernel's module: a 16-byte magic, then byte i is
# (i * 7 + 3) & 0xff, 123,457 bytes in all (not a page multiple).
GUEST_INITRD := $(GUEST_BUILD)/initrd-data.bin
$(GUEST_INITRD):
	@mkdir -p $(dir $@)
	python3 -c 'import sys; d = bytearray(b"BASALT-INITRD-01"); \
	    d += bytes((i * 7 + 3) & 0xff for i in range(16, 123457)); \
	    sys.stdout.buffer.write(d)' > $@

-include $(wildcard $(GUEST_BUILD)/tests/guests/*.d $(GUEST_BUILD)/tests/guests/lib/*.d)
