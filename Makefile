# powerio: a precise POWER IO simulator, built as a fork of QEMU.
#
#   make run      install deps, fetch + verify the base, build, boot the
#                 default guest on powernv8 and print its IO report
#   make check    build everything and run all tests (qtests + guest boots)
#   make shell    interactive shell in the guest (MACHINE=pseries for sPAPR)
#   make base     build the unmodified base with the same flags (comparator)
#
# KERNEL=/path/to/vmlinux [MODULES=/path/lib/modules/VER] [APPEND="..."]
# boots a kernel of your own everywhere the default kernel is used.

BUILD   ?= build
MACHINE ?= powernv8
PYTHON  := /usr/bin/python3
TIMEOUT ?= 300

include scripts/powerio/base.conf

override BUILD := $(abspath $(BUILD))
PRISTINE := $(BUILD)/base/qemu-$(BASE_UPSTREAM)
SRC      := $(BUILD)/src
# SANITIZE=1: AddressSanitizer + UndefinedBehaviorSanitizer, in a build
# directory of its own (every target works with it: qemu, check, ...)
SANITIZE ?=
QBUILD   := $(BUILD)/qemu$(if $(SANITIZE),-san)
BASEBUILD := $(BUILD)/qemu-base
FIRMWARE := $(BUILD)/firmware

PLAIN_FLAGS := --target-list=ppc64-softmmu --without-default-features \
	--enable-slirp --enable-fdt=system --disable-docs \
	--disable-install-blobs --python=/usr/bin/python3
SAN_FLAGS := $(PLAIN_FLAGS) --enable-asan --enable-ubsan
CONFIGURE_FLAGS := $(if $(SANITIZE),$(SAN_FLAGS),$(PLAIN_FLAGS))
# The torture, EEH, migration and fuzz corpus replay qtests also run
# against the sanitizer build in check: a report from either sanitizer
# fails them.
SANBUILD   := $(BUILD)/qemu-san
SAN_QTESTS := pnv-phb3-torture-test pnv-phb4-torture-test spapr-torture-test \
	pnv-phb3-eeh-test pnv-phb4-eeh-test spapr-eeh-test spapr-pe-test \
	powerio-migration-test \
	powerio-fuzz-replay-test
# ccache wraps the compiler when present (QEMU's configure passes CC on).
CCACHE := $(shell command -v ccache 2>/dev/null)
CONFIGURE_CC := $(if $(CCACHE),ccache cc,cc)

# Base qtests that exercise the machines we change, then ours.
QTESTS := pnv-xscom-test pnv-xive2-test pnv-spi-seeprom-test \
	pnv-host-i2c-test rtas-test boot-serial-test \
	dma-exerciser-pnv-test dma-exerciser-spapr-test pnv-phb3-tce-test pnv-phb3-eeh-test \
	pnv-phb4-tce-test pnv-phb4-eeh-test pnv-phb4-mmio-test \
	spapr-tce-hcall-test spapr-ddw-test spapr-eeh-test spapr-pe-test \
	pnv-phb3-torture-test pnv-phb4-torture-test spapr-torture-test \
	powerio-migration-test powerio-fuzz-replay-test
# Of a multi-machine qtest, only the cases for the machines we model (the
# other boards' firmware is not part of this project).
QTEST_SELECT := boot-serial-test=/ppc64/boot-serial/pseries,/ppc64/boot-serial/powernv8,/ppc64/boot-serial/powernv9

QEMU_BIN := $(QBUILD)/qemu-system-ppc64

# In-guest test programs: static ppc64le C, one per tests/guest/*.c
GUEST_CC    := powerpc64le-linux-gnu-gcc
GUEST_CFLAGS := -static -O2 -Wall -Werror -Iinclude
TEST_PROGS := $(patsubst tests/guest/%.c,$(BUILD)/guest/progs/%,\
	$(wildcard tests/guest/*.c))
# Stand-ins that crash, fail or bail out: the harness must fail on them
# (check's harness suite boots them from an initramfs of their own)
SELFTEST_PROGS := $(patsubst tests/guest/selftest/%.c,\
	$(BUILD)/guest/selftest/%,$(wildcard tests/guest/selftest/*.c))
# skiboot, SLOF, VOF, the VGA BIOS and the iPXE ROMs from Debian's packages
# (guest-build.sh); the PowerNV PNOR image ships in the base's own pc-bios/.
FW_FILES := $(FIRMWARE)

.PHONY: all deps fetch src configure qemu firmware guest run shell check \
	qtests san fuzz base bench clean distclean

all: qemu guest

# ./powerio has already run it when it sets POWERIO_DEPS_DONE.
deps:
	@[ -n "$${POWERIO_DEPS_DONE:-}" ] || sh scripts/powerio/deps.sh

fetch: deps
	@sh scripts/powerio/fetch-base.sh $(BUILD)

src: fetch
	@$(PYTHON) scripts/powerio/assemble.py $(CURDIR) $(PRISTINE) $(SRC)

# (Re)configure only when the flags change; afterwards ninja re-runs meson
# by itself whenever a meson.build file changes.
configure: src
	@sh scripts/powerio/configure.sh $(SRC) $(QBUILD) "$(CONFIGURE_CC)" $(CONFIGURE_FLAGS)

qemu: configure firmware
	@ninja -C $(QBUILD) qemu-system-ppc64 $(addprefix tests/qtest/,$(QTESTS))
	@sh scripts/powerio/link-firmware.sh $(QBUILD) $(FW_FILES) $(SRC)/pc-bios/pnv-pnor.bin

# Firmware and guest pieces come from Debian's packages (see guest-build.sh).
firmware guest: deps $(TEST_PROGS) $(SELFTEST_PROGS)
	@POWERIO_PROGS="$(TEST_PROGS)" POWERIO_SELFTEST_PROGS="$(SELFTEST_PROGS)" \
		sh scripts/powerio/guest-build.sh $(BUILD) $(CURDIR)

$(BUILD)/guest/progs/%: tests/guest/%.c tests/guest/powerio-guest.h \
		include/hw/misc/dma_exerciser_regs.h | deps
	@mkdir -p $(@D)
	$(GUEST_CC) $(GUEST_CFLAGS) -o $@ $<

$(BUILD)/guest/selftest/%: tests/guest/selftest/%.c | deps
	@mkdir -p $(@D)
	$(GUEST_CC) $(GUEST_CFLAGS) -o $@ $<

# QEMU_ARGS="...": extra QEMU arguments for run and shell
run: qemu guest
	@$(PYTHON) scripts/powerio/boot.py run --machine $(MACHINE) \
		--build $(BUILD) --timeout $(TIMEOUT) -- $(QEMU_ARGS)

shell: qemu guest
	@$(PYTHON) scripts/powerio/boot.py shell --machine $(MACHINE) \
		--build $(BUILD) -- $(QEMU_ARGS)

check: qemu guest san
	@$(PYTHON) scripts/powerio/check.py --build $(BUILD) --qtests "$(QTESTS)" \
		--select "$(QTEST_SELECT)" --qemu-build $(QBUILD) \
		--san-build $(SANBUILD) --san-qtests "$(SAN_QTESTS)" \
		--timeout $(TIMEOUT)
# The sanitizer build of the simulator and the qtests check runs on it
san: src firmware
	@sh scripts/powerio/configure.sh $(SRC) $(SANBUILD) "$(CONFIGURE_CC)" $(SAN_FLAGS)
	@ninja -C $(SANBUILD) qemu-system-ppc64 $(addprefix tests/qtest/,$(SAN_QTESTS))
	@sh scripts/powerio/link-firmware.sh $(SANBUILD) $(FW_FILES) $(SRC)/pc-bios/pnv-pnor.bin

# The comparator: the unmodified base, same flags, its own build directory.
base: fetch firmware
	@sh scripts/powerio/configure.sh $(PRISTINE) $(BASEBUILD) "$(CONFIGURE_CC)" $(CONFIGURE_FLAGS)
	@ninja -C $(BASEBUILD) qemu-system-ppc64
	@sh scripts/powerio/link-firmware.sh $(BASEBUILD) $(FW_FILES) $(PRISTINE)/pc-bios/pnv-pnor.bin

# The benchmark (on demand, never part of check): exerciser DMA through the
# PHB3 (powernv8) and the PHB4/PHB5 (powernv9, powernv10) on our models and
# on the base's models, in one run, one table.  The reference tree is the
# base plus only the patches whose header says "Comparator: kept (why)"
# (the exerciser's build), so it has the base's models; the benchmark
# binaries themselves are built in our tree.
REFSRC   := $(BUILD)/src-ref
REFBUILD := $(BUILD)/qemu-ref
bench: qemu
	@$(PYTHON) scripts/powerio/assemble.py --comparator \
		$(CURDIR) $(PRISTINE) $(REFSRC)
	@sh scripts/powerio/configure.sh $(REFSRC) $(REFBUILD) "$(CONFIGURE_CC)" $(CONFIGURE_FLAGS)
	@ninja -C $(REFBUILD) qemu-system-ppc64
	@sh scripts/powerio/link-firmware.sh $(REFBUILD) $(FW_FILES) $(REFSRC)/pc-bios/pnv-pnor.bin
	@ninja -C $(QBUILD) tests/qtest/pnv-phb3-dma-bench \
		tests/qtest/pnv-phb4-dma-bench
	@sh scripts/powerio/bench.sh $(QEMU_BIN) $(REFBUILD)/qemu-system-ppc64 \
		powernv8=$(QBUILD)/tests/qtest/pnv-phb3-dma-bench \
		$(QBUILD)/tests/qtest/pnv-phb4-dma-bench

# The libFuzzer targets (on demand, never part of check): FUZZ_TIME seconds
# of FUZZ_TARGET (powerio-pnv-phb3, powerio-pnv-phb4, powerio-pnv-phb5 or
# powerio-spapr; scripts/powerio/fuzz.sh)
FUZZ_TIME ?= 1800
fuzz: src firmware
	@sh scripts/powerio/fuzz.sh $(BUILD) $(FUZZ_TIME) $(PLAIN_FLAGS)
clean:
	rm -rf $(BUILD)/qemu $(SANBUILD) $(BASEBUILD) $(REFBUILD) $(BUILD)/qemu-fuzz

distclean:
	rm -rf $(BUILD)
