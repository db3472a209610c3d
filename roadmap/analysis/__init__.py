"""Pure functions over stage content: scores, rankings, grids, coverage (no I/O)."""
