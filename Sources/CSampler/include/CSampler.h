// Placeholder until the target's shim lands.
