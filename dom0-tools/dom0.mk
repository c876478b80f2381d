# SPDX-License-Identifier: BSD-2-Clause
# The control domain: newlib, dom0.elf (our PV OS, the shell, xl, libxc,
# the backends), its initrd and an ISO booting it. Included by the top-level
# Makefile; every name here starts with DOM0_ or NEWLIB_.
#
#   make dom0          $(BUILD)/dom0.elf
#   make dom0-initrd   $(BUILD)/dom0-initrd.tar (GUESTS_DIR=path to choose)
#   make dom0-iso      $(BUILD)/basalt-dom0.iso

# newlib was built with gcc, so dom0 is too, whatever CC the hypervisor uses.
DOM0_CC      ?= gcc
DOM0_LD      ?= ld
DOM0_BUILD   := $(BUILD)/dom0
NEWLIB_DIR   := $(BUILD)/newlib
NEWLIB_STAMP := $(NEWLIB_DIR)/.built
NEWLIB_ROOT  := $(NEWLIB_DIR)/x86_64-elf

# Every C and assembly file of these folders is part of dom0.
DOM0_PARTS := os shell xl libxc xenstored consoled
DOM0_SRCS  := $(wildcard $(foreach p,$(DOM0_PARTS),dom0-tools/$(p)/*.c \
                                                   dom0-tools/$(p)/*.S))
DOM0_OBJS  := $(patsubst %,$(DOM0_BUILD)/%.o,$(DOM0_SRCS))
DOM0_LDS   := dom0-tools/os/dom0.lds

# newlib's headers, then gcc's own (stddef.h, stdarg.h); no host headers.
# No red zone: event upcalls land on the current stack.
DOM0_CFLAGS := -std=gnu11 -O2 -g -ffreestanding -nostdinc \
    -isystem $(NEWLIB_ROOT)/include \
    -isystem $(shell $(DOM0_CC) -print-file-name=include) \
    -mno-red-zone -fno-pic -fno-pie -fno-stack-protector \
    -fno-asynchronous-unwind-tables -fno-omit-frame-pointer \
    -fno-strict-aliasing -Idom0-tools/include -Iinclude \
    -Wall -Wextra -Werror -MMD -MP
DOM0_ASFLAGS := -D__ASSEMBLY__ -fno-pic -fno-pie -Idom0-tools/include \
    -Iinclude -MMD -MP
DOM0_LDFLAGS := -nostdlib -static -z max-page-size=0x1000 -z noexecstack \
    --no-dynamic-linker -T $(DOM0_LDS)
DOM0_LIBS := $(NEWLIB_ROOT)/lib/libc.a $(NEWLIB_ROOT)/lib/libm.a

# Built once per build tree (a minute or two); `rm -rf $(NEWLIB_DIR)` to
# rebuild. Needs the newlib-source package (tools/deps.sh).
$(NEWLIB_STAMP):
	bash dom0-tools/newlib/build.sh $(NEWLIB_DIR)
$(DOM0_LIBS): $(NEWLIB_STAMP)

$(DOM0_BUILD)/%.c.o: %.c $(NEWLIB_STAMP)
	@mkdir -p $(dir $@)
	$(DOM0_CC) $(DOM0_CFLAGS) -c $< -o $@

$(DOM0_BUILD)/%.S.o: %.S
	@mkdir -p $(dir $@)
	$(DOM0_CC) $(DOM0_ASFLAGS) -c $< -o $@

$(BUILD)/dom0.elf: $(DOM0_OBJS) $(DOM0_LDS) $(NEWLIB_STAMP)
	$(DOM0_LD) $(DOM0_LDFLAGS) -o $@ $(DOM0_OBJS) --start-group \
	    $(DOM0_LIBS) $(shell $(DOM0_CC) -print-libgcc-file-name) --end-group
	@size $@ | tail -1 | awk '{printf "  dom0: text %d, data %d, bss %d bytes\n", $$1, $$2, $$3}'

# The initrd: every *.cfg of GUESTS_DIR under etc/xl/, every other file
# under boot/guests/, plus the sample guest kernels DOM0_SAMPLE_GUESTS
# (ELF paths; dom0-tools/guests/ appends to it). ustar, sorted, owner 0
# and mtime 0, so the same inputs give the same bytes.
GUESTS_DIR         ?=
DOM0_SAMPLE_GUESTS ?=
DOM0_GUEST_FILES    = $(wildcard dom0-tools/samples/* $(addsuffix /*,$(GUESTS_DIR)))
DOM0_INITRD        ?= $(BUILD)/dom0-initrd.tar
# The sample guests' rules (they add to DOM0_SAMPLE_GUESTS).
-include dom0-tools/guests/guests.mk

# Rebuilt when the list of inputs changes, not only when a file does.
$(DOM0_INITRD).list: FORCE_DOM0
	@mkdir -p $(dir $@)
	@echo '$(GUESTS_DIR) $(DOM0_GUEST_FILES) $(DOM0_SAMPLE_GUESTS)' | \
	    cmp -s - $@ || echo '$(GUESTS_DIR) $(DOM0_GUEST_FILES) $(DOM0_SAMPLE_GUESTS)' > $@
FORCE_DOM0:
.PHONY: FORCE_DOM0 dom0 dom0-initrd dom0-iso

$(DOM0_INITRD): $(DOM0_INITRD).list $(DOM0_GUEST_FILES) $(DOM0_SAMPLE_GUESTS)
	@rm -rf $@.d && mkdir -p $@.d/etc/xl $@.d/boot/guests
	@for f in $(DOM0_GUEST_FILES) $(DOM0_SAMPLE_GUESTS); do \
	    [ -f "$$f" ] || continue; \
	    case "$$f" in *.cfg) d=etc/xl;; *) d=boot/guests;; esac; \
	    cp "$$f" $@.d/$$d/; \
	done
	tar --format=ustar --sort=name --owner=0 --group=0 --numeric-owner \
	    --mtime=@0 -C $@.d -cf $@ etc boot
	@rm -rf $@.d

DOM0_CMDLINE ?= $(CMDLINE)
$(BUILD)/basalt-dom0.iso: $(BUILD)/basalt.elf $(BUILD)/dom0.elf $(DOM0_INITRD) \
                          tools/mkiso.sh $(BUILD)/cmdline.stamp
	bash tools/mkiso.sh $@ $(BUILD)/basalt.elf "$(DOM0_CMDLINE)" \
	    $(BUILD)/dom0.elf $(DOM0_INITRD)

# The end-to-end tests' image: the default one plus the hostile configs
# and kernels of tests/dom0/ and the test kernels dom0 starts as domUs.
DOM0_TEST_FILES := $(wildcard tests/dom0/*) $(DOM0_TEST_KERNELS)
$(BUILD)/dom0-test-initrd.tar: $(DOM0_INITRD) $(DOM0_TEST_FILES)
	@rm -rf $@.d && mkdir -p $@.d && tar -C $@.d -xf $(DOM0_INITRD)
	@for f in $(DOM0_TEST_FILES); do \
	    case "$$f" in *.cfg) d=etc/xl;; *) d=boot/guests;; esac; \
	    cp "$$f" $@.d/$$d/; \
	done
	tar --format=ustar --sort=name --owner=0 --group=0 --numeric-owner \
	    --mtime=@0 -C $@.d -cf $@ etc boot
	@rm -rf $@.d

$(BUILD)/basalt-dom0-test.iso: $(BUILD)/basalt.elf $(BUILD)/dom0.elf \
        $(BUILD)/dom0-test-initrd.tar tools/mkiso.sh $(BUILD)/cmdline.stamp
	bash tools/mkiso.sh $@ $(BUILD)/basalt.elf "$(DOM0_CMDLINE)" \
	    $(BUILD)/dom0.elf $(BUILD)/dom0-test-initrd.tar

dom0: $(BUILD)/dom0.elf
dom0-initrd: $(DOM0_INITRD)
dom0-iso: $(BUILD)/basalt-dom0.iso

-include $(DOM0_OBJS:.o=.d)
