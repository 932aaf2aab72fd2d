# vmentry: the VMX VM-entry microcode unit. `make help` lists the targets.
# Everything built goes under build/.

BUILD      := build
OBJ        := $(BUILD)/obj
CC         := gcc
CFLAGS     := -std=c11 -Wall -Wextra -Werror -O2 -g
VERILATOR  := verilator
YOSYS      := yosys
DEBIAN_PKGS := make gcc verilator yosys gtkwave nextpnr-ice40 fpga-icestorm z3 clang libclang-rt-14-dev python3 xvfb xauth \
               imagemagick

# The RTL, package first (both tools need it read before its users).
RTL_SRC    := rtl/evd_pkg.sv rtl/evd_urom.sv rtl/evd_seq.sv rtl/evd_alu.sv rtl/evd_dp.sv rtl/evd_top.sv
TB_SRC     := tb/tb_top.sv
# Microcode sources, in ROM order: entry.uc holds the reset address 0.
UCODE_SRC  := $(addprefix microcode/,entry.uc checks.uc deliver.uc deliver64.uc deliver32.uc deliver16.uc nested.uc guest.uc exit.uc insn.uc)
# Included by the sources (.include): the constants they share.
UCODE_INC  := microcode/consts.inc
UCODE_HEX  := $(BUILD)/ucode.hex
UCODE_LST  := $(BUILD)/ucode.lst
# Generated from microcode/encodings.tbl (committed, so the RTL reads without a build).
GENERATED  := rtl/evd_pkg.sv dpi/evd_arch.h microcode/evd_ucode.h dpi/evd_ports.h

# The golden model and its machine (build/libvmentry.a, compiled with -Idpi alone: nothing of tb/),
# the vector parser, and the testbench, compiled as C11 against the generated Vtb_top__Dpi.h.
# Each C file is named once, here; the rules below name these lists (or parts of them).
RULES_C    := dpi/evd_rules.c
LIB_C      := dpi/vmentry.c dpi/evd_machine.c dpi/evd_vmcs.c dpi/evd_model.c dpi/evd_narrate.c $(RULES_C) dpi/evd_cover.c
LIB        := $(BUILD)/libvmentry.a
PARSER_C   := tb/vec.c tb/vec_stmt.c tb/vecwrite.c
APPLY_C    := tb/apply.c
UIMAGE_C   := microcode/uimage.c
TB_C       := tb/options.c tb/runner.c tb/source.c $(APPLY_C) tb/expect.c tb/scoreboard.c tb/responder.c tb/report.c \
              tb/reexec.c tb/rom.c tb/random.c tb/dump.c tb/json.c tb/narration.c dpi/evd_dpi.c $(UIMAGE_C) \
              $(PARSER_C)
TB_OBJ     := $(patsubst %.c,$(BUILD)/c/%.o,$(TB_C))
C_INC      := -Idpi -Itb -Imicrocode -I$(OBJ) -I/usr/share/verilator/include/vltstd

# No --timing: each eval() of the generated main is one clock edge (tb/README.md, the clock).
VFLAGS     := --cc --exe --main --assert -Wall --x-assign unique --x-initial unique --trace-fst --trace-structs \
              --timescale 1ns/1ns -DEVD_TRACE -DEVD_TB_LOADS_UROM -Irtl -Idpi --Mdir $(OBJ) --top-module tb_top -o Vtb_top_sim
LINT_FLAGS := --lint-only -Wall -Irtl tb/lint.vlt

# SAN=1 (make test-asan): every C program and the Verilated RTL model with AddressSanitizer and
# UndefinedBehaviorSanitizer; any report ends the program with an error.
ifneq ($(SAN),)
SAN_FLAGS  := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
CFLAGS     += $(SAN_FLAGS)
# Verilator's FST writer (its fstapi.c) stores unaligned words and shifts negative values on
# purpose, and UBSan reports the read of Verilator's thread-local context (verilated.h,
# Verilated::threadContextp(), which $time in tb/tb_top.sv's clock calls every evaluation) as a
# member access through a null pointer, which a thread_local object cannot be: the Verilated
# build leaves out those three checks; the project's own C keeps every check.
VERILATED_SAN := $(SAN_FLAGS) -fno-sanitize=alignment,shift,null
VFLAGS     += -CFLAGS "$(VERILATED_SAN)" -LDFLAGS "$(SAN_FLAGS)"
# The post-synthesis netlist's Verilated model gets AddressSanitizer only: its wide port groups
# (VlWide) make g++ take more than 15 minutes on one file under UndefinedBehaviorSanitizer (11 s
# without); the C testbench linked with it keeps both.
NETLIST_SAN := -fsanitize=address -fno-sanitize-recover=all -fno-omit-frame-pointer
endif

# The Verilated model of the simulator is compiled by clang++: 15 % faster than g++ on the
# 200,000-instruction bench run (tests/measurements.md). Under SAN, g++, whose sanitizer runtime the
# C objects (gcc) link against.
ifeq ($(SAN),)
VERILATED_CXX := CXX=clang++ LINK=clang++
endif

SIM        := $(BUILD)/vmentry-sim
WAVE_TOOLS := $(BUILD)/gtkw-upc $(BUILD)/gtkw-flow $(BUILD)/gtkw-intr $(BUILD)/gtkw-exit $(BUILD)/gtkw-vmcs $(BUILD)/vmentry.gtkw
VECTORS    := $(sort $(wildcard vectors/*.vec))
TRACE_ARGS := tests/features.tbl tests/claims.tbl tests/traceability.md $(VECTORS)
MUTANTS    := $(patsubst tests/mutants/%.sed,$(BUILD)/mutants/%.hex,$(wildcard tests/mutants/*.sed))

.PHONY: all deps lib sim test kvm2vec lint synth-check check-gen help clean ucode traceability narration flips disasm bench wave screenshot synth bench-synth test-synth \
        regress coverage coverage-rtl fuzz test-asan xsweep model-mutants formal formal-ports formal-rom formal-cover formal-exit formal-mutants
.DEFAULT_GOAL := all
.DELETE_ON_ERROR:

## all: build the simulator and build/kvm2vec, and run the bundled vectors (the main job)
all: sim $(BUILD)/kvm2vec
	$(SIM) $(VECTORS)

## deps: install the Debian packages that are missing (sudo when not root)
deps:
	@missing=""; for p in $(DEBIAN_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	else echo "all Debian packages present:$(foreach p,$(DEBIAN_PKGS), $(p))"; fi

## sim: build build/vmentry-sim (Verilator + C testbench + golden model), the microcode image, and the
##      GTKWave save file and translate filters
sim: $(SIM) ucode $(WAVE_TOOLS)

ucode: $(UCODE_HEX)

# GTKWave translate filters: one program, five names; and the save file with their paths.
$(BUILD)/gtkw-upc: tb/wavefilter.c $(UIMAGE_C) microcode/uimage.h microcode/evd_ucode.h dpi/evd_arch.h dpi/vmentry.h $(LIB) | $(BUILD)
	$(CC) $(CFLAGS) -Idpi -Imicrocode -DEVD_LISTING_DEFAULT='"$(abspath $(UCODE_LST))"' tb/wavefilter.c $(UIMAGE_C) $(LIB) -o $@

$(BUILD)/gtkw-flow $(BUILD)/gtkw-intr $(BUILD)/gtkw-exit $(BUILD)/gtkw-vmcs: $(BUILD)/gtkw-upc
	ln -f $< $@

$(BUILD)/vmentry.gtkw: tb/vmentry.gtkw.in | $(BUILD)
	sed 's|@BUILD@|$(abspath $(BUILD))|g' $< > $@

## wave: trace one test and open it in GTKWave (VEC=vectors/file.vec TEST=name; a name that matches
##      no test is an error)
wave: sim
	@BUILD=$(BUILD) VEC="$(VEC)" TEST="$(TEST)" tests/wave.sh

## screenshot: GTKWave under Xvfb on one test (VEC=... TEST=..., default the nested-#PF demonstration),
##      zoomed onto CYCLES=20 cycles -> build/screenshot-TEST.png (PNG=FILE: another file, e.g. the
##      README's tb/gtkwave-nested-pf.png)
screenshot: sim
	@BUILD=$(BUILD) VEC="$(VEC)" TEST="$(TEST)" PNG="$(PNG)" CYCLES="$(CYCLES)" tests/wave.sh --screenshot

$(BUILD)/genenc: microcode/genenc.c | $(BUILD)
	$(CC) $(CFLAGS) $< -o $@

$(GENERATED) &: microcode/encodings.tbl $(BUILD)/genenc
	$(BUILD)/genenc microcode/encodings.tbl rtl/evd_pkg.sv dpi/evd_arch.h microcode/evd_ucode.h dpi/evd_ports.h

$(BUILD)/uasm: microcode/uasm.c $(UIMAGE_C) microcode/uimage.h microcode/evd_ucode.h | $(BUILD)
	$(CC) $(CFLAGS) -Imicrocode microcode/uasm.c $(UIMAGE_C) -o $@

$(UCODE_HEX) $(UCODE_LST) &: $(UCODE_SRC) $(UCODE_INC) $(BUILD)/uasm
	$(BUILD)/uasm -o $(UCODE_HEX) -l $(UCODE_LST) $(UCODE_SRC)

# The same sources one word per line (uasm -n): make test runs the vectors on it too.
$(BUILD)/ucode-unpacked.hex: $(UCODE_SRC) $(UCODE_INC) $(BUILD)/uasm
	$(BUILD)/uasm -n -o $@ -l $(@:.hex=.lst) $(UCODE_SRC)

# Stage 1: Verilator writes the C++ model and Vtb_top__Dpi.h (the C objects are named, not built).
$(OBJ)/Vtb_top.mk $(OBJ)/Vtb_top__Dpi.h &: $(RTL_SRC) $(TB_SRC) rtl/evd_assert.svh dpi/evd_dpi.svh tb/lint.vlt Makefile | $(BUILD)
	$(VERILATOR) $(VFLAGS) tb/lint.vlt $(RTL_SRC) $(TB_SRC) $(abspath $(TB_OBJ) $(LIB))

# The golden model as a library: -Idpi alone, so nothing of the testbench can creep in.
LIB_OBJ    := $(patsubst %.c,$(BUILD)/lib/%.o,$(LIB_C))
$(BUILD)/lib/%.o: %.c $(wildcard dpi/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Idpi -c $< -o $@

## lib: build/libvmentry.a, the golden model behind dpi/vmentry.h (tests/example_gp64.c shows its use)
lib: $(LIB)
$(LIB): $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/example_gp64: tests/example_gp64.c dpi/vmentry.h $(LIB)
	$(CC) $(CFLAGS) -Idpi $< $(LIB) -o $@

## kvm2vec: build/kvm2vec DUMP.txt [-o OUT.vec]: KVM's dump_vmcs() kernel-log output as a .vec test
KVM2VEC_C  := tb/kvm2vec.c tb/kvmdump.c tb/kvmvec.c
kvm2vec: $(BUILD)/kvm2vec
$(BUILD)/kvm2vec: $(KVM2VEC_C) tb/kvmdump.h dpi/vmentry.h $(LIB)
	$(CC) $(CFLAGS) -Idpi -Itb $(KVM2VEC_C) $(LIB) -o $@

# Stage 2: the C, as real C11, checked against the generated DPI header.
$(BUILD)/c/%.o: %.c $(OBJ)/Vtb_top__Dpi.h dpi/evd_arch.h $(wildcard tb/*.h dpi/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(C_INC) -DEVD_UCODE_DEFAULT='"$(abspath $(UCODE_HEX))"' -c $< -o $@

# Stage 3: link.
$(SIM): $(OBJ)/Vtb_top.mk $(TB_OBJ) $(LIB)
	@# Verilator's makefile does not list the C objects as prerequisites (and its VPATH has ..,
	@# where build/vmentry-sim lives): name its output apart and relink every time.
	@# -O3 on the per-cycle code of the model: 6 % faster than -O2 on the bench run (README); clang++
	@# (VERILATED_CXX) another 15 %.
	rm -f $(OBJ)/Vtb_top_sim
	$(MAKE) -s -C $(OBJ) -f Vtb_top.mk OPT_FAST=-O3 $(VERILATED_CXX) >$(BUILD)/verilator-build.log 2>&1 || (cat $(BUILD)/verilator-build.log; false)
	cp $(OBJ)/Vtb_top_sim $@

## test: C unit tests, every vector in lockstep, and the expected-failure tests
test: sim $(BUILD)/example_gp64 $(BUILD)/kvm2vec $(BUILD)/fuzz/fuzz-kvmdump $(BUILD)/covreport $(BUILD)/fuzz/fuzz-parse $(BUILD)/fuzz/fuzz-run $(BUILD)/test_vec $(BUILD)/test_machine $(BUILD)/test_rules $(BUILD)/trace $(BUILD)/udis $(BUILD)/testrun $(BUILD)/ustack $(MUTANTS) $(BUILD)/ucode-unpacked.hex $(MODEL_TB_OBJ)
	BUILD=$(BUILD) SAN=$(SAN) $(BUILD)/testrun tests/testlist

## test-asan: the whole of `make test` with ASan + UBSan in the C and the Verilated RTL (the netlist: ASan) (build/asan/)
test-asan:
	$(MAKE) BUILD=build/asan SAN=1 test

$(BUILD)/test_vec: tests/test_vec.c $(PARSER_C) tb/vec.h $(LIB)
	$(CC) $(CFLAGS) -Idpi -Itb tests/test_vec.c $(PARSER_C) $(LIB) -o $@

# A microcode mutant: the sources with one deliberate bug (tests/mutants/NAME.sed), assembled.
$(BUILD)/mutants/%.hex: tests/mutants/%.sed $(UCODE_SRC) $(UCODE_INC) $(UCODE_HEX) $(BUILD)/uasm
	@mkdir -p $(BUILD)/mutants/$*
	@for f in $(UCODE_SRC) $(UCODE_INC); do sed -f $< $$f > $(BUILD)/mutants/$*/$$(basename $$f); done
	$(BUILD)/uasm -o $@ -l $(@:.hex=.lst) $(addprefix $(BUILD)/mutants/$*/,$(notdir $(UCODE_SRC)))
	@if cmp -s $@ $(UCODE_HEX); then echo "tests/mutants/$*.sed changes nothing in the image: update it"; rm -f $@; exit 1; fi

$(BUILD)/test_machine: tests/test_machine.c tests/check.h $(LIB)
	$(CC) $(CFLAGS) -Idpi tests/test_machine.c $(LIB) -o $@

$(BUILD)/test_rules: tests/test_rules.c tests/check.h $(RULES_C) dpi/evd_rules.h dpi/evd_arch.h | $(BUILD)
	$(CC) $(CFLAGS) -Idpi tests/test_rules.c $(RULES_C) -o $@

$(BUILD)/trace: tests/trace.c | $(BUILD)
	$(CC) $(CFLAGS) $< -o $@

## traceability: rewrite tests/traceability.md from the vectors' "#@ covers" lines
traceability: $(BUILD)/trace
	$(BUILD)/trace --write $(TRACE_ARGS)

## narration: rewrite tests/narration/*.txt (the --trace outputs make test compares) after a change of cycles
narration: sim
	for n in $(basename $(notdir $(wildcard tests/narration/*.txt))); do tests/narrate.sh $(SIM) $$n > $(BUILD)/$$n.txt && mv $(BUILD)/$$n.txt tests/narration/ || exit 1; done

$(BUILD)/udis: microcode/udis.c $(UIMAGE_C) microcode/uimage.h microcode/evd_ucode.h | $(BUILD)
	$(CC) $(CFLAGS) -Imicrocode microcode/udis.c $(UIMAGE_C) -o $@

$(BUILD)/ustack: microcode/ustack.c $(UIMAGE_C) microcode/uimage.h microcode/evd_ucode.h | $(BUILD)
	$(CC) $(CFLAGS) -Imicrocode microcode/ustack.c $(UIMAGE_C) -o $@

$(BUILD)/flips: tests/flips.c $(UIMAGE_C) microcode/uimage.h microcode/evd_ucode.h | $(BUILD)
	$(CC) $(CFLAGS) -Imicrocode tests/flips.c $(UIMAGE_C) -o $@

# The golden model's mutants (tests/model-mutants/*.sed) run on the testbench without the RTL:
# tests/model_only.c's main in place of Verilator's (the DPI glue, which only Verilated code calls,
# left out).
MODEL_TB_OBJ := $(BUILD)/c/tests/model_only.o $(filter-out $(BUILD)/c/dpi/evd_dpi.o,$(TB_OBJ))

## model-mutants: mutation campaign on the golden model: each tests/model-mutants/*.sed (one bug
##      in one model source) alone, every vector run on the model alone (--model-only); fails under
##      95 % caught; report in build/model-mutants.md (ONLY="NAME...": those mutants)
model-mutants: $(MODEL_TB_OBJ)
	@BUILD=$(BUILD) CC="$(CC)" CFLAGS="$(filter-out -g,$(CFLAGS))" LIB_C="$(LIB_C)" TB_OBJ="$(MODEL_TB_OBJ)" \
	  VECTORS="$(VECTORS)" ONLY="$(ONLY)" MUTANT_DIR="$(MUTANT_DIR)" tests/model-mutants.sh

## flips: mutation campaign: N random one-bit ROM flips (N=200 SEED=1), how many the vectors catch;
##      every flip, and the reason for each one not caught (tests/flips-survivors.tbl), in
##      build/flips-SEED.md
SEED ?= 1
flips: N ?= 200
flips: sim $(BUILD)/flips
	$(BUILD)/flips --report $(BUILD)/flips-$(SEED).md --survivors tests/flips-survivors.tbl $(N) $(SEED) $(UCODE_LST) $(VECTORS)

## regress: constrained-random regression: N scenarios (default 1000000) for each seed of SEEDS
##      (default 1), split into JOBS shards run in parallel (default: the cores); JUnit XML, coverage
##      and failing scenarios under build/regress/; names the coverage holes
SEEDS ?= 1
JOBS  ?= $(shell nproc)
regress: N ?= 1000000
regress: sim $(BUILD)/covreport
	@BUILD=$(BUILD) N=$(N) SEEDS="$(SEEDS)" JOBS=$(JOBS) tests/regress.sh

## coverage: functional coverage of the golden model over the vectors and a random budget
##      (RANDOM=200000 scenarios): the table and its holes (tests/measurements.md explains the excluded bins)
RANDOM ?= 200000
coverage: sim $(BUILD)/covreport
	@BUILD=$(BUILD) SCENARIOS=$(RANDOM) JOBS=$(JOBS) VECTORS="$(VECTORS)" tests/coverage.sh

## coverage-rtl: Verilator line and toggle coverage of the RTL over the vectors and 20000 random
##      scenarios (a second build in build/cov-rtl; annotated sources in build/cov-rtl/annotated)
COV_RTL     := $(BUILD)/cov-rtl
COV_RTL_OBJ := $(COV_RTL)/runner.o $(filter-out $(BUILD)/c/tb/runner.o,$(TB_OBJ))
$(COV_RTL)/runner.o: tb/runner.c $(OBJ)/Vtb_top__Dpi.h $(wildcard tb/*.h dpi/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(C_INC) -DEVD_END_THROUGH_FINISH -DEVD_UCODE_DEFAULT='"$(abspath $(UCODE_HEX))"' -c $< -o $@
coverage-rtl: ucode $(COV_RTL_OBJ) $(LIB)
	+@COV_RTL=$(COV_RTL) VECTORS="$(VECTORS)" MAKE="$(MAKE)" tests/coverage-rtl.sh \
	  $(VERILATOR) $(subst $(OBJ),$(COV_RTL)/obj,$(VFLAGS)) --coverage-line --coverage-toggle tb/lint.vlt $(RTL_SRC) $(TB_SRC) \
	  $(abspath $(COV_RTL_OBJ) $(LIB))

$(BUILD)/covreport: tb/covreport.c $(LIB)
	$(CC) $(CFLAGS) -Idpi tb/covreport.c $(LIB) -o $@

## xsweep: every vector with each seed of SEEDS (default 1..100) for Verilator's --x-initial unique
##      values (and reset in flight at cycle RESET_AT, default none); stops at the first divergence
xsweep: sim
	@BUILD=$(BUILD) SEEDS="$(if $(filter command line,$(origin SEEDS)),$(SEEDS))" RESET_AT=$(RESET_AT) VECTORS="$(VECTORS)" \
	  tests/xsweep.sh

## fuzz: libFuzzer (clang) on the vector parser and on parse-and-run on the golden model, each for
##      FUZZ_TIME seconds (default 60); corpus seeded from the vectors; findings in build/fuzz/findings/
FUZZ_TIME  ?= 60
FUZZ_FLAGS := -std=c11 -Wall -Wextra -Werror -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -Idpi -Itb
FUZZ_PARSE_C := tests/fuzz/fuzz_parse.c $(PARSER_C) $(LIB_C)
FUZZ_RUN_C   := tests/fuzz/fuzz_run.c $(APPLY_C) $(PARSER_C) $(LIB_C)
FUZZ_KVMDUMP_C := tests/fuzz/fuzz_kvmdump.c tb/kvmdump.c tb/kvmvec.c $(PARSER_C) $(LIB_C)
$(BUILD)/fuzz/fuzz-parse: $(FUZZ_PARSE_C) $(wildcard tb/*.h dpi/*.h) tests/fuzz/error_form.h | $(BUILD)
	@mkdir -p $(dir $@)
	clang $(FUZZ_FLAGS) $(FUZZ_PARSE_C) -o $@
$(BUILD)/fuzz/fuzz-run: $(FUZZ_RUN_C) $(wildcard tb/*.h dpi/*.h) | $(BUILD)
	@mkdir -p $(dir $@)
	clang $(FUZZ_FLAGS) $(FUZZ_RUN_C) -o $@
$(BUILD)/fuzz/fuzz-kvmdump: $(FUZZ_KVMDUMP_C) $(wildcard tb/*.h dpi/*.h) tests/fuzz/error_form.h | $(BUILD)
	@mkdir -p $(dir $@)
	clang $(FUZZ_FLAGS) $(FUZZ_KVMDUMP_C) -o $@
fuzz: $(BUILD)/fuzz/fuzz-parse $(BUILD)/fuzz/fuzz-run
	@BUILD=$(BUILD) FUZZ_TIME=$(FUZZ_TIME) VECTORS="$(VECTORS)" tests/fuzz.sh

## formal: prove the unit's properties with yosys-smtbmc and z3 (formal/README.md): the port
##      protocol, forwarding and the path taken for any ROM content by k-induction, the RTL's
##      assertions for the real ROM by k-induction (LegalOp and the stack's bounds: the path taken
##      with build/ustack's walk of every path), the covers of the flows' ends (the VM exit's with
##      ABC's bmc3: formal-exit); and each RTL mutant of formal/mutants must fail its proof
FORMAL_DEPTH ?= 6
ROM_DEPTH    ?= 16
COVER_DEPTH  ?= 26
EXIT_DEPTH   ?= 160
formal: formal-ports formal-rom formal-cover formal-exit formal-mutants

formal-ports: $(UCODE_HEX)
	@formal/prove.sh ports $(FORMAL_DEPTH) $(RTL_SRC)

# The real ROM: every RTL assertion by induction but LegalOp, the return stack's bounds and
# RunEndsOutsideCalls, which are about the flow's path: they hold for every input by two proofs
# together, formal-ports's PathTaken (the hardware executes the flow's path, with the flow's
# stack, for any ROM that keeps the assembler's rules) and build/ustack's walk of every path of
# the real image (every branch both ways, every dispatch to all sixteen entries: no illegal word,
# at most two deep, no done or swait inside a call). This harness lacks PathTaken's invariants, so
# its induction would start them from a state no path reaches (a stalled X, then a word at an
# unused address). All of them to a bound too.
formal-rom: $(UCODE_HEX) $(BUILD)/ustack
	@TAG=rom EXTRA='chformal -remove -assert c:*ReturnStack* c:*LegalOp* c:*RunEndsOutsideCalls*' formal/prove.sh rom 4 $(RTL_SRC)
	@out=$$($(BUILD)/ustack $(UCODE_HEX) $(UCODE_LST)) || { echo "$$out"; exit 1; }; echo "  ustack     every path $${out#ustack: }"
	@TAG=rom-bounded STEP=no formal/prove.sh rom $(ROM_DEPTH) $(RTL_SRC)

formal-cover: $(UCODE_HEX)
	@HARNESS=formal/evd_formal_rom.sv STEP=no COVER=$(COVER_DEPTH) formal/prove.sh cover 0 $(RTL_SRC)

## formal-exit: the cover of a run that ends in a VM exit, too deep for z3: ABC's bmc3 reaches it
##      within EXIT_DEPTH steps (160) and Yosys's sim replays the witness (formal/cover-abc.sh;
##      GTKWave: build/formal/ReachesExit-cover.vcd)
formal-exit: $(UCODE_HEX)
	@formal/cover-abc.sh exit $(EXIT_DEPTH) $(RTL_SRC)

# ONLY="NAME...": those mutants alone (make test runs one).
formal-mutants: $(UCODE_HEX)
	@ONLY="$(ONLY)" formal/mutants.sh ports $(FORMAL_DEPTH) $(RTL_SRC)

## bench: cycles (idle ones too), words, register writes and port transactions per flow at zero wait states, and the simulator's speed
bench: sim
	@echo "Flows (tests/bench.vec), zero wait states; idle = cycles with no word executed; words = words completed;"
	@echo "writes = words that wrote a register (one write port: cycles >= writes); cyc/txn = cycles per port transaction:"
	@$(SIM) --bench tests/bench.vec 2>/dev/null | grep -v '^PASS\|passed,'
	@{ echo "test speed"; echo "  vmcs CPU_BASED_VM_EXEC_CONTROL 0"; yes "  insn ok 1" | head -n 200000; \
	   echo "  insn exit 18 3"; echo "  enter"; echo "  expect exit 18"; echo end; } > $(BUILD)/bench-speed.vec
	@echo "Simulator speed, lockstep (200,000 guest instructions in one run):"
	@$(SIM) --bench --max-cycles 10000000 $(BUILD)/bench-speed.vec 2>/dev/null | grep simulator
	@echo "Simulator speed, lockstep, every vector in vectors/:"
	@$(SIM) --bench $(VECTORS) 2>/dev/null | grep simulator

## disasm: the microcode image, decoded (build/udis)
disasm: $(BUILD)/udis $(UCODE_HEX)
	$(BUILD)/udis $(UCODE_HEX) $(UCODE_LST)

$(BUILD)/testrun: tests/testrun.c | $(BUILD)
	$(CC) $(CFLAGS) $< -o $@

# FPGA synthesis (synth/run.sh): Yosys for iCE40 (the unit in its measurement wrapper, then
# nextpnr-ice40 for the HX8K and the UP5K, three seeds each, and icepack), ECP5 and Xilinx 7-series
# (statistics); then the report (synth/report.c) into build/synth/report.md and synth/report.md.
SYNTH      := $(BUILD)/synth
PNR_SEEDS  := 1 2 3
$(BUILD)/synth-report: synth/report.c | $(BUILD)
	$(CC) $(CFLAGS) $< -o $@

## synth: Yosys (iCE40, ECP5, Xilinx 7), nextpnr-ice40 (HX8K, UP5K; 3 seeds), icepack, the report
synth: $(UCODE_HEX) $(BUILD)/synth-report
	@SYNTH=$(SYNTH) YOSYS=$(YOSYS) PNR_SEEDS="$(PNR_SEEDS)" synth/run.sh
	$(BUILD)/synth-report $(SYNTH) synth/report.md

## bench-synth: the synthesis figures of the last make synth
bench-synth:
	@cat $(SYNTH)/report.md 2>/dev/null || { echo "no report yet: run make synth"; exit 1; }

# Post-synthesis simulation: the Yosys netlist in the same testbench, against the same C.
# synth/netlist.ys names build/ paths: one netlist serves every build directory (build/asan too).
NETLIST    := build/synth/evd_top_netlist.v
NOBJ       := $(BUILD)/obj-netlist
$(NETLIST): synth/netlist.ys $(RTL_SRC) $(UCODE_HEX)
	@if [ "$(BUILD)" != build ]; then $(MAKE) -s BUILD=build SAN= build/ucode.hex; fi
	@mkdir -p build/synth
	$(YOSYS) -q -l build/synth/netlist.log synth/netlist.ys >/dev/null
	@if grep -q '^Warning' build/synth/netlist.log; then grep '^Warning' build/synth/netlist.log; exit 1; fi

$(BUILD)/vmentry-sim-netlist: $(NETLIST) $(TB_SRC) rtl/evd_pkg.sv dpi/evd_dpi.svh $(TB_OBJ) $(LIB)
	$(VERILATOR) --cc --exe --main --assert --x-assign unique --x-initial unique --timescale 1ns/1ns \
	  -Wno-fatal -Wno-lint -Wno-style -Wno-UNOPTFLAT -DEVD_TRACE -DEVD_NETLIST -Idpi --Mdir $(NOBJ) --top-module tb_top \
	  $(if $(SAN),-CFLAGS "$(NETLIST_SAN)" -LDFLAGS "$(SAN_FLAGS)") \
	  -o Vtb_top_netlist rtl/evd_pkg.sv $(NETLIST) $(TB_SRC) $(abspath $(TB_OBJ) $(LIB)) >$(BUILD)/netlist-verilate.log 2>&1 \
	  || (cat $(BUILD)/netlist-verilate.log; false)
	rm -f $(NOBJ)/Vtb_top_netlist
	$(MAKE) -s -C $(NOBJ) -f Vtb_top.mk OPT_FAST=-O2 >$(BUILD)/netlist-build.log 2>&1 || (cat $(BUILD)/netlist-build.log; false)
	cp $(NOBJ)/Vtb_top_netlist $@

## test-synth: every vector on the post-synthesis netlist, in lockstep with the model
test-synth: sim $(BUILD)/vmentry-sim-netlist
	$(BUILD)/vmentry-sim-netlist --no-wave $(VECTORS)

## lint: Verilator -Wall on the RTL, Yosys 0.23 synthesis of every RTL file, generated files current
lint: check-gen synth-check
	$(VERILATOR) $(LINT_FLAGS) $(RTL_SRC) --top-module evd_top
	$(VERILATOR) $(LINT_FLAGS) -DEVD_TRACE $(RTL_SRC) --top-module evd_top
	@echo "lint: clean"

# Yosys reads every RTL file and synthesizes the top for iCE40; a warning or a latch fails.
synth-check: $(UCODE_HEX)
	$(YOSYS) -q -l $(BUILD)/synth-check.log synth/lint_ice40.ys >/dev/null
	@# Yosys warnings start a line; ABC's own remarks ("ABC: Warning: ... combinational") are not Yosys's.
	@if grep -q '^Warning' $(BUILD)/synth-check.log; then grep '^Warning' $(BUILD)/synth-check.log; exit 1; fi
	@if grep -q '^Latch inferred' $(BUILD)/synth-check.log || sed -n '/Printing statistics/,$$p' $(BUILD)/synth-check.log | grep -qE 'DLATCH|SB_LATCH'; then \
	  echo "synth-check: a latch was inferred"; exit 1; fi
	@grep -q 'SB_RAM40_4K' $(BUILD)/synth-check.log || { echo "synth-check: the ROM is not in SB_RAM40_4K"; exit 1; }
	@grep -E 'SB_RAM40_4K|SB_LUT4 |SB_DFF' $(BUILD)/synth-check.log | sed 's/^ */  yosys: /' | sort -u

## check-gen: the committed generated files match microcode/encodings.tbl
check-gen: $(BUILD)/genenc
	@mkdir -p $(BUILD)/gen
	@$(BUILD)/genenc microcode/encodings.tbl $(BUILD)/gen/evd_pkg.sv $(BUILD)/gen/evd_arch.h $(BUILD)/gen/evd_ucode.h $(BUILD)/gen/evd_ports.h
	@diff -u rtl/evd_pkg.sv $(BUILD)/gen/evd_pkg.sv && diff -u dpi/evd_arch.h $(BUILD)/gen/evd_arch.h && \
	  diff -u microcode/evd_ucode.h $(BUILD)/gen/evd_ucode.h && diff -u dpi/evd_ports.h $(BUILD)/gen/evd_ports.h && \
	  echo "check-gen: generated files are current"

$(BUILD):
	@mkdir -p $@

## help: this list
help:
	@echo "vmentry: the VMX VM-entry microcode unit"
	@# Each "## target: text" comment, with the "##      more text" lines that go on with it: the
	@# target, and its text wrapped to 100 columns, each line of it starting in the same column.
	@awk 'function show(  n, i, w, line, fresh) { if (t == "") return; n = split(d, w, " "); \
	       line = sprintf("  make %-13s", t); fresh = 1; \
	       for (i = 1; i <= n; i++) { if (!fresh && length(line) + 1 + length(w[i]) > 100) { print line; line = sprintf("%20s", "") } \
	                                  line = line " " w[i]; fresh = 0 } \
	       print line; t = "" } \
	     /^## [a-z-]+:/ { show(); t = $$2; sub(/:$$/, "", t); d = $$0; sub(/^## [a-z-]+: /, "", d); next } \
	     /^##  / { s = $$0; sub(/^## +/, "", s); d = d " " s; next } \
	     { show() } END { show() }' $(MAKEFILE_LIST)
	@echo "  build/vmentry-sim --help  the simulator's options"

## clean: remove build/
clean:
	rm -rf $(BUILD)
