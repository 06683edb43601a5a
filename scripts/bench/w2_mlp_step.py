# W2 in numpy (gradients written by hand), for scripts/bench/run.
# Usage: python3 w2_mlp_step.py [REPS]
import sys

import numpy as np

reps = int(sys.argv[1]) if len(sys.argv) > 1 else 100
rng = np.random.default_rng(0)
x = rng.standard_normal((1, 16), dtype=np.float32)
W = rng.standard_normal((16, 16), dtype=np.float32) * np.float32(0.25)
b = np.zeros(16, dtype=np.float32)


def step(W, b):
    t = np.tanh(x @ W + b)
    dh = 1 - t * t  # d sum(tanh(h)) / dh
    return x.T @ dh, dh.sum(axis=0)


gW, gb = step(W, b)
for _ in range(reps):
    gW, gb = step(W, b)
print(f"{gW.sum():.4f} {gb.sum():.4f}")
