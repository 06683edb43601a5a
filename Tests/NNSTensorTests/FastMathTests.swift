// The vectorizable single-precision kernels against double-precision libm over wide sweeps,
// plus their special values.

import Glibc
import NNSFastMath
import Testing

@testable import NNSTensor

@Suite("fast math")
struct FastMathTests {
  /// Error of `got` in units in the last place of the correctly rounded f32 result.
  func ulps(_ got: Float, _ exact: Double) -> Double {
    let rounded = Float(exact)
    if got == rounded { return 0 }
    let spacing = Double(rounded.ulp == 0 ? Float.leastNonzeroMagnitude : rounded.ulp)
    return Swift.abs(Double(got) - exact) / spacing
  }

  @Test func expIsAccurateEverywhere() {
    var worst = 0.0
    var x: Float = -104
    while x < 88.7 {
      worst = max(worst, ulps(fastExp(x), Glibc.exp(Double(x))))
      x += 0.00731
    }
    #expect(worst <= 2, "max error \(worst) ulp")
    // subnormal results keep their value within an ulp of the subnormal spacing
    #expect(
      Swift.abs(Double(fastExp(-100)) - Glibc.exp(-100.0)) <= Double(Float.leastNonzeroMagnitude))
  }

  @Test func expSpecialValues() {
    #expect(fastExp(0) == 1)
    #expect(fastExp(-.infinity) == 0)
    #expect(fastExp(-200) == 0)
    #expect(fastExp(.infinity) == .infinity)
    #expect(fastExp(89) == .infinity)
    #expect(fastExp(.nan).isNaN)
    #expect(fastExp(88.72).isFinite)
  }

  @Test func tanhIsAccurateEverywhere() {
    var worst = 0.0
    var x: Float = -10
    while x < 10 {
      worst = max(worst, ulps(fastTanh(x), Glibc.tanh(Double(x))))
      x += 0.000913
    }
    var tiny: Float = 1e-30
    while tiny < 1 {
      worst = max(worst, ulps(fastTanh(tiny), Glibc.tanh(Double(tiny))))
      tiny *= 1.37
    }
    #expect(worst <= 8, "max error \(worst) ulp")
  }

  @Test func tanhSpecialValues() {
    #expect(fastTanh(0) == 0 && fastTanh(-0.0).sign == .minus)
    #expect(fastTanh(.infinity) == 1 && fastTanh(-.infinity) == -1)
    #expect(fastTanh(1e4) == 1 && fastTanh(-1e4) == -1)
    #expect(fastTanh(.nan).isNaN)
    var x: Float = 0
    while x < 20 {  // never above 1
      #expect(fastTanh(x) <= 1)
      x += 0.37
    }
  }

  @Test func sigmoidIsStable() {
    #expect(fastSigmoid(0) == 0.5)
    #expect(fastSigmoid(1e4) == 1 && fastSigmoid(-1e4) == 0)
    #expect(fastSigmoid(.nan).isNaN)
    var x: Float = -30
    while x < 30 {
      let exact = 1 / (1 + Glibc.exp(-Double(x)))
      #expect(ulps(fastSigmoid(x), exact) <= 4, "x = \(x)")
      x += 0.173
    }
  }
}
