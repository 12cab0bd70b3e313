# wasmscope: `make run` opens the bundled demo, `make test` runs every test.
# Both install missing Debian packages first (Utilities/install-dependencies.sh).

SWIFT ?= swift
SPEC_SUITE ?= ../shared/spec-testsuite
KNOWN_FAILURES ?= Tests/wast-known-failures.txt
WASMSCOPE = .build/debug/wasmscope

.PHONY: all deps build demos run test unit-tests spec-tests bench bench-jit clean

all: build

deps:
	@Utilities/install-dependencies.sh

build: deps
	$(SWIFT) build

demos: deps
	$(MAKE) -C Demos

run: build demos
	$(WASMSCOPE) inspect Demos/build/hotspots.wasm

test: build demos unit-tests spec-tests

unit-tests: build demos
	$(SWIFT) test

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

clean:
	$(SWIFT) package clean
	$(MAKE) -C Demos clean
