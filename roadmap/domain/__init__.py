"""Pure domain: stage content models, the stage machine and validation (no I/O)."""
