"""The benchmark harness: figures against DESIGN §8's budget, each with a baseline
measured in the same run, reported as ratios because these machines are noisy."""
