# W3 in PyTorch (eager, CPU): the CS231n spiral, MLP 2-100-3 ReLU, softmax cross-entropy +
# 0.5 * 1e-3 * (|W1|^2 + |W2|^2), full-batch gradient descent lr 1.0, f32, autograd.
# Same data and initial weights as w3_spiral.py (spiral_problem.py, numpy seed 0). Run by scripts/bench/run
# when torch is installed. Usage: python3 w3_spiral_torch.py [STEPS]
import sys

import numpy as np
import torch
from spiral_problem import H, K, spiral_problem

torch.set_num_threads(1)
steps = int(sys.argv[1]) if len(sys.argv) > 1 else 50
X, y, W1, W2 = spiral_problem()
X, y = torch.from_numpy(X), torch.from_numpy(y)
W1 = torch.from_numpy(W1).requires_grad_()
W2 = torch.from_numpy(W2).requires_grad_()
b1 = torch.zeros(H, requires_grad=True)
b2 = torch.zeros(K, requires_grad=True)
params = [W1, b1, W2, b2]
loss = torch.tensor(float("nan"))
for i in range(steps):
    s = torch.relu(X @ W1 + b1) @ W2 + b2
    loss = torch.nn.functional.cross_entropy(s, y) + 0.5 * 1e-3 * ((W1 * W1).sum() + (W2 * W2).sum())
    grads = torch.autograd.grad(loss, params)
    with torch.no_grad():
        for p, g in zip(params, grads):
            p -= 1.0 * g
with torch.no_grad():
    acc = ((torch.relu(X @ W1 + b1) @ W2 + b2).argmax(dim=1) == y).float().mean().item()
print(f"loss {loss.item():.4f} accuracy {acc:.2f}")
