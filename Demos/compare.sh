#!/bin/bash
# Runs each demo natively (build/native/NAME) and as wasm under a runner and
# checks that stdout, written files and exit codes are identical. Trapping
# cases only check that both builds fail (a signal natively, 134 in wasm).
#
#   ./compare.sh RUNNER...     e.g. ./compare.sh ../.build/debug/wasmscope run
#
# The runner takes `--dir HOST::GUEST`, like `wasmscope run` and wasmtime.
# Run `make all native` first (`make compare` does both).
set -u
cd "$(dirname "$0")"
if [ $# -eq 0 ]; then
    echo "usage: $0 RUNNER..." >&2
    exit 2
fi
runner=("$@")
demos=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# wordfreq reads texts/ and writes into out/, relative to where it runs.
ln -s "$PWD/wordfreq/texts" "$work/texts"
mkdir "$work/out" "$work/out-wasm"
dirs=(--dir "$work/texts::texts" --dir "$work/out-wasm::out")

failures=0
# same NAME ARGS...: identical stdout, out/ contents and exit code; stdin is
# a text, for wordfreq without files.
same() {
    local name=$1
    shift
    local native_rc wasm_rc
    (cd "$work" && "$demos/build/native/$name" "$@") <"$demos/wordfreq/texts/river.txt" >"$work/native.txt" 2>/dev/null
    native_rc=$?
    "${runner[@]}" "${dirs[@]}" "build/$name.wasm" "$@" <"$demos/wordfreq/texts/river.txt" >"$work/wasm.txt" 2>/dev/null
    wasm_rc=$?
    if [ $native_rc -ne $wasm_rc ] || ! cmp -s "$work/native.txt" "$work/wasm.txt" ||
        ! diff -r "$work/out" "$work/out-wasm" >/dev/null; then
        echo "DIFFERENT: $name $* (exit $native_rc native, $wasm_rc wasm)"
        diff "$work/native.txt" "$work/wasm.txt" | head -10
        diff -r "$work/out" "$work/out-wasm" | head -10
        failures=$((failures + 1))
    else
        echo "same:      $name $* (exit $native_rc)"
    fi
    rm -f "$work"/out/* "$work"/out-wasm/*
}

# traps NAME ARGS...: killed by a signal natively, exit 134 in wasm.
traps() {
    local name=$1
    shift
    local native_rc wasm_rc
    { (cd "$work" && "$demos/build/native/$name" "$@"); } </dev/null >/dev/null 2>&1
    native_rc=$?
    "${runner[@]}" "${dirs[@]}" "build/$name.wasm" "$@" </dev/null >/dev/null 2>&1
    wasm_rc=$?
    if [ $native_rc -ge 128 ] && [ $wasm_rc -eq 134 ]; then
        echo "traps:     $name $* (exit $native_rc native, $wasm_rc wasm)"
    else
        echo "NO TRAP:   $name $* (exit $native_rc native, $wasm_rc wasm)"
        failures=$((failures + 1))
    fi
}

same hotspots 1
same wordfreq texts/sample.txt
same wordfreq -n 5 -o out/report.txt texts/sample.txt texts/river.txt
same wordfreq texts/missing.txt
same wordfreq -n 3
same wordfreq -x
same inventory
same shapes
same crash
same crash overrun
same crash oob 3
same crash div 3 4 8
same crash null mul
same crash stack 1000
traps crash oob
traps crash div
traps crash null
traps crash stack
traps shapes crash

echo "$failures difference(s)"
[ $failures -eq 0 ]
