// Tensor benchmarks: f32 matmul against a C program calling cblas_sgemm directly, elementwise
// kernels against numpy, and the latency of a 16-element add.
// `swift run -c release nns-bench tensor [quick]`.

import Foundation
import NNSTensor

enum TensorBench {
  static func run(_ args: [String]) {
    let quick = args.contains("quick")
    if args.contains("exp") {  // a long loop for profiling
      let a = try? RNG(seed: 3).uniform([1_000_000], dtype: .f32)
      for _ in 0..<300 { _ = try? unary(.exp, a ?? Tensor(scalar: 0, dtype: .f32)) }
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
      let start = DispatchTime.now().uptimeNanoseconds
      for _ in 0..<inner { try body() }
      let end = DispatchTime.now().uptimeNanoseconds
      best = min(best, Double(end - start) / 1e9 / Double(inner))
    }
    return best
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
    print("f32 matmul, GFLOP/s (best of several runs; C = cblas_sgemm called from C)")
    let c = cSgemm(quick: quick)
    if c.isEmpty { print("  (the C program could not be built with cc -lopenblas; no ratio)") }
    print("  n       nns        C    ratio")
    for n in sizes where !quick || n <= 1024 {
      let a = try RNG(seed: 1).uniform([n, n], dtype: .f32)
      let b = try RNG(seed: 2).uniform([n, n], dtype: .f32)
      let reps = n >= 2048 ? 3 : (n >= 1024 ? 5 : 10)
      let inner = n <= 256 ? 20 : (n <= 512 ? 5 : 1)
      let t = try bestTime(repeats: reps, inner: inner) { _ = try matmul(a, b) }
      let gflops = 2 * Double(n) * Double(n) * Double(n) / t / 1e9
      if let cg = c["\(n)"] {
        print(pad("\(n)", 5), pad(fmt(gflops), 8), pad(fmt(cg), 8), pad(fmt(gflops / cg), 8))
      } else {
        print(pad("\(n)", 5), pad(fmt(gflops), 8))
      }
    }
  }

  /// Builds and runs a C program timing cblas_sgemm at the benchmark sizes: `n GFLOP/s` lines.
  static func cSgemm(quick: Bool) -> [String: Double] {
    let dir = NSTemporaryDirectory() + "nns-bench-\(getpid())"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let source = """
      #include <cblas.h>
      #include <stdio.h>
      #include <stdlib.h>
      #include <time.h>
      static double now(void) {
        struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec * 1e-9;
      }
      int main(int argc, char **argv) {
        int sizes[] = {256, 512, 1024, 2048};
        int count = argc > 1 ? 3 : 4;
        for (int s = 0; s < count; s++) {
          int n = sizes[s];
          float *a = malloc(sizeof(float) * n * n), *b = malloc(sizeof(float) * n * n);
          unsigned x = 1;
          for (long i = 0; i < (long)n * n; i++) {
            x = x * 1664525u + 1013904223u; a[i] = (x >> 8) * (1.0f / 16777216.0f);
            x = x * 1664525u + 1013904223u; b[i] = (x >> 8) * (1.0f / 16777216.0f);
          }
          int reps = n >= 2048 ? 3 : (n >= 1024 ? 5 : 10);
          int inner = n <= 256 ? 20 : (n <= 512 ? 5 : 1);
          double best = 1e30;
          for (int r = 0; r < reps; r++) {
            double t0 = now();
            for (int k = 0; k < inner; k++) {
              float *c = malloc(sizeof(float) * n * n);  /* a fresh result, as nns allocates */
              cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0f, a, n, b, n,
                          0.0f, c, n);
              free(c);
            }
            double t = (now() - t0) / inner;
            if (t < best) best = t;
          }
          printf("%d %f\\n", n, 2.0 * n * n * (double)n / best / 1e9);
          free(a); free(b);
        }
        return 0;
      }
      """
    let path = dir + "/sgemm.c"
    guard (try? source.write(toFile: path, atomically: true, encoding: .utf8)) != nil,
      shell("cc -O2 -o \(dir)/sgemm \(path) -lopenblas") != nil
    else { return [:] }
    return parse(shell("\(dir)/sgemm \(quick ? "quick" : "")"))
  }

  static func elementwiseVersusNumpy(quick: Bool) throws {
    let n = 1_000_000
    print("f32 elementwise over \(n) elements, microseconds per call (best of runs)")
    let a = try RNG(seed: 3).uniform([n], dtype: .f32)
    let b = try RNG(seed: 4).uniform([n], dtype: .f32)
    let m = try reshape(a, [1000, 1000])
    let reps = quick ? 3 : 7
    let inner = 20
    let ours: [(String, Double)] = [
      ("add", try bestTime(repeats: reps, inner: inner) { _ = try binary(.add, a, b) }),
      ("mul", try bestTime(repeats: reps, inner: inner) { _ = try binary(.mul, a, b) }),
      ("exp", try bestTime(repeats: reps, inner: inner) { _ = try unary(.exp, a) }),
      ("tanh", try bestTime(repeats: reps, inner: inner) { _ = try unary(.tanh, a) }),
      (
        "rowsum",
        try bestTime(repeats: reps, inner: inner) {
          _ = try reduce(.sum, m, axes: [1], keepdims: false)
        }
      ),
    ]
    let script = """
      import timeit, numpy as np
      a = np.random.default_rng(3).random(\(n), dtype=np.float32)
      b = np.random.default_rng(4).random(\(n), dtype=np.float32)
      m = a.reshape(1000, 1000)
      fs = [('add', lambda: np.add(a, b)), ('mul', lambda: np.multiply(a, b)),
            ('exp', lambda: np.exp(a)), ('tanh', lambda: np.tanh(a)),
            ('rowsum', lambda: m.sum(axis=1))]
      for name, f in fs:
          print(name, min(timeit.repeat(f, number=\(inner), repeat=\(reps))) / \(inner))
      """
    let file = NSTemporaryDirectory() + "nns-bench-numpy-\(getpid()).py"
    defer { try? FileManager.default.removeItem(atPath: file) }
    let written = (try? script.write(toFile: file, atomically: true, encoding: .utf8)) != nil
    let numpy = written ? parse(shell("python3 \(file)")) : [:]
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
  }

  static func fmt(_ v: Double) -> String { String(format: "%.2f", v) }

  static func pad(_ s: String, _ width: Int) -> String {
    String(repeating: " ", count: max(0, width - s.count)) + s
  }
}
