"""Benchmarks: `python -m bench.run` (make bench) and `python bench/langid.py`."""
