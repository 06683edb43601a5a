#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import NNSTensor

/// Scalar arithmetic for the unboxed fast paths, following the binary tensor kernels'
/// definitions (elementwise functions come from NNSTensor's `unaryValue`).
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

  /// A direct Float function for the commonest elementwise ops (no switch per call), or nil.
  /// Each is the function the f32 tensor kernel applies: libm's for the first few, and
  /// NNSTensor's `unaryValue` (the kernels' own per-element functions) for the others.
  static func f32Function(_ op: UnaryOp) -> ((Float) -> Float)? {
    switch op {
    case .sin: return { Glibc.sinf($0) }
    case .cos: return { Glibc.cosf($0) }
    case .log: return { Glibc.logf($0) }
    case .sqrt: return { $0.squareRoot() }
    case .abs: return { Swift.abs($0) }
    case .relu: return { $0 > 0 || $0.isNaN ? $0 : 0 }
    default:
      guard unaryValue(op, Float(0)) != nil else { return nil }  // bool-valued: not a map
      return { unaryValue(op, $0) ?? $0 }
    }
  }
}
