"""Benchmarks; each measures Pantau side by side with a peer in the same run."""
