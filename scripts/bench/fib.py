# Recursive Fibonacci in CPython, for scripts/bench/run. Usage: python3 fib.py [N]
import sys


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


n = int(sys.argv[1]) if len(sys.argv) > 1 else 15
print(fib(n))
