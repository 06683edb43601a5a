// The two float element types behind one protocol, so kernels are written once and specialized
// for Float and Double (no per-element dynamic dispatch after whole-module optimization).

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `Float` or `Double`: the math that kernels need, resolved statically when specialized.
@usableFromInline
protocol FloatElement: BinaryFloatingPoint, Sendable where RawSignificand: FixedWidthInteger {
  static var dtype: DType { get }
  static func mExp(_ x: Self) -> Self
  static func mExpm1(_ x: Self) -> Self
  static func mLog(_ x: Self) -> Self
  static func mLog1p(_ x: Self) -> Self
  static func mSin(_ x: Self) -> Self
  static func mCos(_ x: Self) -> Self
  static func mTan(_ x: Self) -> Self
  static func mTanh(_ x: Self) -> Self
  static func mErf(_ x: Self) -> Self
  static func mPow(_ x: Self, _ y: Self) -> Self
  static func mFmod(_ x: Self, _ y: Self) -> Self
  init(_ x: Double)
  var double: Double { get }
}

extension Float: FloatElement {
  @usableFromInline static var dtype: DType { .f32 }
  @inlinable static func mExp(_ x: Float) -> Float { expf(x) }
  @inlinable static func mExpm1(_ x: Float) -> Float { expm1f(x) }
  @inlinable static func mLog(_ x: Float) -> Float { logf(x) }
  @inlinable static func mLog1p(_ x: Float) -> Float { log1pf(x) }
  @inlinable static func mSin(_ x: Float) -> Float { sinf(x) }
  @inlinable static func mCos(_ x: Float) -> Float { cosf(x) }
  @inlinable static func mTan(_ x: Float) -> Float { tanf(x) }
  @inlinable static func mTanh(_ x: Float) -> Float { tanhf(x) }
  @inlinable static func mErf(_ x: Float) -> Float { erff(x) }
  @inlinable static func mPow(_ x: Float, _ y: Float) -> Float { powf(x, y) }
  @inlinable static func mFmod(_ x: Float, _ y: Float) -> Float { fmodf(x, y) }
  @inlinable var double: Double { Double(self) }
}

extension Double: FloatElement {
  @usableFromInline static var dtype: DType { .f64 }
  @inlinable static func mExp(_ x: Double) -> Double { exp(x) }
  @inlinable static func mExpm1(_ x: Double) -> Double { expm1(x) }
  @inlinable static func mLog(_ x: Double) -> Double { log(x) }
  @inlinable static func mLog1p(_ x: Double) -> Double { log1p(x) }
  @inlinable static func mSin(_ x: Double) -> Double { sin(x) }
  @inlinable static func mCos(_ x: Double) -> Double { cos(x) }
  @inlinable static func mTan(_ x: Double) -> Double { tan(x) }
  @inlinable static func mTanh(_ x: Double) -> Double { tanh(x) }
  @inlinable static func mErf(_ x: Double) -> Double { erf(x) }
  @inlinable static func mPow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
  @inlinable static func mFmod(_ x: Double, _ y: Double) -> Double { fmod(x, y) }
  @inlinable var double: Double { self }
}
