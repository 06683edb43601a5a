# W3 in numpy (CS231n's hand-written backward pass), for scripts/bench/run.
# Usage: python3 w3_spiral.py [STEPS]
import sys

import numpy as np
from spiral_problem import H, K, N, spiral_problem

steps = int(sys.argv[1]) if len(sys.argv) > 1 else 50
X, y, W1, W2 = spiral_problem()
b1 = np.zeros(H, dtype=np.float32)
b2 = np.zeros(K, dtype=np.float32)
reg, lr, n = 1e-3, 1.0, N * K
loss = float("nan")
for i in range(steps):
    h = np.maximum(0, X @ W1 + b1)
    s = h @ W2 + b2
    s = s - s.max(axis=1, keepdims=True)
    p = np.exp(s)
    p /= p.sum(axis=1, keepdims=True)
    loss = -np.log(p[np.arange(n), y]).mean() + 0.5 * reg * ((W1 * W1).sum() + (W2 * W2).sum())
    ds = p
    ds[np.arange(n), y] -= 1
    ds /= n
    dW2 = h.T @ ds + reg * W2
    db2 = ds.sum(axis=0)
    dh = ds @ W2.T
    dh[h <= 0] = 0
    dW1 = X.T @ dh + reg * W1
    db1 = dh.sum(axis=0)
    W1 -= lr * dW1
    b1 -= lr * db1
    W2 -= lr * dW2
    b2 -= lr * db2
acc = ((np.maximum(0, X @ W1 + b1) @ W2 + b2).argmax(axis=1) == y).mean()
print(f"loss {loss:.4f} accuracy {acc:.2f}")
