"""Benchmarks of the pure judging modules; ``make bench`` runs ``python -m bench``.

Not part of the test suite: it measures wall time and peak memory on this machine and writes the
figures to ``bench/results.json``.
"""
