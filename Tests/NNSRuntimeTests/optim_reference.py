"""Reference values for Tests/NNSRuntimeTests/scripts/stdlib_optim.nns.

PyTorch's update rules (torch.optim docs, the "Algorithm" boxes; dampening 0, maximize
False, amsgrad False, centered False), written out in numpy float64, with weight decay
(L2: g + wd * p; AdamW's decoupled p * (1 - lr * wd)) and learning-rate schedules given as
functions of the step t = 1, 2, ... (StepLR's lr * gamma^floor((t - 1) / every); a linear
warm-up lr * t / warmup, then half a cosine: CosineAnnealingLR's closed form at epoch
t - 1 - warmup over steps - warmup). Two steps from p0 with gradients g1 then g2 (three for the
schedules); prints the parameters after each step with 6 decimals.
Run: python3 Tests/NNSRuntimeTests/optim_reference.py
(optim_reference_torch.py checks these rules against torch.optim itself when torch is
installed.)
"""
import math

import numpy as np

p0 = np.array([1.0, -2.0, 3.0])
gs = [np.array([0.5, -1.0, 2.0]), np.array([0.1, 0.2, -0.3])]


def show(name, ps):
    for i, p in enumerate(ps):
        print(name, i + 1, "[" + ", ".join("%.6f" % x for x in p) + "]")


def rate(lr, t):
    return lr(t) if callable(lr) else lr


def sgd(lr, momentum=0.0, nesterov=False, wd=0.0, grads=gs):
    p, b, out = p0.copy(), None, []
    for t, g in enumerate(grads):
        g = g + wd * p
        if momentum != 0:
            b = g.copy() if t == 0 else momentum * b + g
            g = g + momentum * b if nesterov else b
        p = p - rate(lr, t + 1) * g
        out.append(p)
    return out


def adam(lr, b1=0.9, b2=0.999, eps=1e-8, wd=0.0, decoupled=False, grads=gs):
    p, m, v, out = p0.copy(), np.zeros(3), np.zeros(3), []
    for t, g in enumerate(grads, start=1):
        lr_t = rate(lr, t)
        if decoupled:
            p = p * (1 - lr_t * wd)
        else:
            g = g + wd * p
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        step_size = lr_t / (1 - b1**t)
        denom = np.sqrt(v) / np.sqrt(1 - b2**t) + eps
        p = p - step_size * m / denom
        out.append(p)
    return out


def rmsprop(lr, alpha=0.99, eps=1e-8, wd=0.0):
    p, v, out = p0.copy(), np.zeros(3), []
    for g in gs:
        g = g + wd * p
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

gs3 = gs + [np.array([-0.4, 0.3, 1.0])]


def step_decay(lr, every, gamma):
    return lambda t: lr * gamma ** math.floor((t - 1) / every)


def cosine_decay(lr, steps, warmup=0, final=0.0):
    def f(t):
        if t <= warmup:
            return lr * t / warmup
        progress = min((t - 1 - warmup) / (steps - warmup), 1.0)
        return final + (lr - final) * 0.5 * (1 + math.cos(math.pi * progress))
    return f


show("sgd_wd", sgd(0.1, momentum=0.9, wd=0.1))
show("adam_wd", adam(0.1, wd=0.1))
show("adamw", adam(0.1, wd=0.01, decoupled=True))
show("adamw_wd", adam(0.01, b1=0.5, b2=0.9, wd=0.5, decoupled=True))
show("rmsprop_wd", rmsprop(0.01, wd=0.2))
show("sgd_step_decay", sgd(step_decay(0.1, 2, 0.5), grads=gs3))
show("adamw_cosine", adam(cosine_decay(0.1, 4, warmup=1, final=0.01), wd=0.1, decoupled=True,
                          grads=gs3))
show("sgd_cosine", sgd(cosine_decay(0.1, 3, final=0.02), momentum=0.5, grads=gs3))
print("cosine", ", ".join("%.6f" % cosine_decay(1.0, 10, warmup=2, final=0.1)(t)
                          for t in range(1, 12)))
