// Symbolication; see docs/architecture.md.
