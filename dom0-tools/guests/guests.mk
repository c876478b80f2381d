# SPDX-License-Identifier: BSD-2-Clause
# The sample PV guests of the default dom0 image (dom0-tools/guests/):
# hello, ticker, ping and pong on their own small runtime (lib/).
# Included by dom0-tools/dom0.mk before its initrd rule. Names start with
# SAMPLE_, except DOM0_SAMPLE_GUESTS: the ELFs the initrd packs under
# /boot/guests/ (their configs are dom0-tools/samples/*.cfg).

SAMPLE_CC    ?= gcc
SAMPLE_LD    ?= ld
SAMPLE_BUILD := $(if $(BUILD),$(BUILD),build)/dom0-guests
SAMPLE_DIR   := dom0-tools/guests
SAMPLE_NAMES := hello ticker ping pong

# Kernels in the top 2 GiB (like Linux and the PV test kernels), so
# -mcmodel=kernel; freestanding, no FPU/SSE state to manage.
SAMPLE_CFLAGS := -std=gnu11 -O2 -ffreestanding -fno-pic -fno-pie \
    -mcmodel=kernel -mno-red-zone -mgeneral-regs-only -fno-stack-protector \
    -fno-asynchronous-unwind-tables -fno-strict-aliasing -fno-builtin \
    -nostdlib -I$(SAMPLE_DIR)/lib -Iinclude -Wall -Wextra -Werror -MMD -MP
SAMPLE_ASFLAGS := -D__ASSEMBLY__ -fno-pic -fno-pie -Iinclude -MMD -MP
SAMPLE_LDFLAGS := -nostdlib -static -z max-page-size=0x1000 -z noexecstack \
    --no-dynamic-linker -T $(SAMPLE_DIR)/lib/guest.lds

# The runtime, plus Basalt's own string and printf code (kernel/lib).
SAMPLE_LIB_SRCS := $(wildcard $(SAMPLE_DIR)/lib/*.S $(SAMPLE_DIR)/lib/*.c) \
    kernel/lib/string.c kernel/lib/vsnprintf.c
SAMPLE_LIB_OBJS := $(patsubst %,$(SAMPLE_BUILD)/obj/%.o,$(SAMPLE_LIB_SRCS))
SAMPLE_OBJS     := $(patsubst %,$(SAMPLE_BUILD)/obj/$(SAMPLE_DIR)/%.c.o,\
    $(SAMPLE_NAMES))
SAMPLE_ELFS        := $(patsubst %,$(SAMPLE_BUILD)/%.elf,$(SAMPLE_NAMES))
DOM0_SAMPLE_GUESTS += $(SAMPLE_ELFS)

$(SAMPLE_BUILD)/obj/%.c.o: %.c
	@mkdir -p $(dir $@)
	$(SAMPLE_CC) $(SAMPLE_CFLAGS) -c $< -o $@

$(SAMPLE_BUILD)/obj/%.S.o: %.S
	@mkdir -p $(dir $@)
	$(SAMPLE_CC) $(SAMPLE_ASFLAGS) -c $< -o $@

$(SAMPLE_BUILD)/%.elf: $(SAMPLE_BUILD)/obj/$(SAMPLE_DIR)/%.c.o \
                       $(SAMPLE_LIB_OBJS) $(SAMPLE_DIR)/lib/guest.lds
	$(SAMPLE_LD) $(SAMPLE_LDFLAGS) -o $@ $(SAMPLE_LIB_OBJS) $<

.SECONDARY: $(SAMPLE_LIB_OBJS) $(SAMPLE_OBJS)

.PHONY: sample-guests sample-isos
sample-guests: $(SAMPLE_ELFS)

# A sample booted as the initial domain, without a toolstack (testing):
# it falls back to console_io and, with no xenstore, says so. Needs
# $(BUILD)/basalt.elf from the top-level Makefile.
$(if $(BUILD),$(BUILD),build)/sample-%.iso: $(if $(BUILD),$(BUILD),build)/basalt.elf \
        $(SAMPLE_BUILD)/%.elf tools/mkiso.sh
	bash tools/mkiso.sh $@ $< "selftest" $(SAMPLE_BUILD)/$*.elf
sample-isos: $(patsubst %,$(if $(BUILD),$(BUILD),build)/sample-%.iso,\
    $(SAMPLE_NAMES))

-include $(SAMPLE_LIB_OBJS:.o=.d) $(SAMPLE_OBJS:.o=.d)
