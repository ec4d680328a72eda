"""Benchmarks (run as modules, e.g. `python -m bench.live_answers`); not part of the test suite."""
