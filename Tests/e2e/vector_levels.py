#!/usr/bin/env python3
"""The AVX-512 copy of the f32 exp/tanh/sigmoid loops gives the same bits as the baseline copy.

`swift test` builds in debug mode, where NNSKernelsX86's loops call the out-of-line baseline
formulas, so only the release binary runs the vector code that ships. This script runs the
release binary twice over the same inputs, once with NNS_CPU=baseline, saves every result as
.npy and compares the files byte for byte. Inputs: sweeps across each formula's range, the
clamp bounds and special values, random values at several scales, and (when numpy is
installed) 2,000,000 random bit patterns, in dense and strided (transposed) layouts.

Usage: python3 Tests/e2e/vector_levels.py path/to/nns
"""
import filecmp
import os
import subprocess
import sys
import tempfile

PROGRAM = r"""
dir = args[0]
specials = [0, -0, 1 / 0, -1 / 0, 0 / 0, 89, -105, 9, -9, 88.72, -87.33, -103.97, 1e-45, -1e-45,
            3.4e38, -3.4e38, 1e-38, 0.5, -0.5]
parts = [linspace(-110, 100, 1000003), linspace(-12, 12, 1000001), randn(500000) * 30,
         randn(300000) * 1e-3, randn(200000) * 1e30, tensor(specials)]
if len(args) > 1 { parts = append(parts, load(args[1])) }
x = concat(parts)
n = 999 * 1000
t = transpose(reshape(x[0:n], [999, 1000]))
save(dir + "/exp.npy", exp(x))
save(dir + "/tanh.npy", tanh(x))
save(dir + "/sigmoid.npy", sigmoid(x))
save(dir + "/exp_t.npy", exp(t))
save(dir + "/tanh_t.npy", tanh(t))
save(dir + "/sigmoid_t.npy", sigmoid(t))
print(x.shape[0])
"""


def has_avx512() -> bool:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("flags"):
                    return "avx512f" in line.split()
    except OSError:
        pass
    return False


def main() -> int:
    nns = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        program = os.path.join(tmp, "levels.nns")
        with open(program, "w") as f:
            f.write(PROGRAM)
        extra = []
        try:
            import numpy as np

            bits = np.random.default_rng(0).integers(0, 2**32, 2_000_000, dtype=np.uint64)
            np.save(os.path.join(tmp, "bits.npy"), bits.astype(np.uint32).view(np.float32))
            extra = [os.path.join(tmp, "bits.npy")]
        except ImportError:
            print("(numpy missing: no random bit patterns)")
        outputs = {}
        for level in ["baseline", "default"]:
            out = os.path.join(tmp, level)
            os.mkdir(out)
            env = dict(os.environ)
            env.pop("NNS_CPU", None)
            if level == "baseline":
                env["NNS_CPU"] = "baseline"
            run = subprocess.run([nns, program, out] + extra, env=env, capture_output=True,
                                 text=True, timeout=240)
            if run.returncode != 0:
                print(f"FAIL: nns ({level}) exited {run.returncode}: {run.stderr}")
                return 1
            outputs[level] = out
            count = run.stdout.strip()
        names = sorted(os.listdir(outputs["baseline"]))
        if len(names) != 6:
            print(f"FAIL: expected 6 result files, got {names}")
            return 1
        _, mismatch, errors = filecmp.cmpfiles(outputs["baseline"], outputs["default"], names,
                                               shallow=False)
        if mismatch or errors:
            print(f"FAIL: results differ between the loop copies: {mismatch + errors}")
            return 1
        which = "x86-64-v4 and baseline" if has_avx512() else "baseline twice (no AVX-512 here)"
        print(f"ok: {len(names)} results over {count} inputs are the same bits ({which})")
        return 0


if __name__ == "__main__":
    sys.exit(main())
