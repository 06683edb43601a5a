#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import NNSTensor

/// Scalar kernels for the unboxed fast paths; they follow the tensor kernels' definitions so a
/// number and a rank-0 tensor give the same result.
enum ScalarMath {
  /// Applies a binary arithmetic or comparison operator to two Doubles.
  /// - Returns: the numeric result; comparisons return 1 or 0.
  @inline(__always)
  static func apply(_ op: BinaryOp, _ a: Double, _ b: Double) -> Double {
    switch op {
    case .add: return a + b
    case .sub: return a - b
    case .mul: return a * b
    case .div: return a / b
    case .mod: return floorMod(a, b)
    case .pow: return Glibc.pow(a, b)
    case .maximum: return a.isNaN || b.isNaN ? .nan : Swift.max(a, b)
    case .minimum: return a.isNaN || b.isNaN ? .nan : Swift.min(a, b)
    case .eq: return a == b ? 1 : 0
    case .ne: return a != b ? 1 : 0
    case .lt: return a < b ? 1 : 0
    case .le: return a <= b ? 1 : 0
    case .gt: return a > b ? 1 : 0
    case .ge: return a >= b ? 1 : 0
    @unknown default: return .nan
    }
  }

  /// Applies a binary arithmetic or comparison operator to two Floats (computed in Float).
  @inline(__always)
  static func apply(_ op: BinaryOp, _ a: Float, _ b: Float) -> Float {
    switch op {
    case .add: return a + b
    case .sub: return a - b
    case .mul: return a * b
    case .div: return a / b
    case .mod: return floorMod(a, b)
    case .pow: return Glibc.powf(a, b)
    case .maximum: return a.isNaN || b.isNaN ? .nan : Swift.max(a, b)
    case .minimum: return a.isNaN || b.isNaN ? .nan : Swift.min(a, b)
    case .eq: return a == b ? 1 : 0
    case .ne: return a != b ? 1 : 0
    case .lt: return a < b ? 1 : 0
    case .le: return a <= b ? 1 : 0
    case .gt: return a > b ? 1 : 0
    case .ge: return a >= b ? 1 : 0
    @unknown default: return .nan
    }
  }

  /// Whether the operator is a comparison (its result is bool).
  @inline(__always)
  static func isComparison(_ op: BinaryOp) -> Bool {
    switch op {
    case .eq, .ne, .lt, .le, .gt, .ge: return true
    default: return false
    }
  }

  /// numpy's floor modulo: the result has the sign of the divisor.
  @inline(__always)
  static func floorMod(_ a: Double, _ b: Double) -> Double {
    let r = fmod(a, b)
    return (r != 0 && (r < 0) != (b < 0)) ? r + b : r
  }

  /// numpy's floor modulo in Float.
  @inline(__always)
  static func floorMod(_ a: Float, _ b: Float) -> Float {
    let r = fmodf(a, b)
    return (r != 0 && (r < 0) != (b < 0)) ? r + b : r
  }

  /// Applies an elementwise function to a Double; nil when the op is not a float->float map.
  static func apply(_ op: UnaryOp, _ x: Double) -> Double? {
    switch op {
    case .neg: return -x
    case .exp: return Glibc.exp(x)
    case .log: return Glibc.log(x)
    case .log1p: return Glibc.log1p(x)
    case .sqrt: return x.squareRoot()
    case .abs: return Swift.abs(x)
    case .sin: return Glibc.sin(x)
    case .cos: return Glibc.cos(x)
    case .tan: return Glibc.tan(x)
    case .tanh: return Glibc.tanh(x)
    case .sigmoid:
      if x >= 0 { return 1 / (1 + Glibc.exp(-x)) }
      let e = Glibc.exp(x)
      return e / (1 + e)
    case .relu: return x > 0 || x.isNaN ? x : 0
    case .gelu: return 0.5 * x * (1 + Glibc.erf(x / 2.0.squareRoot()))
    case .softplus: return Swift.max(x, 0) + Glibc.log1p(Glibc.exp(-Swift.abs(x)))
    case .elu: return x > 0 ? x : Glibc.expm1(x)
    case .sign: return x > 0 ? 1 : (x < 0 ? -1 : (x.isNaN ? .nan : 0))
    case .floor: return x.rounded(.down)
    case .ceil: return x.rounded(.up)
    case .round: return x.rounded(.toNearestOrEven)
    case .square: return x * x
    case .reciprocal: return 1 / x
    default: return nil
    }
  }

  /// A direct Float function for the commonest elementwise ops (no switch per call), or nil.
  static func f32Function(_ op: UnaryOp) -> ((Float) -> Float)? {
    switch op {
    case .sin: return { Glibc.sinf($0) }
    case .cos: return { Glibc.cosf($0) }
    case .exp: return { Glibc.expf($0) }
    case .log: return { Glibc.logf($0) }
    case .tanh: return { Glibc.tanhf($0) }
    case .sqrt: return { $0.squareRoot() }
    case .abs: return { Swift.abs($0) }
    case .relu: return { $0 > 0 || $0.isNaN ? $0 : 0 }
    default: return nil
    }
  }

  /// Applies an elementwise function to a Float (computed in Float); nil when not a float map.
  static func apply(_ op: UnaryOp, _ x: Float) -> Float? {
    switch op {
    case .neg: return -x
    case .exp: return Glibc.expf(x)
    case .log: return Glibc.logf(x)
    case .log1p: return Glibc.log1pf(x)
    case .sqrt: return x.squareRoot()
    case .abs: return Swift.abs(x)
    case .sin: return Glibc.sinf(x)
    case .cos: return Glibc.cosf(x)
    case .tan: return Glibc.tanf(x)
    case .tanh: return Glibc.tanhf(x)
    case .sigmoid:
      if x >= 0 { return 1 / (1 + Glibc.expf(-x)) }
      let e = Glibc.expf(x)
      return e / (1 + e)
    case .relu: return x > 0 || x.isNaN ? x : 0
    case .gelu: return 0.5 * x * (1 + Glibc.erff(x / Float(2).squareRoot()))
    case .softplus: return Swift.max(x, 0) + Glibc.log1pf(Glibc.expf(-Swift.abs(x)))
    case .elu: return x > 0 ? x : Glibc.expm1f(x)
    case .sign: return x > 0 ? 1 : (x < 0 ? -1 : (x.isNaN ? .nan : 0))
    case .floor: return x.rounded(.down)
    case .ceil: return x.rounded(.up)
    case .round: return x.rounded(.toNearestOrEven)
    case .square: return x * x
    case .reciprocal: return 1 / x
    default: return nil
    }
  }
}
