"""Labelled data and helpers shared by tests and benchmarks."""
