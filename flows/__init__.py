"""Prefect flows: thin wrappers that run the steps in ``roadmap.pipeline`` as tasks."""
