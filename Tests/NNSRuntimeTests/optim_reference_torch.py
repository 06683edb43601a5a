"""Checks optim_reference.py's numpy rules against torch.optim itself (not run by
scripts/test: torch is never needed there). Prints one line per case and exits 1 on any
difference above 1e-12.
Run: /work/torchenv/bin/python Tests/NNSRuntimeTests/optim_reference_torch.py
"""
import contextlib
import io
import math
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
with contextlib.redirect_stdout(io.StringIO()):
    import optim_reference as ref  # noqa: E402  (prints its table on import)


def run(make, grads, schedule=None):
    p = torch.tensor(ref.p0, dtype=torch.float64, requires_grad=True)
    opt = make([p])
    sched = None
    if schedule is not None:
        # LambdaLR multiplies the base lr by f(epoch), epoch 0, 1, ...; nns's lr(t) has t = 1, 2, ...
        sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda e: schedule(e + 1) / schedule_base[0])
    out = []
    for g in grads:
        p.grad = torch.tensor(g, dtype=torch.float64)
        opt.step()
        if sched is not None:
            sched.step()
        out.append(p.detach().numpy().copy())
    return out


schedule_base = [1.0]
cases = []
cases.append(("sgd_wd", ref.sgd(0.1, momentum=0.9, wd=0.1),
              run(lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9, weight_decay=0.1), ref.gs)))
cases.append(("adam_wd", ref.adam(0.1, wd=0.1),
              run(lambda ps: torch.optim.Adam(ps, lr=0.1, weight_decay=0.1), ref.gs)))
cases.append(("adamw", ref.adam(0.1, wd=0.01, decoupled=True),
              run(lambda ps: torch.optim.AdamW(ps, lr=0.1), ref.gs)))
cases.append(("adamw_wd", ref.adam(0.01, b1=0.5, b2=0.9, wd=0.5, decoupled=True),
              run(lambda ps: torch.optim.AdamW(ps, lr=0.01, betas=(0.5, 0.9), weight_decay=0.5),
                  ref.gs)))
cases.append(("rmsprop_wd", ref.rmsprop(0.01, wd=0.2),
              run(lambda ps: torch.optim.RMSprop(ps, lr=0.01, weight_decay=0.2), ref.gs)))
step = ref.step_decay(0.1, 2, 0.5)
schedule_base[0] = 0.1
cases.append(("sgd_step_decay", ref.sgd(step, grads=ref.gs3),
              run(lambda ps: torch.optim.SGD(ps, lr=0.1), ref.gs3, schedule=step)))
cos = ref.cosine_decay(0.1, 4, warmup=1, final=0.01)
cases.append(("adamw_cosine", ref.adam(cos, wd=0.1, decoupled=True, grads=ref.gs3),
              run(lambda ps: torch.optim.AdamW(ps, lr=0.1, weight_decay=0.1), ref.gs3,
                  schedule=cos)))

# With no warm-up the schedule is CosineAnnealingLR itself (stepped once per update).
p = torch.tensor(ref.p0, dtype=torch.float64, requires_grad=True)
opt = torch.optim.SGD([p], lr=0.1, momentum=0.5)
sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=3, eta_min=0.02)
theirs = []
for g in ref.gs3:
    p.grad = torch.tensor(g, dtype=torch.float64)
    opt.step()
    sched.step()
    theirs.append(p.detach().numpy().copy())
cases.append(("sgd_cosine", ref.sgd(ref.cosine_decay(0.1, 3, final=0.02), momentum=0.5,
                                    grads=ref.gs3), theirs))

bad = 0
for name, ours, theirs in cases:
    diff = max(float(np.max(np.abs(a - b))) for a, b in zip(ours, theirs))
    print("%-16s max |numpy - torch| = %.3g" % (name, diff))
    bad += diff > 1e-12
# clip_grad_norm_: max_norm / (norm + 1e-6) when the norm is larger.
g = torch.tensor([30.0, 0.0, 40.0], dtype=torch.float64, requires_grad=True)
g.grad = g.detach().clone()
torch.nn.utils.clip_grad_norm_([g], 5.0)
want = np.array([30.0, 0.0, 40.0]) * 5.0 / (50.0 + 1e-6)
diff = float(np.max(np.abs(g.grad.numpy() - want)))
print("%-16s max |numpy - torch| = %.3g  (%s)" % ("clip_grad_norm", diff,
      ", ".join("%.9f" % x for x in g.grad.numpy())))
bad += diff > 1e-12
sys.exit(1 if bad else 0)
