# Basalt: the hypervisor image, its bootable ISO, and the tests.
# Doors: make | make iso | make run | make test | make bench | make format

SHELL    := /bin/bash
BUILD    ?= build
CC       ?= gcc
LD       := ld
PYTHON   := python3
CMDLINE  ?=
FONT     ?= /usr/share/consolefonts/Lat15-VGA16.psf.gz
QEMU     := qemu-system-x86_64
QEMU_RUN := $(QEMU) -machine q35 -accel tcg -cpu max -smp 2 -m 1G \
            -display none -serial mon:stdio -no-reboot

ifeq ($(origin CC),default)
CC := gcc
endif

# The hypervisor lives in Xen's window (slots 256-271), outside the top
# 2 GiB that -mcmodel=kernel needs, so like Xen we build position-
# independent code with hidden visibility and link it statically at
# BASALT_VIRT_START. No SSE: -mgeneral-regs-only.
HV_CFLAGS := -std=gnu11 -O2 -g -ffreestanding -fpie -fvisibility=hidden \
    -include include/basalt/compiler.h -mno-red-zone -mgeneral-regs-only \
    -fno-stack-protector -fno-omit-frame-pointer \
    -fno-asynchronous-unwind-tables -fno-strict-aliasing \
    -Wall -Wextra -Werror -Wno-unused-parameter -Iinclude -Iarch/x86/include \
    -MMD -MP
HV_ASFLAGS := -D__ASSEMBLY__ -Iinclude -Iarch/x86/include -MMD -MP
HV_LDFLAGS := -nostdlib -static -z max-page-size=0x1000 -z noexecstack \
    --no-dynamic-linker

# Every C and assembly file of these folders is hypervisor code, so a new
# file is built without a Makefile edit.
HV_SRCS := \
    arch/x86/boot/head.S arch/x86/boot/trampoline.S arch/x86/entry.S \
    arch/x86/boot/mb2.c arch/x86/boot/mb1.c \
    $(wildcard arch/x86/*.c arch/x86/pv/*.c arch/x86/pv/*.S kernel/*.c \
               kernel/lib/*.c drivers/*/*.c)

HV_OBJS := $(patsubst %,$(BUILD)/hv/%.o,$(HV_SRCS)) $(BUILD)/hv/gen/font.c.o

.PHONY: all iso run test unit bench fuzz format check-format check-clang clean deps FORCE
all: $(BUILD)/basalt.elf

deps:
	@bash tools/deps.sh

$(BUILD)/gen/font.c: tools/mkfont.py
	@mkdir -p $(dir $@)
	$(PYTHON) tools/mkfont.py $(FONT) $@

$(BUILD)/hv/gen/font.c.o: $(BUILD)/gen/font.c
	@mkdir -p $(dir $@)
	$(CC) $(HV_CFLAGS) -c $< -o $@

$(BUILD)/hv/%.c.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(HV_CFLAGS) -c $< -o $@

$(BUILD)/hv/%.S.o: %.S
	@mkdir -p $(dir $@)
	$(CC) $(HV_ASFLAGS) -c $< -o $@

$(BUILD)/basalt.lds: arch/x86/basalt.lds.S arch/x86/include/asm/config.h
	@mkdir -p $(dir $@)
	$(CC) -E -P -x c -D__ASSEMBLY__ -Iarch/x86/include $< -o $@

# Two links: the first yields the text symbols, which go at the end of
# .rodata for the second, so no text address moves between the two.
$(BUILD)/basalt.elf: $(HV_OBJS) $(BUILD)/basalt.lds tools/mksyms.py
	@mkdir -p $(BUILD)/gen
	@$(PYTHON) tools/mksyms.py /dev/null $(BUILD)/gen/symbols0.c
	$(CC) $(HV_CFLAGS) -c $(BUILD)/gen/symbols0.c -o $(BUILD)/gen/symbols0.o
	$(LD) $(HV_LDFLAGS) -T $(BUILD)/basalt.lds -o $@.pass1 $(HV_OBJS) $(BUILD)/gen/symbols0.o
	@nm -n $@.pass1 > $(BUILD)/gen/symbols.nm
	@$(PYTHON) tools/mksyms.py $(BUILD)/gen/symbols.nm $(BUILD)/gen/symbols.c
	$(CC) $(HV_CFLAGS) -c $(BUILD)/gen/symbols.c -o $(BUILD)/gen/symbols.o
	$(LD) $(HV_LDFLAGS) -T $(BUILD)/basalt.lds -o $@ $(HV_OBJS) $(BUILD)/gen/symbols.o
	@nm -n $@ | cmp -s - $(BUILD)/gen/symbols.nm || { nm -n $@ | grep -i ' t ' > $@.t2; grep -i ' t ' $(BUILD)/gen/symbols.nm | cmp -s - $@.t2 || { echo "symbols: text moved between links"; rm -f $@; exit 1; }; rm -f $@.t2; }
	@rm -f $@.pass1
	@size $@ | tail -1 | awk '{printf "  image: text %d, data %d, bss %d bytes\n", $$1, $$2, $$3}'

# Bootable ISOs (BIOS i386-pc and UEFI x86_64-efi GRUB in one hybrid
# image). basalt.iso boots normally, basalt-test.iso runs the self-tests.
# The ISO is rebuilt when CMDLINE changes, not only when the image does.
$(BUILD)/cmdline.stamp: FORCE
	@mkdir -p $(BUILD)
	@echo '$(CMDLINE)' | cmp -s - $@ || echo '$(CMDLINE)' > $@
FORCE:
$(BUILD)/basalt.iso: $(BUILD)/basalt.elf tools/mkiso.sh $(BUILD)/cmdline.stamp
	bash tools/mkiso.sh $@ $(BUILD)/basalt.elf "$(CMDLINE)"
# The test ISO carries a 1 MiB pattern module: the self-tests check that
# the allocator never hands it out.
$(BUILD)/test-module.bin:
	@mkdir -p $(BUILD)
	$(PYTHON) -c "import sys; sys.stdout.buffer.write(bytes((i * 131 + (i >> 8)) & 255 for i in range(1 << 20)))" > $@
$(BUILD)/basalt-test.iso: $(BUILD)/basalt.elf tools/mkiso.sh $(BUILD)/test-module.bin
	bash tools/mkiso.sh $@ $(BUILD)/basalt.elf "selftest" $(BUILD)/test-module.bin
# One self-test ISO per PV test kernel, booted as dom0 (tests/guests/).
$(BUILD)/pv-%.iso: $(BUILD)/basalt.elf $(BUILD)/guests/%.elf tools/mkiso.sh
	bash tools/mkiso.sh $@ $(BUILD)/basalt.elf "selftest" $(BUILD)/guests/$*.elf
# The initrd test kernel also gets its module (tests/guests/guests.mk).
$(BUILD)/pv-initrd.iso: $(BUILD)/basalt.elf $(BUILD)/guests/initrd.elf \
                        $(BUILD)/guests/initrd-data.bin tools/mkiso.sh
	bash tools/mkiso.sh $@ $(BUILD)/basalt.elf "selftest" \
	    $(BUILD)/guests/initrd.elf $(BUILD)/guests/initrd-data.bin
PV_ISOS = $(patsubst $(BUILD)/guests/%.elf,$(BUILD)/pv-%.iso,\
    $(filter-out $(BUILD)/guests/bench_%,$(GUEST_ELFS)))
# The default image: the hypervisor, dom0 (dom0-tools/) and its initrd with
# the sample guests, or GUESTS_DIR's files.
iso: deps
	@$(MAKE) --no-print-directory $(BUILD)/basalt-dom0.iso

run: iso
	$(QEMU_RUN) -cdrom $(BUILD)/basalt-dom0.iso

# PV test kernels (tests/guests/): built by make test so they keep
# compiling; `make guests-oracle` runs them on real Xen 4.17.
-include tests/guests/guests.mk

pv-isos: $(PV_ISOS)
.PHONY: pv-isos

# The control domain (dom0-tools/dom0.mk): its OS, newlib, xl, backends.
# Test kernels the end-to-end tests start as domUs from dom0's shell.
DOM0_TEST_KERNELS := $(BUILD)/guests/domctl_eperm.elf
-include dom0-tools/dom0.mk

# Host unit tests: each tests/unit/test_X.c with the real sources named in
# tests/unit/test_X.mk, under ASan and UBSan.
UNIT_CC     ?= $(CC)
UNIT_CFLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Werror \
    -fsanitize=address,undefined -fno-sanitize-recover=all \
    -Iinclude -Iarch/x86/include -DUNIT_TEST
UNIT_TESTS  := $(patsubst tests/unit/%.c,%,$(wildcard tests/unit/test_*.c))
-include $(wildcard tests/unit/test_*.mk)

define unit_rule
$(BUILD)/unit/$(1): tests/unit/$(1).c tests/unit/harness.c $(wildcard tests/unit/*.h) $$(UNIT_SRCS_$(1)) | $(BUILD)/gen/font.c
	@mkdir -p $$(dir $$@)
	$$(UNIT_CC) $$(UNIT_CFLAGS) $$(UNIT_CFLAGS_$(1)) tests/unit/harness.c tests/unit/$(1).c $$(UNIT_SRCS_$(1)) -o $$@
endef
$(foreach t,$(UNIT_TESTS),$(eval $(call unit_rule,$(t))))

unit: $(addprefix $(BUILD)/unit/,$(UNIT_TESTS))

# The hypervisor must build cleanly with clang too (-Werror).
check-clang:
	@$(MAKE) --no-print-directory -s CC=clang BUILD=$(BUILD)/clang \
	    $(BUILD)/clang/basalt.elf && echo "  clang: clean"

test: deps
	@$(MAKE) --no-print-directory all unit guests $(BUILD)/basalt.iso $(BUILD)/basalt-test.iso
	@$(MAKE) --no-print-directory pv-isos $(BUILD)/basalt-dom0.iso \
	    $(BUILD)/basalt-dom0-test.iso sample-isos
	@$(MAKE) --no-print-directory check-format check-clang
	BASALT_BUILD=$(BUILD) $(PYTHON) tests/run.py

# Fuzzing (libFuzzer, clang): every tests/fuzz/fuzz_X.c with the sources in
# tests/fuzz/fuzz_X.mk, FUZZ_SECONDS each, corpus kept in build/fuzz/.
FUZZ_SECONDS ?= 30
FUZZ_CFLAGS  := -g -O1 -fsanitize=fuzzer,address,undefined \
    -fno-sanitize-recover=all -Iinclude -Iarch/x86/include -DUNIT_TEST
FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
-include $(wildcard tests/fuzz/fuzz_*.mk)

define fuzz_rule
$(BUILD)/fuzz/$(1): tests/fuzz/$(1).c tests/fuzz/stubs.c $$(FUZZ_SRCS_$(1))
	@mkdir -p $$(dir $$@)
	clang $$(FUZZ_CFLAGS) $$(FUZZ_CFLAGS_$(1)) $$^ -o $$@
endef
$(foreach t,$(FUZZ_TARGETS),$(eval $(call fuzz_rule,$(t))))

fuzz: deps $(addprefix $(BUILD)/fuzz/,$(FUZZ_TARGETS))
	@set -e; for t in $(FUZZ_TARGETS); do \
	    mkdir -p $(BUILD)/fuzz/corpus/$$t; \
	    seeds=$$(ls -d tests/fuzz/corpus/$$t 2>/dev/null || true); \
	    echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
	    $(BUILD)/fuzz/$$t -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	        $(BUILD)/fuzz/corpus/$$t $$seeds 2>&1 | grep -E 'stat::number_of_executed_units|ERROR|SUMMARY' ; \
	    test $${PIPESTATUS[0]} -eq 0; \
	done

# Micro-benchmarks under deterministic icount (cycles = instructions).
bench: deps
	@$(MAKE) --no-print-directory all guests $(BUILD)/basalt-dom0.iso
	BASALT_BUILD=$(BUILD) $(PYTHON) tests/bench.py

FORMAT_FILES = $(shell git ls-files '*.c' '*.h' 2>/dev/null)
format:
	clang-format -i $(FORMAT_FILES)
check-format:
	@clang-format --dry-run --Werror $(FORMAT_FILES) && echo "  format: clean"

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD)/hv -name '*.d' 2>/dev/null)
