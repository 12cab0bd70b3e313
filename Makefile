# wasmscope: `make run` opens the bundled demo, `make test` runs every test.
# Both install missing Debian packages first (Utilities/install-dependencies.sh).

SWIFT ?= swift
SPEC_SUITE ?= ../shared/spec-testsuite
KNOWN_FAILURES ?= Tests/wast-known-failures.txt
WASMSCOPE = .build/debug/wasmscope

.PHONY: all deps build demos run test unit-tests spec-tests bench bench-jit bench-dwarf bench-debug bench-profile clean

all: build

deps:
	@Utilities/install-dependencies.sh

build: deps
	$(SWIFT) build

# The demos for wasm, and natively for the tests that compare outputs.
demos: deps
	$(MAKE) -C Demos all native

# Opens the full-screen debugger on a bundled demo (docs/tui.md); without a
# terminal, `debug` falls back to its command line (which ends at end of input).
run: build demos
	$(WASMSCOPE) debug --tui Demos/build/O0/crash.wasm div 4 8

test: build demos unit-tests spec-tests

unit-tests: build demos
	$(SWIFT) test --skip AccuracyTests
	# The profiler's accuracy alone: other tests' threads would compete for its caches (see AccuracyTests).
	$(SWIFT) test --skip-build --filter AccuracyTests

spec-tests: build
	@test -d $(SPEC_SUITE)/wasm-2.0 || { echo "spec suite not found at $(SPEC_SUITE)"; exit 1; }
	$(WASMSCOPE) wast --known-failures $(KNOWN_FAILURES) $(SPEC_SUITE)/wasm-2.0/*.wast

# Decoder and validator throughput.
bench: deps
	$(SWIFT) build -c release --product wasmscope-bench
	.build/release/wasmscope-bench

# JIT compile throughput, and C programs under the JIT next to the same programs native.
bench-jit: deps
	$(SWIFT) build -c release --product wasmscope-bench
	.build/release/wasmscope-bench jit

# Loading DWARF: a module with a million line rows.
bench-dwarf: deps
	$(SWIFT) build -c release --product wasmscope-bench
	.build/release/wasmscope-bench dwarf

# Cost of a breakpoint hit and a single step, and debug-session overhead on hotspots.
bench-debug: deps demos
	$(SWIFT) build -c release --product wasmscope-bench
	.build/release/wasmscope-bench debug

# Profiled (with and without --count) against plain runs of hotspots at 999 Hz.
bench-profile: deps demos
	$(SWIFT) build -c release --product wasmscope-bench
	.build/release/wasmscope-bench profile

clean:
	$(SWIFT) package clean
	$(MAKE) -C Demos clean
