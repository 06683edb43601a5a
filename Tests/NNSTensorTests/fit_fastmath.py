#!/usr/bin/env python3
"""Fits the approximations in Sources/NNSTensor/FastMath.swift and reports their error in
single precision:

- fastExp: e^r ~ 1 + r + r^2 q(r) on [-ln2/2, ln2/2], q of degree 4 (weighted least squares on
  the relative error with Lawson re-weighting towards the minimax fit).
- fastTanh: tanh(x) ~ x P(x^2) / Q(x^2) on [0, 9], P of degree 6 and Q of degree 3 in x^2,
  Q(0) = 1 (linearized least squares re-weighted by 1/Q (Loeb) and by the error (Lawson)).

Run: python3 fit_fastmath.py
"""
import numpy as np

H = np.log(2) / 2
r = np.linspace(-H, H, 20001)
e = np.exp(r)
A = np.stack([r**(k + 2) for k in range(5)], 1)
lw = np.ones_like(r) / len(r)
for _ in range(300):
    w = np.sqrt(lw) / e
    c, *_ = np.linalg.lstsq(A * w[:, None], (e - 1 - r) * w, rcond=None)
    err = np.abs(1 + r + A @ c - e) / e
    lw = lw * (err / err.max() + 1e-3)
    lw /= lw.sum()
rs = np.linspace(-H, H, 200001).astype(np.float32)
p = np.float32(c[-1])
for k in range(3, -1, -1):
    p = p * rs + np.float32(c[k])
p = p * rs + np.float32(1)
p = p * rs + np.float32(1)
want = np.exp(rs.astype(np.float64))
ulp = np.abs(p.astype(np.float64) - want) / np.spacing(want.astype(np.float32)).astype(np.float64)
print("exp: fit max relative error", err.max(), "single-precision max ulp", ulp.max())
print("exp q (r^2 .. r^6):", [float(v) for v in c])

C = 9.0  # beyond 9, tanh rounds to 1 in single precision
NP_, NQ = 7, 4
x = np.concatenate([np.linspace(1e-4, 1, 4000), np.linspace(1, C, 8000)])
t = np.tanh(x)
z = x * x / (C * C)  # scaled to [0, 1] for conditioning

A = np.hstack([np.stack([x * z**k for k in range(NP_)], 1),
               -np.stack([t * z**k for k in range(1, NQ)], 1)])
wq = np.ones_like(x)
lw = np.ones_like(x) / len(x)
for _ in range(200):
    w = np.sqrt(lw) / (t * wq)
    sol, *_ = np.linalg.lstsq(A * w[:, None], t * w, rcond=None)
    p, q = sol[:NP_], np.concatenate([[1.0], sol[NP_:]])
    wq = np.polyval(q[::-1], z)
    err = np.abs(x * np.polyval(p[::-1], z) / wq - t) / t
    lw = lw * (err / err.max() + 1e-3)
    lw /= lw.sum()
p = p / (C * C) ** np.arange(NP_)
q = q / (C * C) ** np.arange(NQ)
print("fit max relative error", err.max())

xs = np.concatenate([np.linspace(0, C, 2000001), np.geomspace(1e-30, 1e-2, 10000)])
xs = xs.astype(np.float32)
zz = xs * xs
P = np.float32(p[-1])
for k in range(NP_ - 2, -1, -1):
    P = P * zz + np.float32(p[k])
Q = np.float32(q[-1])
for k in range(NQ - 2, -1, -1):
    Q = Q * zz + np.float32(q[k])
got = np.minimum((xs * P) / Q, np.float32(1)).astype(np.float64)
want = np.tanh(xs.astype(np.float64))
ulp = np.abs(got - want) / np.spacing(want.astype(np.float32)).astype(np.float64)
print("single-precision max error in ulp", ulp.max())
print("P:", [float(v) for v in p])
print("Q:", [float(v) for v in q])
