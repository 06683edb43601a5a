#!/usr/bin/env python3
"""The AVX-512 and AVX2 copies of the f32 exp/tanh/sigmoid loops give the same bits as the
baseline copy.

`swift test` builds in debug mode, where the NNSKernelsX86 modules' loops call the out-of-line
baseline formulas, so only the release binary runs the vector code that ships. This script runs
the release binary over the same inputs at every level the CPU has (NNS_CPU=baseline,
NNS_CPU=x86-64-v3, and the default, the best), saves every result as .npy and compares the files
byte for byte. Inputs: sweeps across each formula's range, the
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


def cpu_flags() -> set:
    """The first flags line of /proc/cpuinfo (levels a CPU lacks fall back to lower ones)."""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("flags"):
                    return set(line.split(":", 1)[1].split())
    except OSError:
        pass
    return set()


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
        levels = ["baseline", "x86-64-v3", "default"]
        for level in levels:
            out = os.path.join(tmp, level)
            os.mkdir(out)
            env = dict(os.environ)
            env.pop("NNS_CPU", None)
            if level != "default":
                env["NNS_CPU"] = level
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
        for level in levels[1:]:
            _, mismatch, errors = filecmp.cmpfiles(outputs["baseline"], outputs[level], names,
                                                   shallow=False)
            if mismatch or errors:
                print(f"FAIL: {level} differs from baseline in {mismatch + errors}")
                return 1
        flags = cpu_flags()
        ran = ["baseline"] + (["x86-64-v3"] if "avx2" in flags else []) + (
            ["x86-64-v4"] if "avx512f" in flags else [])
        print(f"ok: {len(names)} results over {count} inputs are the same bits at "
              f"{', '.join(ran)}")
        return 0


if __name__ == "__main__":
    sys.exit(main())
