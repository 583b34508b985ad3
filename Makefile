# Makefile -- the two commands of the README, and the usual build targets.
#
#   make run      install missing Debian packages, build (Release), run the benchmark
#   make test     install missing packages, then three suites, each in its own build:
#                   release  build/      every ctest test (unit, api, stress, exports, install)
#                   tsan     build-tsan/ gcc -fsanitize=thread, the stress label,
#                                        TSAN_OPTIONS with tests/tsan.supp, halt_on_error=1
#                   asan     build-asan/ gcc -fsanitize=address,undefined (+LeakSanitizer),
#                                        the unit and api labels
#                 All three always run; any failure makes `make test` exit non-zero.
#   make build    deps + Release build in build/
#   make install  build, then install to $(PREFIX) (default /usr/local)
#   make clean    remove build/, build-tsan/, build-asan/
#   make fuzz     the API fuzzer (tests/fuzz/fuzz_api.c): installs clang and
#                 libclang-rt-14-dev if missing, builds build-fuzz/ with clang
#                 -fsanitize=fuzzer,address,undefined, runs libFuzzer for
#                 FUZZ_SECONDS (default 600) on a copy of tests/fuzz/corpus,
#                 then merges the new interesting inputs back into
#                 tests/fuzz/corpus (-merge=1). Crashes land in
#                 build-fuzz/artifacts/. Extra libFuzzer flags: FUZZ_ARGS.
#
# Knobs: JOBS (default 2: the machines have 2 cores), PREFIX, BENCH_ARGS,
#        FUZZ_SECONDS, FUZZ_ARGS.
# Every phase prints a "<== phase: N s" timing line.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.NOTPARALLEL:
.DEFAULT_GOAL := build

ROOT      := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
JOBS      ?= 2
PREFIX    ?= /usr/local
BUILD     ?= $(ROOT)/build
TSAN      ?= $(ROOT)/build-tsan
ASAN      ?= $(ROOT)/build-asan
BENCH     ?= $(BUILD)/bench/openese-bench
BENCH_ARGS ?=
JEMALLOC  ?= embedded
FUZZ      ?= $(ROOT)/build-fuzz
FUZZ_SECONDS ?= 600
FUZZ_ARGS ?=
# libFuzzer's default RSS limit (2 GB) ends a long campaign on its own: the
# ASan+UBSan process grows ~35 KB per execution (inside the sanitizer
# runtime or libFuzzer: the engine itself stays flat -- the whole corpus
# looped in one Release process keeps RSS and live blocks constant).
# 30 minutes at ~45 exec/s need ~3 GB.
FUZZ_RSS_MB ?= 8192
FUZZ_CORPUS := $(ROOT)/tests/fuzz/corpus

PHASE     := $(ROOT)/scripts/phase.sh
SUITE     := $(ROOT)/scripts/ctest-suite.sh
SUMMARY   := $(BUILD)/test-summary.txt
PHASE_LOG := $(BUILD)/phase-times.txt
export CTEST_OUTPUT_ON_FAILURE := 1

# Sanitizer builds: optimised but with assertions (no -DNDEBUG) and frames.
SAN_FLAGS := -DCMAKE_BUILD_TYPE=RelWithDebInfo \
             -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g" -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" \
             -DCMAKE_C_COMPILER=gcc -DCMAKE_CXX_COMPILER=g++ -DOPENESE_BUILD_BENCH=OFF

TSAN_ENV := TSAN_OPTIONS="suppressions=$(ROOT)/tests/tsan.supp halt_on_error=1 second_deadlock_stack=1"
ASAN_ENV := ASAN_OPTIONS="detect_leaks=1 detect_stack_use_after_return=1 check_initialization_order=1 strict_init_order=1" \
            LSAN_OPTIONS="report_objects=1" \
            UBSAN_OPTIONS="print_stacktrace=1 halt_on_error=1"

# The fuzz build: clang, the engine objects instrumented for coverage
# (fuzzer-no-link) and built with ASan+UBSan; the target links libFuzzer.
FUZZ_FLAGS := -DCMAKE_BUILD_TYPE=RelWithDebInfo \
              -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g" -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" \
              -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
              -DCMAKE_C_FLAGS=-fsanitize=fuzzer-no-link -DOPENESE_SANITIZE=address,undefined \
              -DOPENESE_BUILD_BENCH=OFF -DOPENESE_FUZZ=ON
FUZZ_BIN  := $(FUZZ)/tests/fuzz/fuzz_api
FUZZ_ENV  := ASAN_OPTIONS="detect_leaks=1" UBSAN_OPTIONS="print_stacktrace=1 halt_on_error=1"

.PHONY: all deps configure build run test test-release test-tsan test-asan install clean fuzz

all: build

deps:
	@$(PHASE) deps $(ROOT)/scripts/install-deps.sh

configure: deps
	@$(PHASE) configure cmake -S $(ROOT) -B $(BUILD) -DCMAKE_BUILD_TYPE=Release \
		-DOPENESE_JEMALLOC=$(JEMALLOC)

build: configure
	@$(PHASE) build cmake --build $(BUILD) -j $(JOBS)

run: build
	@test -x $(BENCH) || { echo "make run: $(BENCH) was not built" >&2; exit 1; }
	@$(PHASE) run $(BENCH) $(BENCH_ARGS)

test: deps
	@mkdir -p $(BUILD) && rm -f $(SUMMARY) $(PHASE_LOG)
	@rc=0; OE_PHASE_LOG=$(PHASE_LOG) $(MAKE) --no-print-directory -k test-release test-tsan test-asan || rc=$$?; \
	 echo "---- phase times ----"; cat $(PHASE_LOG) 2>/dev/null || true; \
	 $(ROOT)/scripts/test-summary.sh $(SUMMARY) release tsan asan || rc=1; \
	 exit $$rc

test-release: build
	@$(PHASE) "test release (all labels)" $(SUITE) release $(BUILD) $(SUMMARY) -j $(JOBS)

test-tsan: deps
	@$(PHASE) "configure tsan" cmake -S $(ROOT) -B $(TSAN) $(SAN_FLAGS) -DOPENESE_SANITIZE=thread
	@$(PHASE) "build tsan" cmake --build $(TSAN) -j $(JOBS) --target tests_stress
	@$(PHASE) "test tsan (stress)" env $(TSAN_ENV) $(SUITE) tsan $(TSAN) $(SUMMARY) -j $(JOBS) -L stress

test-asan: deps
	@$(PHASE) "configure asan" cmake -S $(ROOT) -B $(ASAN) $(SAN_FLAGS) -DOPENESE_SANITIZE=address,undefined
	@$(PHASE) "build asan" cmake --build $(ASAN) -j $(JOBS) --target tests_unit tests_api
	@$(PHASE) "test asan+ubsan+lsan (unit, api)" env $(ASAN_ENV) $(SUITE) asan $(ASAN) $(SUMMARY) -j $(JOBS) -L '^(unit|api)$$'

install: build
	@$(PHASE) install cmake --install $(BUILD) --prefix $(PREFIX)
	@if [ "$$(id -u)" -eq 0 ] && command -v ldconfig >/dev/null; then ldconfig; fi

fuzz:
	@$(PHASE) "deps (fuzz)" $(ROOT)/scripts/install-deps.sh --fuzz
	@$(PHASE) "configure fuzz" cmake -S $(ROOT) -B $(FUZZ) $(FUZZ_FLAGS)
	@$(PHASE) "build fuzz" cmake --build $(FUZZ) -j $(JOBS) --target fuzz_api
	@rm -rf $(FUZZ)/corpus && mkdir -p $(FUZZ)/corpus $(FUZZ)/artifacts
	@cp $(FUZZ_CORPUS)/* $(FUZZ)/corpus/
	@$(PHASE) "fuzz $(FUZZ_SECONDS) s" env $(FUZZ_ENV) $(FUZZ_BIN) $(FUZZ)/corpus \
		-max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=$(FUZZ_RSS_MB) -print_final_stats=1 \
		-artifact_prefix=$(FUZZ)/artifacts/ $(FUZZ_ARGS)
	@$(PHASE) "merge into tests/fuzz/corpus" env $(FUZZ_ENV) $(FUZZ_BIN) -merge=1 \
		$(FUZZ_CORPUS) $(FUZZ)/corpus
	@echo "fuzz: tests/fuzz/corpus holds $$(ls $(FUZZ_CORPUS) | wc -l) inputs"

clean:
	rm -rf $(BUILD) $(TSAN) $(ASAN) $(FUZZ)
