"""The W3 problem in numpy, seed 0: CS231n's spiral (3 classes x 100 points) and the initial
weights of a 2-100-3 MLP. Shared by w3_spiral.py, w3_spiral_torch.py and the test reference
Tests/NNSRuntimeTests/w3_reference.py, so all three start from the same numbers."""
import numpy as np

N, D, K, H = 100, 2, 3, 100


def spiral_problem():
    """Returns X (float32 [300, 2]), y (int64 [300]), W1 (float32 [2, 100]), W2 ([100, 3])."""
    np.random.seed(0)
    X = np.zeros((N * K, D), dtype=np.float32)
    y = np.zeros(N * K, dtype=np.int64)
    for j in range(K):
        ix = range(N * j, N * (j + 1))
        r = np.linspace(0.0, 1, N)
        t = np.linspace(j * 4, (j + 1) * 4, N) + np.random.randn(N) * 0.2
        X[ix] = np.c_[r * np.sin(t), r * np.cos(t)]
        y[ix] = j
    W1 = (0.01 * np.random.randn(D, H)).astype(np.float32)
    W2 = (0.01 * np.random.randn(H, K)).astype(np.float32)
    return X, y, W1, W2
