#!/usr/bin/env python3
"""Reference values for Tests/NNSRuntimeTests/scripts/arrays.nns (SPEC section 11 arrays).

Run with python3 (numpy only); paste the printed sections into arrays.nns. The inputs are
drawn here and printed with 17 significant digits, so nns reads the same f64 numbers; the f32
cases use the same inputs rounded to f32 on both sides.
"""

import numpy as np

rng = np.random.default_rng(16)


def lit(a):
    """An nns literal of a nested list of numbers."""
    if np.ndim(a) == 0:
        if np.issubdtype(np.asarray(a).dtype, np.integer):
            return str(int(a))
        v = float(a)
        return "nan" if np.isnan(v) else repr(v)
    return "[" + ", ".join(lit(b) for b in a) + "]"


x = rng.standard_normal((3, 5))
x[1, 2] = x[1, 4]  # a tie, to show stability
print("# inputs")
print("x =", lit(x))
print("# cumsum axis -1, axis 0")
print("c1 =", lit(np.cumsum(x, axis=-1)))
print("c0 =", lit(np.cumsum(x, axis=0)))
print("# f32 cumsum axis -1")
print("c1f =", lit(np.cumsum(x.astype(np.float32), axis=-1).astype(np.float64)))
print("# sort axis -1, axis 0, descending along -1")
print("s1 =", lit(np.sort(x, axis=-1)))
print("s0 =", lit(np.sort(x, axis=0)))
print("sd =", lit(-np.sort(-x, axis=-1)))
print("# argsort (stable)")
print("a1 =", lit(np.argsort(x, axis=-1, kind="stable")))
print("a0 =", lit(np.argsort(x, axis=0, kind="stable")))
print("# stable descending: equal values keep their order")
print("ad =", lit(np.argsort(-x, axis=-1, kind="stable")))
print("# topk k 2 along -1")
print("tv =", lit(-np.sort(-x, axis=-1)[:, :2]))
print("ti =", lit(np.argsort(-x, axis=-1, kind="stable")[:, :2]))
print("# NaN sorts last (numpy); descending puts it first (NaN above every number)")
n = np.array([3.0, np.nan, 1.0, np.nan, 2.0])
print("n =", lit(n))
print("sn =", lit(np.sort(n)), " an =", lit(np.argsort(n, kind="stable")))
print("# einsum")
a = rng.standard_normal((2, 3))
b = rng.standard_normal((3, 4))
sq = rng.standard_normal((3, 3))
bt = rng.standard_normal((2, 2, 3))
print("ea =", lit(a))
print("eb =", lit(b))
print("esq =", lit(sq))
print("ebt =", lit(bt))
print("e_mm =", lit(np.einsum("ij,jk->ik", a, b)))
print("e_impl =", lit(np.einsum("ij,jk", a, b)))
print("e_tr =", lit(np.einsum("ii", sq)), " e_dg =", lit(np.einsum("ii->i", sq)))
print("e_outer =", lit(np.einsum("i,j->ij", a[0], b[:, 0])))
print("e_ell =", lit(np.einsum("...ij,jk->...ik", bt, b)))
print("e_three =", lit(np.einsum("ij,jk,kl->il", a, b, b.T)))
print("e_sum =", lit(np.einsum("ij->", a)), " e_t =", lit(np.einsum("ij->ji", a)))
