"""Readers for the files people bring: CSV (any common dialect and encoding) and YAML."""
