// The copies of the dense float loops (baseline and x86-64-v4) against the per-element
// functions, bit for bit, over special values, random bit patterns and every tail length; the
// choice of level; and exp/tanh/sigmoid over dense and strided tensors.

import Testing

@testable import NNSTensor

/// Whether two results are the same: equal bits, or both NaN. IEEE 754 leaves the payload and
/// sign of a NaN result open when several operands are NaN, and nns prints every NaN as `nan`.
func sameResult(_ a: Float, _ b: Float) -> Bool {
  a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN)
}

@Suite("vector levels")
struct VectorLevelTests {
  /// Inputs that reach every branch of the formulas: specials, the clamp bounds of exp (89,
  /// -105) and tanh (9) and where results overflow or go subnormal, with their neighbours;
  /// random bit patterns (every exponent, subnormals, NaN payloads); random working values.
  static let inputs: [Float] = {
    var v: [Float] = [
      0, -0.0, 1, -1, .infinity, -.infinity, .nan, -.nan, .signalingNaN,
      Float(bitPattern: 0x7FC0_1234), Float(bitPattern: 0xFF80_0001),
      .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .leastNormalMagnitude,
      -.leastNormalMagnitude, .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .ulpOfOne,
      Float(bitPattern: 0x0040_0000), Float(bitPattern: 0x807F_FFFF),
    ]
    let bounds: [Float] = [89, 105, 88.722_84, 87.336_55, 103.972_08, 9, 0.346_573_6, 1e-4]
    for b in bounds {
      for s in [b, -b] {
        var up = s
        var down = s
        for _ in 0..<4 {
          v += [up, down]
          up = up.nextUp
          down = down.nextDown
        }
      }
    }
    var g = TestRandom(2)
    for _ in 0..<20_000 { v.append(Float(bitPattern: UInt32(truncatingIfNeeded: g.next()))) }
    for _ in 0..<20_000 { v.append(Float.random(in: -110...95, using: &g)) }
    for _ in 0..<20_000 { v.append(Float.random(in: -10...10, using: &g)) }
    return v
  }()

  /// Runs `loop` at `level` over `count` inputs from `start`, the source `shift` floats and the
  /// destination `shift + 1` floats past an aligned address, and expects the per-element
  /// values, bit for bit, with the floats after the destination untouched.
  func check(
    _ loop: DenseFloatLoop, _ level: VectorLevel, start: Int, count: Int, shift: Int,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let guardCount = 20
    let src = UnsafeMutablePointer<Float>.allocate(capacity: count + shift)
    let dst = UnsafeMutablePointer<Float>.allocate(capacity: count + shift + 1 + guardCount)
    defer {
      src.deallocate()
      dst.deallocate()
    }
    let inputs = Self.inputs
    for i in 0..<count { src[shift + i] = inputs[(start + i) % inputs.count] }
    let sentinel = Float(bitPattern: 0x7FC0_BEEF)
    dst.initialize(repeating: sentinel, count: count + shift + 1 + guardCount)
    loop.run(src + shift, dst + shift + 1, count: count, level: level)
    for i in 0..<count {
      let x = src[shift + i]
      let want = loop.value(x)
      let got = dst[shift + 1 + i]
      guard sameResult(got, want) else {
        let at = "\(loop) at \(level.rawValue), count \(count), element \(i)"
        let bits = "bits \(got.bitPattern), want \(want.bitPattern)"
        Issue.record(
          "\(at): f(\(x)) = \(got), want \(want) (\(bits))", sourceLocation: sourceLocation)
        return
      }
    }
    for i in 0..<guardCount where dst[shift + 1 + count + i].bitPattern != sentinel.bitPattern {
      Issue.record("\(loop) at \(level.rawValue), count \(count): wrote past the end")
      return
    }
    if dst[shift].bitPattern != sentinel.bitPattern {
      Issue.record("\(loop) at \(level.rawValue), count \(count): wrote before the start")
    }
  }

  /// Every tail length up to 100 at three alignments, then all the inputs at once.
  func checkAllLengths(_ loop: DenseFloatLoop, _ level: VectorLevel) {
    for count in 0...100 {
      for shift in [0, 1, 3] {
        check(loop, level, start: count &* 131 &+ shift, count: count, shift: shift)
      }
    }
    for shift in [0, 2] {
      check(loop, level, start: 0, count: Self.inputs.count, shift: shift)
    }
  }

  @Test func cpuFlagsComeFromTheFirstFlagsLine() throws {
    #if arch(x86_64) && os(Linux)
      let text =
        "processor\t: 0\nvendor_id\t: X\nflags\t\t: fpu sse2 avx512f avx2\n"
        + "bugs\t\t: none\n\nprocessor\t: 1\nflags\t\t: fpu\n"
      let flags = try #require(parseCPUFlags(Array(text.utf8)))
      #expect(flags == ["fpu", "sse2", "avx512f", "avx2"])
      #expect(parseCPUFlags(Array("flags : a b".utf8)) == ["a", "b"])
      #expect(parseCPUFlags(Array("processor : 0\nmodel : 1\n".utf8)) == nil)
      #expect(!x86_64_v4Flags.allSatisfy { flags.contains($0) })
      // on this machine the answers agree with the kernel's list
      if let here = cpuFlags() {
        let v3 = x86_64_v3Flags.allSatisfy { here.contains($0) }
        #expect(VectorLevel.supportsX86_64_v3 == v3)
        #expect(
          VectorLevel.supportsX86_64_v4 == (v3 && x86_64_v4Flags.allSatisfy { here.contains($0) }))
      }
    #endif
  }

  @Test(arguments: DenseFloatLoop.allCases)
  func baselineLoopGivesTheElementValues(_ loop: DenseFloatLoop) {
    checkAllLengths(loop, .baseline)
  }

  @Test(
    .enabled(if: VectorLevel.supportsX86_64_v4, "the CPU lacks x86-64-v4 (AVX-512)"),
    arguments: DenseFloatLoop.allCases)
  func x86_64_v4LoopGivesTheElementValues(_ loop: DenseFloatLoop) {
    checkAllLengths(loop, .x86_64_v4)
  }

  @Test(
    .enabled(if: VectorLevel.supportsX86_64_v3, "the CPU lacks x86-64-v3 (AVX2)"),
    arguments: DenseFloatLoop.allCases)
  func x86_64_v3LoopGivesTheElementValues(_ loop: DenseFloatLoop) {
    checkAllLengths(loop, .x86_64_v3)
  }

  @Test func theElementValuesAreTheFormulas() {
    for x in Self.inputs.prefix(200) {
      #expect(sameResult(DenseFloatLoop.exp.value(x), kernelExp(x)))
      #expect(sameResult(DenseFloatLoop.tanh.value(x), kernelTanh(x)))
      #expect(sameResult(DenseFloatLoop.sigmoid.value(x), sigmoidValue(x)))
    }
  }

  @Test func levelChoice() {
    #expect(VectorLevel.chosen(request: nil, supported: [.baseline]) == .baseline)
    #expect(VectorLevel.chosen(request: nil, supported: [.baseline, .x86_64_v4]) == .x86_64_v4)
    let both: [VectorLevel] = [.baseline, .x86_64_v4]
    #expect(VectorLevel.chosen(request: "baseline", supported: both) == .baseline)
    #expect(VectorLevel.chosen(request: "", supported: both) == .x86_64_v4)
    #expect(VectorLevel.chosen(request: "x86-64-v4", supported: [.baseline]) == .baseline)
    let all: [VectorLevel] = [.baseline, .x86_64_v3, .x86_64_v4]
    #expect(VectorLevel.chosen(request: nil, supported: all) == .x86_64_v4)
    #expect(VectorLevel.chosen(request: "x86-64-v3", supported: all) == .x86_64_v3)
    #expect(VectorLevel.chosen(request: "x86-64-v3", supported: both) == .x86_64_v4)
    #expect(VectorLevel.chosen(request: "avx", supported: all) == .x86_64_v4)
    #expect(VectorLevel.supported.first == .baseline)
    #expect(VectorLevel.supported.contains(VectorLevel.current))
  }

  /// exp, tanh and sigmoid of a dense and a transposed (strided) f32 tensor, element by element
  /// against `unaryValue`, which numbers use: the two must agree to the last bit.
  @Test(arguments: [UnaryOp.exp, .tanh, .sigmoid])
  func tensorsAgreeWithNumbers(_ op: UnaryOp) throws {
    let values = Self.inputs.prefix(12 * 37).map { Double($0) }
    let dense = try Tensor(shape: [12, 37], values: values, dtype: .f32)
    let strided = try transpose(dense, nil)
    for x in [dense, strided] {
      let y = try unary(op, x)
      #expect(y.shape == x.shape && y.dtype == .f32)
      let xs = x.toFloats()
      let ys = y.toFloats()
      for (a, b) in zip(xs, ys) {
        guard let want = unaryValue(op, a), sameResult(b, want) else {
          Issue.record("\(op.name)(\(a)) = \(b), want \(String(describing: unaryValue(op, a)))")
          return
        }
      }
    }
  }
}
