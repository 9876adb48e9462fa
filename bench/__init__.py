"""The benchmark harness: figures against the budget of docs/architecture.md §8, each with
a baseline measured in the same run, reported as ratios because these machines are noisy."""
