# W2 in PyTorch (eager, CPU): forward + backward of sum(tanh(x @ W + b)) w.r.t. W and b,
# x 1x16, W 16x16, b 16, f32. Run by scripts/bench/run when torch is installed.
# Usage: python3 w2_mlp_step_torch.py [REPS]
import sys

import torch

torch.set_num_threads(1)
reps = int(sys.argv[1]) if len(sys.argv) > 1 else 100
g = torch.Generator().manual_seed(0)
x = torch.randn(1, 16, generator=g)
W = (torch.randn(16, 16, generator=g) * 0.25).requires_grad_()
b = torch.zeros(16, requires_grad=True)


def step():
    gW, gb = torch.autograd.grad(torch.tanh(x @ W + b).sum(), (W, b))
    return gW, gb


gW, gb = step()
for _ in range(reps):
    gW, gb = step()
print(f"{gW.sum().item():.4f} {gb.sum().item():.4f}")
