"""Benchmarks at national scale: the data set generator and the measurements (python -m bench)."""
