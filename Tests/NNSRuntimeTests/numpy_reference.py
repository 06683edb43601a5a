# Generates the numpy reference values pasted into scripts/*.nns (numerics.nns, nn.nns).
# Run: python3 Tests/NNSRuntimeTests/numpy_reference.py
import math

import numpy as np

f = np.float32
x = np.array([1, 2, 3, 4], dtype=f)
print("var ddof1", np.var(x, ddof=1), "std", np.std(x), "std ddof1", np.std(x, ddof=1))
print("logsumexp [1000,1000] f32", f(1000) + f(np.log(f(2))))
s = np.exp(np.array([1, 2, 3], dtype=f))
print("softmax", s / s.sum())
logits = np.array([[2, 0], [0, 2]], dtype=f)
ls = logits - np.log(np.exp(logits).sum(1, keepdims=True))
print("cross_entropy", -ls[[0, 1], [0, 1]].mean())
print("log_softmax [1,2,3]", np.array([1, 2, 3], dtype=f) - f(np.log(np.exp([1, 2, 3]).sum())))
z = np.array([2, -1], dtype=f)
y = np.array([1, 0], dtype=f)
print("bce_with_logits", np.mean(np.maximum(z, 0) - z * y + np.log1p(np.exp(-abs(z)))))
p = np.array([0.9, 0.2], dtype=f)
print("binary_cross_entropy", -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))
print("gelu(1)", f(0.5 * (1 + math.erf(1 / math.sqrt(2)))))
print("tanh(1)", np.tanh(f(1)), "sigmoid(1)", f(1 / (1 + np.exp(-1))), "softplus(1)", np.log1p(np.exp(f(1))))
print("sin(0.5)", np.sin(f(0.5)), "exp(1)", np.exp(f(1)), "log(10)", np.log(f(10)))
print("round", np.round([0.5, 1.5, 2.5, -0.5]))
print("norm", np.linalg.norm([3.0, 4.0]), np.linalg.norm([1.0, -2, 3], 1))
print("elu(-1)", np.expm1(f(-1)))
print("mse", np.mean((np.array([1, 2], dtype=f) - np.array([1, 4], dtype=f)) ** 2))
print("sqrt(2) f32", np.sqrt(f(2)), "f64", np.sqrt(2.0))
