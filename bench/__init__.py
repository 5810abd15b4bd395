"""The benchmark behind `make bench` (see docs/benchmarks.md); never part of `make test`."""
