# conv.nns in PyTorch (eager, CPU, its default threads): a batch of 64 images 1 -> 8 -> 16
# channels, two 3x3 convolutions with a relu between, loss mean(y * y), gradients for both
# weights (f32). Prints the median time of one step in ms, timed inside the process.
# Usage: python3 conv_torch.py [SIZE [REPS]]
import statistics
import sys
import time

import torch
import torch.nn.functional as F

size = int(sys.argv[1]) if len(sys.argv) > 1 else 8
reps = int(sys.argv[2]) if len(sys.argv) > 2 else 3
g = torch.Generator().manual_seed(0)
x = torch.randn(64, 1, size, size, generator=g)
w1 = (torch.randn(8, 1, 3, 3, generator=g) * 0.3).requires_grad_()
w2 = (torch.randn(16, 8, 3, 3, generator=g) * 0.1).requires_grad_()


def step():
    y = F.conv2d(F.relu(F.conv2d(x, w1)), w2)
    loss = (y * y).mean()
    g1, g2 = torch.autograd.grad(loss, (w1, w2))
    return loss, g1, g2


r = step()
times = []
for _ in range(reps):
    t = time.perf_counter()
    r = step()
    times.append(time.perf_counter() - t)
print(f"loss {r[0].item():.6f}, grads {r[1].sum().item():.6f} {r[2].sum().item():.6f}")
print(f"conv2d {size}x{size}: {statistics.median(times) * 1000:.3f} ms per step "
      f"(median of {reps}, {torch.get_num_threads()} threads)")
