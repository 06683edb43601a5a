"""W4 in numpy (float32), the same workload as w4_digits.nns: a 64-128-10 ReLU MLP on the
digits, rows 0-1499 for training (features / 16), SGD momentum 0.9 lr 0.05 (PyTorch's form:
v = 0.9 v + g; p -= lr v), minibatch 64, 20 epochs (480 steps), cross-entropy; prints the
training loop's seconds. Usage: python3 w4_digits.py [EPOCHS]
"""
import os
import sys
import time

import numpy as np

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
data = np.loadtxt(os.path.join(root, "stdlib", "datasets", "digits.csv"), delimiter=",",
                  skiprows=1, dtype=np.float32)
X, y = data[:, :64] / 16, data[:, 64].astype(np.int64)
Xtr, ytr = X[:1500], y[:1500]
epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
rng = np.random.default_rng(0)


def init(n_in, n_out):
    return [(rng.standard_normal((n_in, n_out)) * np.sqrt(2 / n_in)).astype(np.float32),
            np.zeros(n_out, np.float32)]


params = init(64, 128) + init(128, 10)
vel = [np.zeros_like(p) for p in params]
lr, mom = np.float32(0.05), np.float32(0.9)


def step(xb, yb):
    W1, b1, W2, b2 = params
    h = xb @ W1 + b1
    a = np.maximum(h, 0)
    z = a @ W2 + b2
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    p = e / e.sum(axis=1, keepdims=True)
    n = len(xb)
    loss = -np.log(p[np.arange(n), yb]).mean()
    dz = p
    dz[np.arange(n), yb] -= 1
    dz /= n
    gW2, gb2 = a.T @ dz, dz.sum(0)
    da = dz @ W2.T
    dh = da * (h > 0)
    gW1, gb1 = xb.T @ dh, dh.sum(0)
    for i, g in enumerate((gW1, gb1, gW2, gb2)):
        vel[i] = mom * vel[i] + g
        params[i] -= lr * vel[i]
    return loss


t0 = time.perf_counter()
for epoch in range(epochs):
    order = rng.permutation(len(Xtr))
    Xs, ys = Xtr[order], ytr[order]
    for s in range(0, len(Xs), 64):
        loss = step(Xs[s:s + 64], ys[s:s + 64])
train_s = time.perf_counter() - t0
W1, b1, W2, b2 = params
pred = (np.maximum(X[1500:] @ W1 + b1, 0) @ W2 + b2).argmax(1)
print("w4_digits.py train_s=%.4f steps=%d final_batch_loss=%.4f test_acc=%.4f"
      % (train_s, epochs * 24, loss, (pred == y[1500:]).mean()))
