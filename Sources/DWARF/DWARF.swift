// The DWARF target; see docs/architecture.md.
