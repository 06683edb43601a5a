// Unary elementwise operations: the differentiable math functions, activations, rounding and
// the bool-valued tests (isnan, isinf, logicalNot).

import NNSFastMath

/// A unary elementwise operation.
public enum UnaryOp: String, CaseIterable, Sendable {
  case neg, exp, log, log1p, sqrt, abs, sin, cos, tan, tanh, sigmoid, relu, gelu, softplus, elu
  case sign, floor, ceil, round, isnan, isinf, logicalNot, square, reciprocal
  case expm1, erf, isfinite

  /// The nns name of the operation (`log_not` reads as `not`).
  public var name: String {
    switch self {
    case .neg: return "-"
    case .logicalNot: return "not"
    default: return rawValue
    }
  }

  /// Whether the result is a bool tensor.
  public var givesBool: Bool {
    switch self {
    case .isnan, .isinf, .isfinite, .logicalNot: return true
    default: return false
    }
  }
}

/// Applies `op` to every element.
///
/// Math on a bool tensor computes in `Tensor.defaultFloat` (0/1); `isnan`, `isinf`,
/// `isfinite` and `logicalNot` give bool; on i64 see `unaryInt`. Conventions: `sign(0) = 0`, `round` is half to even,
/// `gelu` is the exact erf form, `elu` has alpha 1, `relu(NaN)` is NaN.
/// - Throws: never for valid tensors; declared so callers treat all kernels alike.
public func unary(_ op: UnaryOp, _ x: Tensor) throws -> Tensor {
  if x.count &* 8 >= Tensor.probeBytes {  // the result is at most 8 bytes an element
    try Tensor.probe(x.count &* 8, op: op.name, what: "shape \(shapeString(x.shape))")
  }
  if x.dtype == .i64 { return try unaryInt(op, x) }
  if x.dtype == .bool {
    switch op {
    case .isnan, .isinf:
      return map1(x, UInt8.self, to: .bool, UInt8.self) { _ in 0 }
    case .isfinite:
      return map1(x, UInt8.self, to: .bool, UInt8.self) { _ in 1 }
    case .logicalNot:
      return map1(x, UInt8.self, to: .bool, UInt8.self) { $0 == 0 ? 1 : 0 }
    default:
      return try unary(op, x.cast(Tensor.defaultFloat))
    }
  }
  if x.dtype == .f32 { return unaryKernel(op, x, Float.self) }
  return unaryKernel(op, x, Double.self)
}

/// The kernel table for one float type: each case is a specialized loop.
@usableFromInline
func unaryKernel<T: FloatElement>(_ op: UnaryOp, _ x: Tensor, _: T.Type) -> Tensor {
  let dt = T.dtype
  switch op {
  case .neg: return map1(x, T.self, to: dt, T.self) { -$0 }
  case .exp: return expTensor(x, T.self)
  case .log: return map1(x, T.self, to: dt, T.self) { T.mLog($0) }
  case .log1p: return map1(x, T.self, to: dt, T.self) { T.mLog1p($0) }
  case .expm1: return map1(x, T.self, to: dt, T.self) { T.mExpm1($0) }
  case .sqrt: return map1(x, T.self, to: dt, T.self) { $0.squareRoot() }
  case .abs: return map1(x, T.self, to: dt, T.self) { Swift.abs($0) }
  case .sin: return map1(x, T.self, to: dt, T.self) { T.mSin($0) }
  case .cos: return map1(x, T.self, to: dt, T.self) { T.mCos($0) }
  case .tan: return map1(x, T.self, to: dt, T.self) { T.mTan($0) }
  case .tanh: return tanhTensor(x, T.self)
  case .erf: return map1(x, T.self, to: dt, T.self) { T.mErf($0) }
  case .sigmoid:
    if T.self == Float.self { return mapFloats(x, .sigmoid) }
    return map1(x, T.self, to: dt, T.self) { sigmoidValue($0) }
  case .relu: return map1(x, T.self, to: dt, T.self) { reluValue($0) }
  case .gelu: return map1(x, T.self, to: dt, T.self) { geluValue($0) }
  case .softplus: return map1(x, T.self, to: dt, T.self) { softplusValue($0) }
  case .elu: return map1(x, T.self, to: dt, T.self) { $0 > 0 ? $0 : T.mExpm1($0) }
  case .sign: return map1(x, T.self, to: dt, T.self) { signValue($0) }
  case .floor: return map1(x, T.self, to: dt, T.self) { $0.rounded(.down) }
  case .ceil: return map1(x, T.self, to: dt, T.self) { $0.rounded(.up) }
  case .round: return map1(x, T.self, to: dt, T.self) { $0.rounded(.toNearestOrEven) }
  case .square: return map1(x, T.self, to: dt, T.self) { $0 * $0 }
  case .reciprocal: return map1(x, T.self, to: dt, T.self) { 1 / $0 }
  case .isnan: return map1(x, T.self, to: .bool, UInt8.self) { $0.isNaN ? 1 : 0 }
  case .isinf: return map1(x, T.self, to: .bool, UInt8.self) { $0.isInfinite ? 1 : 0 }
  case .isfinite: return map1(x, T.self, to: .bool, UInt8.self) { $0.isFinite ? 1 : 0 }
  case .logicalNot: return map1(x, T.self, to: .bool, UInt8.self) { $0 == 0 ? 1 : 0 }
  }
}

/// `x` where `x > 0`, else `slope * x` (bool and i64 input compute in the default float).
public func leakyRelu(_ x: Tensor, slope: Double) throws -> Tensor {
  let x2 = x.dtype.isFloat ? x : x.cast(Tensor.defaultFloat)
  if x2.dtype == .f32 {
    let s = Float(slope)
    return map1(x2, Float.self, to: .f32, Float.self) { $0 > 0 ? $0 : s * $0 }
  }
  return map1(x2, Double.self, to: .f64, Double.self) { $0 > 0 ? $0 : slope * $0 }
}

/// The value `unary(op, _)` gives one f32 element, or nil for the bool-valued ops. Number
/// fast paths call it so that a number and a tensor element agree to the last bit.
public func unaryValue(_ op: UnaryOp, _ x: Float) -> Float? { elementValue(op, x) }

/// The value `unary(op, _)` gives one f64 element, or nil for the bool-valued ops.
public func unaryValue(_ op: UnaryOp, _ x: Double) -> Double? { elementValue(op, x) }

/// One element of `unaryKernel`: the same per-element functions, chosen by a switch.
func elementValue<T: FloatElement>(_ op: UnaryOp, _ v: T) -> T? {
  switch op {
  case .neg: return -v
  case .exp: return kernelExp(v)
  case .log: return T.mLog(v)
  case .log1p: return T.mLog1p(v)
  case .expm1: return T.mExpm1(v)
  case .sqrt: return v.squareRoot()
  case .abs: return Swift.abs(v)
  case .sin: return T.mSin(v)
  case .cos: return T.mCos(v)
  case .tan: return T.mTan(v)
  case .tanh: return kernelTanh(v)
  case .erf: return T.mErf(v)
  case .sigmoid: return sigmoidValue(v)
  case .relu: return reluValue(v)
  case .gelu: return geluValue(v)
  case .softplus: return softplusValue(v)
  case .elu: return v > 0 ? v : T.mExpm1(v)
  case .sign: return signValue(v)
  case .floor: return v.rounded(.down)
  case .ceil: return v.rounded(.up)
  case .round: return v.rounded(.toNearestOrEven)
  case .square: return v * v
  case .reciprocal: return 1 / v
  case .isnan, .isinf, .isfinite, .logicalNot: return nil
  }
}

/// `max(v, 0)`, NaN passing through.
@inline(__always) @usableFromInline func reluValue<T: FloatElement>(_ v: T) -> T {
  (v > 0 || v.isNaN) ? v : 0
}

/// `sign(v)`: -1, 0 or 1, NaN passing through.
@inline(__always) @usableFromInline func signValue<T: FloatElement>(_ v: T) -> T {
  v > 0 ? 1 : (v < 0 ? -1 : (v.isNaN ? v : 0))
}

/// The exact-erf GELU: `v * (1 + erf(v / sqrt(2))) / 2`.
@inline(__always) @usableFromInline func geluValue<T: FloatElement>(_ v: T) -> T {
  T(0.5) * v * (1 + T.mErf(v / T(2).squareRoot()))  // one rounding fewer than * (1/sqrt 2)
}

/// `log(1 + e^v)`, stable for large |v|.
@inline(__always) @usableFromInline func softplusValue<T: FloatElement>(_ v: T) -> T {
  Swift.max(v, 0) + T.mLog1p(T.mExp(-Swift.abs(v)))
}

/// The logistic function: `fastSigmoid` for Float, the stable libm form for Double.
@inline(__always) @usableFromInline func sigmoidValue<T: FloatElement>(_ v: T) -> T {
  if T.self == Float.self {
    return unsafeBitCast(fastSigmoid(unsafeBitCast(v, to: Float.self)), to: T.self)
  }
  let e = T.mExp(-Swift.abs(v))
  let r = 1 / (1 + e)
  return v >= 0 ? r : e * r
}

/// `exp` over a tensor: the vectorizable `fastExp` for f32 (at the CPU's `VectorLevel`), libm
/// for f64.
@usableFromInline func expTensor<T: FloatElement>(_ x: Tensor, _: T.Type) -> Tensor {
  if T.self == Float.self { return mapFloats(x, .exp) }
  return map1(x, T.self, to: T.dtype, T.self) { T.mExp($0) }
}

/// `tanh` over a tensor: the vectorizable `fastTanh` for f32 (at the CPU's `VectorLevel`),
/// libm for f64.
@usableFromInline func tanhTensor<T: FloatElement>(_ x: Tensor, _: T.Type) -> Tensor {
  if T.self == Float.self { return mapFloats(x, .tanh) }
  return map1(x, T.self, to: T.dtype, T.self) { T.mTanh($0) }
}
