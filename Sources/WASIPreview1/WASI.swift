// The WASI target; see docs/architecture.md.
