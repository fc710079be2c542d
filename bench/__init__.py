"""Benchmarks for `make bench`: each figure beside its baseline from the same run (see README.md)."""
