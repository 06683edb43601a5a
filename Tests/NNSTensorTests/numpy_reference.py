#!/usr/bin/env python3
"""Generates NumpyReference.swift: expected values computed with numpy (2.4) and Python's math.

Run from this directory:
  python3 numpy_reference.py > NumpyReference.swift && swift format -i NumpyReference.swift
Values are float64 and printed with repr, so Swift reads back the same doubles.
"""
import math
import textwrap
import numpy as np

out = []


def emit(name, arr):
    a = np.asarray(arr, dtype=np.float64)
    vals = ", ".join(
        "Double.nan" if np.isnan(v) else ("Double.infinity" if v == np.inf else
                                          ("-Double.infinity" if v == -np.inf else repr(float(v))))
        for v in a.ravel())
    shape = ", ".join(str(s) for s in a.shape)
    lines = textwrap.wrap(vals, width=92, initial_indent="      ", subsequent_indent="      ",
                          break_on_hyphens=False)
    body = "\n".join(lines) + ","
    out.append(f"  static let {name} = Ref(\n    shape: [{shape}],\n    values: [\n{body}\n    ])")


x = np.array([-2.5, -1.0, -0.5, 0.0, 0.5, 1.0, 2.5])
pos = np.array([0.01, 0.5, 1.0, 2.0, 10.0])
emit("unaryInput", x)
emit("posInput", pos)
emit("exp", np.exp(x))
emit("expm1", np.expm1(x))
emit("log", np.log(pos))
emit("log1p", np.log1p(pos))
emit("sqrt", np.sqrt(pos))
emit("sin", np.sin(x))
emit("cos", np.cos(x))
emit("tan", np.tan(x))
emit("tanh", np.tanh(x))
emit("sigmoid", 1 / (1 + np.exp(-x)))
emit("gelu", np.array([0.5 * v * (1 + math.erf(v / math.sqrt(2))) for v in x]))
emit("erf", np.array([math.erf(v) for v in x]))
emit("softplus", np.logaddexp(0, x))
emit("elu", np.where(x > 0, x, np.expm1(x)))
emit("sign", np.sign(x))
roundIn = np.array([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4, -2.6])
emit("roundInput", roundIn)
emit("round", np.round(roundIn))
emit("floor", np.floor(roundIn))
emit("ceil", np.ceil(roundIn))
ma = np.array([-7.0, 7.0, -7.0, 7.0, 5.5, -5.5, 0.0])
mb = np.array([3.0, 3.0, -3.0, -3.0, 2.0, 2.0, 3.0])
emit("modA", ma)
emit("modB", mb)
emit("mod", np.mod(ma, mb))
pa = np.array([2.0, 4.0, 9.0, 2.0, 0.5])
pb = np.array([3.0, 0.5, -0.5, -1.0, 2.0])
emit("powA", pa)
emit("powB", pb)
emit("pow", np.power(pa, pb))

r = np.sin(np.arange(24.0)).reshape(2, 3, 4)
emit("red", r)
emit("sumAxis1", r.sum(axis=1))
emit("meanAxes02", r.mean(axis=(0, 2)))
emit("varAxis2", r.var(axis=2))
emit("stdAll", r.std())
emit("varDdof1Axis0", r.var(axis=0, ddof=1))
emit("prodAxis2", r.prod(axis=2))
emit("maxAxis1", r.max(axis=1))
emit("minAxisM1", r.min(axis=-1))
m = r.max(axis=1, keepdims=True)
emit("logsumexpAxis1", (np.log(np.exp(r - m).sum(axis=1, keepdims=True)) + m).squeeze(1))
emit("argmaxAxis2", r.argmax(axis=2))
emit("argminAxis0", r.argmin(axis=0))
emit("norm2Axis2", np.linalg.norm(r, axis=2))
emit("norm1All", np.abs(r).sum())
emit("norm3Axis0", (np.abs(r) ** 3).sum(axis=0) ** (1 / 3))

big = np.array([[1e4, 0.0, -1e4], [1.0, 2.0, 3.0], [-1e4, -1e4, -1e4]])
emit("nnInput", big)
e = np.exp(big - big.max(axis=1, keepdims=True))
emit("softmax", e / e.sum(axis=1, keepdims=True))
lse = np.log(e.sum(axis=1, keepdims=True)) + big.max(axis=1, keepdims=True)
# as scipy.special.log_softmax computes it: (x - max) - log(sum(exp(x - max)))
shifted = big - big.max(axis=1, keepdims=True)
emit("logSoftmax", shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True)))
e0 = np.exp(big - big.max(axis=0, keepdims=True))
emit("softmaxAxis0", e0 / e0.sum(axis=0, keepdims=True))
labels = np.array([2, 0, 1])
emit("ceLabels", labels)
emit("crossEntropy", np.mean(lse[:, 0] - big[np.arange(3), labels]))
probs = np.array([[0.2, 0.3, 0.5], [1.0, 0.0, 0.0], [0.25, 0.25, 0.5]])
emit("ceProbs", probs)
emit("crossEntropyProbs", np.mean((probs * (lse - big)).sum(axis=1)))
z = np.array([1e4, -1e4, 0.5, -2.0, 0.0])
y = np.array([0.0, 0.0, 1.0, 1.0, 0.5])
emit("bceZ", z)
emit("bceY", y)
emit("bce", np.mean(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))))

# numpy's advanced indexing on a 3x4x5 arange tensor
t = np.arange(60.0).reshape(3, 4, 5)
emit("idxMixed", t[[0, 2], 1:3, [4, 0]])   # advanced axes not adjacent -> front
emit("idxAdjacent", t[:, [1, 3], [0, 2]])   # adjacent -> in place
emit("idxIntAndArray", t[1, :, [0, 1, 1]])  # int + array separated by slice -> front
emit("idxMaskRows", t[np.array([True, False, True])])
emit("idxStepNeg", t[::-2, 3, 1:5:2])
emit("tile", np.tile(np.array([[1.0, 2.0]]), (2, 3)))

# slices of arange(7): (start, stop, step) with None as a sentinel, and numpy's selection
SLICE_NONE = -999
slice_cases = []
rng = np.random.default_rng(5)
choices = [None, -9, -7, -3, -1, 0, 1, 2, 5, 6, 7, 9]
steps = [None, 1, 2, 3, -1, -2, -3, 7, -8]
for _ in range(40):
    ends = rng.choice(len(choices), 2)
    a, b, se = choices[ends[0]], choices[ends[1]], steps[rng.integers(len(steps))]
    picked = np.arange(7.0)[slice(a, b, se)]
    slice_cases.append([SLICE_NONE if v is None else v for v in (a, b, se)] + [len(picked)]
                       + list(picked) + [SLICE_NONE] * (7 - len(picked)))
emit("sliceCases", np.array(slice_cases, dtype=np.float64))

# the generator: xoshiro256** seeded by splitmix64, reimplemented independently here
M = (1 << 64) - 1


def splitmix(seed):
    x = seed
    while True:
        x = (x + 0x9E3779B97F4A7C15) & M
        z = x
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
        yield z ^ (z >> 31)


def xoshiro(seed):
    g = splitmix(seed)
    s = [next(g) for _ in range(4)]
    rotl = lambda v, k: ((v << k) | (v >> (64 - k))) & M
    while True:
        result = (rotl((s[1] * 5) & M, 7) * 9) & M
        t = (s[1] << 17) & M
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
        yield result


g = xoshiro(0)
emit("uniformSeed0", [(next(g) >> 11) * 2.0**-53 for _ in range(6)])
g = xoshiro(42)
emit("uniformSeed42", [(next(g) >> 11) * 2.0**-53 for _ in range(6)])

print("// Generated by numpy_reference.py (numpy %s); do not edit by hand." % np.__version__)
print("// Regenerate: python3 numpy_reference.py > NumpyReference.swift && "
      "swift format -i NumpyReference.swift")
print()
print("/// A reference array: shape and row-major values.")
print("struct Ref {")
print("  let shape: [Int]")
print("  let values: [Double]")
print("}")
print()
print("/// Expected values computed by numpy.")
print("enum NP {")
print("\n".join(out))
print("}")
