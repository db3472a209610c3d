"""Tools for demos, tests and load tests, not use cases: the example municipality and the synthetic
cohort generator (``roadmap example load``, ``roadmap example generate``)."""
