# W1 in CPython, for scripts/bench/run. Usage: python3 w1_scalar_loop.py [N]
import math
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
s = 0.0
for i in range(n):
    s = s * 0.999 + math.sin(i * 0.001)
print(s)
