import NNSTensor

/// Comparison within a tolerance: the `approx` builtin, and `==` in a notebook exercise's
/// `#!` checks (docs/NOTEBOOKS.md).
///
/// `actual` is the value being checked and `expected` the value it should be. Two numbers are
/// close when `|actual - expected| <= atol + rtol * |expected|` (numpy's `isclose`, asymmetric
/// in the expected value); NaN is close to nothing, an infinity only to the same infinity.
/// Tensors are close when they have the same shape, or `expected` is a single number (rank 0),
/// and every element is close; `bool` and `i64` values compare as numbers. Lists and records
/// are close when they have the same length (or field names, in order) and every item is
/// close; a list of numbers compared with a tensor counts as a vector (`x.shape == [2, 3]`);
/// strings and `none` compare exactly; functions only with themselves.
public enum Approx {
  /// The default relative tolerance.
  public static let defaultRtol = 1e-5
  /// The default absolute tolerance: above f32's rounding of sums of numbers of size 1
  /// (about 1e-7), so a value that should be 0 computed in f32 passes, unlike numpy's 1e-8.
  public static let defaultAtol = 1e-6

  /// Why two values are not close.
  public enum Mismatch: Equatable, Sendable {
    /// The kinds differ (a string against a tensor, say): the two kind names.
    case kind(String, String)
    /// The tensors' shapes differ (and the expected one is not a single number).
    case shape(actual: [Int], expected: [Int])
    /// An element is too far off: its row-major position in the tensor at `path` (of `shape`),
    /// and the two values.
    case element(path: String, shape: [Int], index: Int, actual: Double, expected: Double)
    /// Two lists differ in length, or two records in their field names.
    case structure(path: String)
    /// Two strings (or other exactly compared values) differ.
    case value(path: String)
  }

  /// Whether `actual` is close to `expected`.
  public static func isClose(
    _ actual: Value, _ expected: Value, rtol: Double = defaultRtol, atol: Double = defaultAtol
  ) -> Bool {
    mismatch(actual, expected, rtol: rtol, atol: atol) == nil
  }

  /// The first reason `actual` is not close to `expected`, or nil when it is.
  public static func mismatch(
    _ actual: Value, _ expected: Value, rtol: Double = defaultRtol,
    atol: Double = defaultAtol, path: String = ""
  ) -> Mismatch? {
    switch (actual, expected) {
    case (.string(let x), .string(let y)): return x == y ? nil : .value(path: path)
    case (.none, .none): return nil
    case (.list(let x), .list(let y)):
      guard x.count == y.count else { return .structure(path: path) }
      for (i, (a, b)) in zip(x, y).enumerated() {
        if let m = mismatch(a, b, rtol: rtol, atol: atol, path: path + "[\(i)]") { return m }
      }
      return nil
    case (.record(let x), .record(let y)):
      guard x.keys == y.keys else { return .structure(path: path) }
      for (k, (a, b)) in zip(x.keys, zip(x.values, y.values)) {
        if let m = mismatch(a, b, rtol: rtol, atol: atol, path: path + "." + k) { return m }
      }
      return nil
    case (.closure, _), (.builtin, _), (_, .closure), (_, .builtin):
      return Equality.equal(actual, expected) ? nil : .value(path: path)
    default:
      guard let a = numeric(actual), let b = numeric(expected) else {
        return .kind(actual.kindName, expected.kindName)
      }
      return compare(a, b, rtol: rtol, atol: atol, path: path)
    }
  }

  /// A numeric value as a tensor: a number, a tensor, or a list of numbers (as a vector).
  public static func numeric(_ v: Value) -> Tensor? {
    if let t = v.asTensor { return t }
    guard case .list(let items) = v else { return nil }
    var numbers: [Double] = []
    for item in items {
      guard let t = item.asTensor, t.rank == 0 else { return nil }
      numbers.append(t.element(0))
    }
    return try? Tensor(shape: [numbers.count], values: numbers, dtype: .f64)
  }

  /// Compares two tensors element by element.
  static func compare(_ a: Tensor, _ b: Tensor, rtol: Double, atol: Double, path: String)
    -> Mismatch?
  {
    let scalar = b.rank == 0
    guard scalar || a.shape == b.shape else { return .shape(actual: a.shape, expected: b.shape) }
    let expectedOne = scalar ? b.element(0) : 0
    for i in 0..<a.count {
      let x = a.element(i)
      let y = scalar ? expectedOne : b.element(i)
      if !close(x, y, rtol: rtol, atol: atol) {
        return .element(path: path, shape: a.shape, index: i, actual: x, expected: y)
      }
    }
    return nil
  }

  /// Whether two numbers are close: `|x - y| <= atol + rtol * |y|`; infinities only equal
  /// themselves and NaN nothing.
  public static func close(_ x: Double, _ y: Double, rtol: Double, atol: Double) -> Bool {
    if x.isNaN || y.isNaN { return false }
    if x.isInfinite || y.isInfinite { return x == y }
    return abs(x - y) <= atol + rtol * abs(y)
  }

  /// Checks user-given tolerances.
  /// - Throws: a runtime error naming `approx` unless both are finite and non-negative.
  static func checkTolerances(rtol: Double, atol: Double) throws {
    for (name, v) in [("rtol", rtol), ("atol", atol)] where !(v >= 0 && v.isFinite) {
      throw RuntimeError(
        "approx: \(name) must be a finite number >= 0, got \(NumberFormat.shortest(v))")
    }
  }
}
