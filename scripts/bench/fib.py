# Recursive Fibonacci in CPython, for scripts/bench/run. Usage: python3 fib.py [N [REPS]]
# With REPS, also prints the best in-process time of REPS runs in ms (start-up excluded).
import sys
import time


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


n = int(sys.argv[1]) if len(sys.argv) > 1 else 15
print(fib(n))
if len(sys.argv) > 2:
    best = 1e9
    for _ in range(int(sys.argv[2])):
        t = time.perf_counter()
        fib(n)
        best = min(best, time.perf_counter() - t)
    print(f"{best * 1000:.3f}")
