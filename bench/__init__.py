"""Benchmarks of judging, the pure modules and then through the database; ``make bench`` runs
``python -m bench``.

Not part of the test suite: it measures wall time and peak memory on this machine and writes the
figures to ``bench/results.json``.
"""
