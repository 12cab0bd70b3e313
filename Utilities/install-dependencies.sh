#!/usr/bin/env bash
# Installs the Debian packages wasmscope builds and tests with, if any is missing.
# Runs `apt-get update` once, only when something must be installed.
set -euo pipefail

packages=(
    libncursesw5-dev libdw-dev libelf-dev libzydis-dev
    clang-16 lld-16 llvm-16 wasi-libc libclang-rt-16-dev-wasm32
    libc++-16-dev-wasm32 libc++abi-16-dev-wasm32 tmux
)

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

echo "installing: ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
