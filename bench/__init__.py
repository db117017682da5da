"""Benchmarks: `make bench` (all) or `python -m bench NAME`; figures are ratios to a baseline."""
