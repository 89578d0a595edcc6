"""Benchmarks, each run as ``python -m bench.<name>`` (see bench/README.md); ``make bench`` runs the build benchmark."""
