// Tensor benchmarks: f32 matmul against a C program calling cblas_sgemm directly, elementwise
// kernels against numpy, and the latency of a 16-element add.
// `swift run -c release nns-bench tensor [quick]`.

import CBLAS
import Foundation
import NNSTensor

enum TensorBench {
  /// Whether timings use process CPU time instead of wall-clock time (argument `cputime`):
  /// on a machine shared with other work, CPU time is not inflated by waiting for a core.
  nonisolated(unsafe) static var cpuTime = false

  static func run(_ args: [String]) {
    let quick = args.contains("quick")
    cpuTime = args.contains("cputime")
    print("timing: \(cpuTime ? "process CPU time" : "wall-clock time"), best of several runs")
    if let name = args.first, let op = UnaryOp(rawValue: name) {  // a long loop for profiling
      let a = try? RNG(seed: 3).uniform([1_000_000], dtype: .f32)
      for _ in 0..<300 { _ = try? unary(op, a ?? Tensor(scalar: 0, dtype: .f32)) }
      return
    }
    if args.contains("add1m") {  // a long loop for profiling
      if let a = try? Tensor.zeros([1_000_000], dtype: .f32) {
        for _ in 0..<2000 { _ = try? binary(.add, a, a) }
      }
      return
    }
    if args.contains("add16") {  // a long loop for profiling
      if let a = try? Tensor.zeros([16], dtype: .f32) {
        _ = try? bestTime(repeats: 50, inner: 1_000_000) { _ = try binary(.add, a, a) }
      }
      return
    }
    do {
      try matmulVersusC(quick: quick)
      try elementwiseVersusNumpy(quick: quick)
      try smallAdd()
    } catch {
      print("tensor: benchmark failed: \(error)")
    }
  }

  /// Seconds per call of `body`: the best of `repeats` timings of `inner` calls each.
  static func bestTime(repeats: Int, inner: Int, _ body: () throws -> Void) rethrows -> Double {
    var best = Double.infinity
    for _ in 0..<repeats {
      let start = now()
      for _ in 0..<inner { try body() }
      best = min(best, (now() - start) / Double(inner))
    }
    return best
  }

  /// Seconds on the benchmark's clock.
  static func now() -> Double {
    var t = timespec()
    clock_gettime(cpuTime ? CLOCK_PROCESS_CPUTIME_ID : CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
  }

  /// Runs a command, returning its standard output, or nil when it fails.
  static func shell(_ command: String) -> String? {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/bin/sh")
    p.arguments = ["-c", command]
    let pipe = Pipe()
    p.standardOutput = pipe
    p.standardError = FileHandle.nullDevice
    do { try p.run() } catch { return nil }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    guard p.terminationStatus == 0 else { return nil }
    return String(decoding: data, as: UTF8.self)
  }

  static let sizes = [256, 512, 1024, 2048]

  /// Parses `key value` lines into a dictionary.
  static func parse(_ text: String?) -> [String: Double] {
    var out: [String: Double] = [:]
    for line in (text ?? "").split(separator: "\n") {
      let parts = line.split(separator: " ")
      if parts.count == 2, let v = Double(parts[1]) { out[String(parts[0])] = v }
    }
    return out
  }

  static func matmulVersusC(quick: Bool) throws {
    print("f32 matmul, GFLOP/s, best of several rounds; each round times all three in turn:")
    print("  nns = NNSTensor.matmul (allocating its result); in-process = cblas_sgemm called")
    print("  directly from this process; C = a C program calling cblas_sgemm (built with")
    print("  cc -O2 -lopenblas, allocating a fresh result per call as nns does)")
    let dir = NSTemporaryDirectory() + "nns-bench-\(getpid())"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let program = buildSgemmProgram(in: dir)
    if program == nil { print("  (the C program could not be built with cc -lopenblas)") }
    print("      n       nns  in-process         C  nns/in-process  nns/C")
    for n in sizes where !quick || n <= 1024 {
      let a = try RNG(seed: 1).uniform([n, n], dtype: .f32)
      let b = try RNG(seed: 2).uniform([n, n], dtype: .f32)
      let rounds = n >= 2048 ? 4 : 8
      let reps = n >= 2048 ? 2 : (n >= 1024 ? 3 : 5)
      let inner = n <= 256 ? 20 : (n <= 512 ? 5 : 1)
      var ours = Double.infinity
      var direct = Double.infinity
      var c = 0.0
      let pa = a.toFloats()
      let pb = b.toFloats()
      var pc = [Float](repeating: 0, count: n * n)
      for _ in 0..<rounds {
        if let program {
          c = max(c, parse(shell("\(program) \(n) \(reps) \(inner)"))["\(n)"] ?? 0)
        }
        ours = min(ours, try bestTime(repeats: reps, inner: inner) { _ = try matmul(a, b) })
        direct = min(
          direct,
          bestTime(repeats: reps, inner: inner) {
            pc.withUnsafeMutableBufferPointer { out in
              cblas_sgemm(
                CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(n), Int32(n), 1, pa,
                Int32(n), pb, Int32(n), 0, out.baseAddress, Int32(n))
            }
          })
      }
      let flops = 2 * Double(n) * Double(n) * Double(n)
      let g = flops / ours / 1e9
      let d = flops / direct / 1e9
      print(
        pad("\(n)", 7), pad(fmt(g), 9), pad(fmt(d), 11), pad(c > 0 ? fmt(c) : "-", 9),
        pad(fmt(g / d), 15), pad(c > 0 ? fmt(g / c) : "-", 6))
    }
  }

  /// Builds a C program that times cblas_sgemm: `sgemm N REPS INNER` prints `N GFLOP/s`.
  static func buildSgemmProgram(in dir: String) -> String? {
    let source = """
      #define CLOCK \(cpuTime ? "CLOCK_PROCESS_CPUTIME_ID" : "CLOCK_MONOTONIC")
      #include <cblas.h>
      #include <stdio.h>
      #include <stdlib.h>
      #include <time.h>
      static double now(void) {
        struct timespec t; clock_gettime(CLOCK, &t); return t.tv_sec + t.tv_nsec * 1e-9;
      }
      int main(int argc, char **argv) {
        if (argc < 4) return 2;
        int n = atoi(argv[1]), reps = atoi(argv[2]), inner = atoi(argv[3]);
        float *a = malloc(sizeof(float) * n * n), *b = malloc(sizeof(float) * n * n);
        unsigned x = 1;
        for (long i = 0; i < (long)n * n; i++) {
          x = x * 1664525u + 1013904223u; a[i] = (x >> 8) * (1.0f / 16777216.0f);
          x = x * 1664525u + 1013904223u; b[i] = (x >> 8) * (1.0f / 16777216.0f);
        }
        double best = 1e30;
        for (int r = 0; r < reps; r++) {
          double t0 = now();
          for (int k = 0; k < inner; k++) {
            float *c = malloc(sizeof(float) * n * n);
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0f, a, n, b, n,
                        0.0f, c, n);
            free(c);
          }
          double t = (now() - t0) / inner;
          if (t < best) best = t;
        }
        printf("%d %f\\n", n, 2.0 * n * n * (double)n / best / 1e9);
        free(a); free(b);
        return 0;
      }
      """
    let path = dir + "/sgemm.c"
    guard (try? source.write(toFile: path, atomically: true, encoding: .utf8)) != nil,
      shell("cc -O2 -o \(dir)/sgemm \(path) -lopenblas") != nil
    else { return nil }
    return dir + "/sgemm"
  }

  static func elementwiseVersusNumpy(quick: Bool) throws {
    let n = 1_000_000
    print("f32 elementwise over \(n) elements, microseconds per call (best of runs)")
    print(
      "  exp/tanh/sigmoid loops: \(VectorLevel.current.rawValue)"
        + " (NNS_CPU=baseline or x86-64-v3 picks a lower copy)")
    let a = try RNG(seed: 3).uniform([n], dtype: .f32)
    let b = try RNG(seed: 4).uniform([n], dtype: .f32)
    let m = try reshape(a, [1000, 1000])
    let reps = quick ? 2 : 3
    let inner = 20
    let script = """
      import time, timeit, numpy as np
      clock = \(cpuTime ? "time.process_time" : "time.perf_counter")
      a = np.random.default_rng(3).random(\(n), dtype=np.float32)
      b = np.random.default_rng(4).random(\(n), dtype=np.float32)
      m = a.reshape(1000, 1000)
      fs = [('add', lambda: np.add(a, b)), ('mul', lambda: np.multiply(a, b)),
            ('exp', lambda: np.exp(a)), ('tanh', lambda: np.tanh(a)),
            ('rowsum', lambda: m.sum(axis=1)), ('colsum', lambda: m.sum(axis=0)),
            ('sum', lambda: a.sum()), ('var', lambda: a.var()),
            ('softmax', lambda: np.exp(m - m.max(axis=1, keepdims=True)) / np.exp(
                m - m.max(axis=1, keepdims=True)).sum(axis=1, keepdims=True))]
      for name, f in fs:
          t = timeit.Timer(f, timer=clock).repeat(number=\(inner), repeat=\(reps))
          print(name, min(t) / \(inner))
      """
    let file = NSTemporaryDirectory() + "nns-bench-numpy-\(getpid()).py"
    defer { try? FileManager.default.removeItem(atPath: file) }
    let written = (try? script.write(toFile: file, atomically: true, encoding: .utf8)) != nil
    // rounds alternate numpy and nns, so both see the same machine; best of all rounds
    let kernels: [(String, () throws -> Tensor)] = [
      ("add", { try binary(.add, a, b) }),
      ("mul", { try binary(.mul, a, b) }),
      ("exp", { try unary(.exp, a) }),
      ("tanh", { try unary(.tanh, a) }),
      ("rowsum", { try reduce(.sum, m, axes: [1], keepdims: false) }),
      ("colsum", { try reduce(.sum, m, axes: [0], keepdims: false) }),
      ("sum", { try reduce(.sum, a, axes: nil, keepdims: false) }),
      ("var", { try reduce(.variance, a, axes: nil, keepdims: false) }),
      ("softmax", { try softmax(m, axis: 1) }),
    ]
    var numpy: [String: Double] = [:]
    var best = [Double](repeating: .infinity, count: kernels.count)
    for _ in 0..<(quick ? 2 : 3) {
      if written {
        numpy.merge(parse(shell("python3 \(file)"))) { min($0, $1) }
      }
      for (i, kernel) in kernels.enumerated() {
        best[i] = min(best[i], try bestTime(repeats: reps, inner: inner) { _ = try kernel.1() })
      }
    }
    let ours = zip(kernels, best).map { ($0.0, $1) }
    if numpy.isEmpty { print("  (numpy not available: no ratios)") }
    print("  op          nns    numpy  numpy/nns (>= 1 means nns is at least as fast)")
    for (name, t) in ours {
      if let np = numpy[name] {
        print(pad(name, 8), pad(fmt(t * 1e6), 8), pad(fmt(np * 1e6), 8), pad(fmt(np / t), 10))
      } else {
        print(pad(name, 8), pad(fmt(t * 1e6), 8))
      }
    }
  }

  static func smallAdd() throws {
    let a = try RNG(seed: 5).uniform([16], dtype: .f32)
    let b = try RNG(seed: 6).uniform([16], dtype: .f32)
    var sink = 0.0
    let t = try bestTime(repeats: 5, inner: 200_000) {
      let c = try binary(.add, a, b)
      sink += Double(c.count)
    }
    print("16-element f32 add including the result's allocation: \(fmt(t * 1e9)) ns (goal < 150)")
    if sink < 0 { print(sink) }
    // other small-tensor latencies that interpreter and autodiff loops pay per operation
    let x = try RNG(seed: 7).uniform([1, 16], dtype: .f32)
    let w = try RNG(seed: 8).uniform([16, 16], dtype: .f32)
    let s = Tensor(scalar: 0.5, dtype: .f32)
    let tall = try RNG(seed: 9).uniform([512, 16], dtype: .f32)
    let cases: [(String, () throws -> Tensor)] = [
      ("matmul [1,16] @ [16,16]", { try matmul(x, w) }),
      ("scalar * [16]", { try binary(.mul, s, a) }),
      ("[16,16] + [16] (broadcast)", { try binary(.add, w, a) }),
      ("tanh [16]", { try unary(.tanh, a) }),
      ("sum [16,16] over axis 0", { try reduce(.sum, w, axes: [0], keepdims: false) }),
      ("sum [512,16] over axis 0", { try reduce(.sum, tall, axes: [0], keepdims: false) }),
      ("sum [16] to a scalar", { try reduce(.sum, a, axes: nil, keepdims: false) }),
      ("transpose [16,16]", { try transpose(w, nil) }),
      ("x[3] of [16,16]", { try getIndex(w, [.index(3)]) }),
    ]
    for (name, body) in cases {
      let t = try bestTime(repeats: 5, inner: 100_000) { sink += Double(try body().count) }
      print("  \(name): \(fmt(t * 1e9)) ns")
    }
    if sink < 0 { print(sink) }
  }

  static func fmt(_ v: Double) -> String { String(format: "%.2f", v) }

  static func pad(_ s: String, _ width: Int) -> String {
    String(repeating: " ", count: max(0, width - s.count)) + s
  }
}
