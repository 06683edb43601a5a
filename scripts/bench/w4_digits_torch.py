"""W4 in PyTorch (eager, CPU, float32), the same workload as w4_digits.nns: a 64-128-10 ReLU
MLP on the digits, rows 0-1499 for training (features / 16), torch.optim.SGD momentum 0.9
lr 0.05, minibatch 64, 20 epochs (480 steps), cross-entropy; prints the training loop's
seconds. Run by scripts/bench/run when torch is installed. Usage: python3 w4_digits_torch.py
"""
import os
import sys
import time

import numpy as np
import torch

torch.set_num_threads(1)
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
data = np.loadtxt(os.path.join(root, "stdlib", "datasets", "digits.csv"), delimiter=",",
                  skiprows=1, dtype=np.float32)
X = torch.from_numpy(data[:, :64] / 16)
y = torch.from_numpy(data[:, 64].astype(np.int64))
Xtr, ytr = X[:1500], y[:1500]
epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
torch.manual_seed(0)
model = torch.nn.Sequential(torch.nn.Linear(64, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))
opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
t0 = time.perf_counter()
for epoch in range(epochs):
    order = torch.randperm(len(Xtr))
    Xs, ys = Xtr[order], ytr[order]
    for s in range(0, len(Xs), 64):
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(Xs[s:s + 64]), ys[s:s + 64])
        loss.backward()
        opt.step()
train_s = time.perf_counter() - t0
with torch.no_grad():
    acc = (model(X[1500:]).argmax(1) == y[1500:]).float().mean().item()
print(f"w4_digits train_s={train_s:.4f} final_loss={loss.item():.4f} test_acc={acc:.4f}")
