"""Reference values for Tests/NNSRuntimeTests/scripts/stdlib_optim.nns.

PyTorch's update rules (torch.optim docs, the "Algorithm" boxes; no weight decay, dampening
0, maximize False, amsgrad False, centered False), written out in numpy float64. Two steps
from p0 with gradients g1 then g2; prints the parameters after each step with 6 decimals.
Run: python3 Tests/NNSRuntimeTests/optim_reference.py
"""
import numpy as np

p0 = np.array([1.0, -2.0, 3.0])
gs = [np.array([0.5, -1.0, 2.0]), np.array([0.1, 0.2, -0.3])]


def show(name, ps):
    for i, p in enumerate(ps):
        print(name, i + 1, "[" + ", ".join("%.6f" % x for x in p) + "]")


def sgd(lr, momentum=0.0, nesterov=False):
    p, b, out = p0.copy(), None, []
    for t, g in enumerate(gs):
        if momentum != 0:
            b = g.copy() if t == 0 else momentum * b + g
            g = g + momentum * b if nesterov else b
        p = p - lr * g
        out.append(p)
    return out


def adam(lr, b1=0.9, b2=0.999, eps=1e-8):
    p, m, v, out = p0.copy(), np.zeros(3), np.zeros(3), []
    for t, g in enumerate(gs, start=1):
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        step_size = lr / (1 - b1**t)
        denom = np.sqrt(v) / np.sqrt(1 - b2**t) + eps
        p = p - step_size * m / denom
        out.append(p)
    return out


def rmsprop(lr, alpha=0.99, eps=1e-8):
    p, v, out = p0.copy(), np.zeros(3), []
    for g in gs:
        v = alpha * v + (1 - alpha) * g * g
        p = p - lr * g / (np.sqrt(v) + eps)
        out.append(p)
    return out


show("sgd", sgd(0.1))
show("momentum", sgd(0.1, momentum=0.9))
show("nesterov", sgd(0.1, momentum=0.9, nesterov=True))
show("adam", adam(0.1))
show("adam_betas", adam(0.01, b1=0.5, b2=0.9))
show("rmsprop", rmsprop(0.01))
show("rmsprop_alpha", rmsprop(0.1, alpha=0.5))
