"""Benchmarks: a generated news corpus, the build measured on it, and datatrove beside it (see README.md)."""
