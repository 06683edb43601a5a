import NNSTensor

/// The result of comparing an analytic gradient with central finite differences.
public struct GradCheckResult: Equatable {
  /// Whether every element satisfies `|a - n| <= atol + rtol * |n|`.
  public var ok: Bool
  /// The largest `|a - n|`.
  public var maxAbsErr: Double
  /// The largest `|a - n| / max(|n|, atol)`.
  public var maxRelErr: Double
}

extension AD {
  /// Checks the gradient of scalar `f` at `x` against central finite differences in f64
  /// (PyTorch's defaults: eps 1e-6, atol 1e-5, rtol 1e-3).
  /// - Parameters:
  ///   - f: the function; it receives an f64 tensor.
  ///   - x: the point (converted to f64).
  /// - Returns: ok, max_abs_err and max_rel_err.
  /// - Throws: `gradcheck: f must return a scalar, got shape [3]`, and `f`'s errors.
  public static func gradcheck(
    _ x: Tensor, eps: Double = 1e-6, atol: Double = 1e-5, rtol: Double = 1e-3,
    _ f: (DVal) throws -> DVal
  ) throws -> GradCheckResult {
    let x64 = x.cast(.f64)
    let analytic = try valueAndGrad([.plain(x64)], op: "gradcheck") { try f($0[0]) }
      .grads[0].value.toDoubles()
    var values = x64.toDoubles()
    func eval(_ v: [Double]) throws -> Double {
      let out = try f(.plain(Tensor(shape: x64.shape, values: v, dtype: .f64))).value
      guard out.count == 1 else {
        throw ADError("gradcheck: f must return a scalar, got shape \(shapeString(out.shape))")
      }
      return try out.scalarDouble()
    }
    var result = GradCheckResult(ok: true, maxAbsErr: 0, maxRelErr: 0)
    for i in 0..<values.count {
      let v = values[i]
      values[i] = v + eps
      let up = try eval(values)
      values[i] = v - eps
      let down = try eval(values)
      values[i] = v
      let numeric = (up - down) / (2 * eps)
      let a = i < analytic.count ? analytic[i] : .nan
      let err = Swift.abs(a - numeric)
      let rel = err / Swift.max(Swift.abs(numeric), atol)
      if !(err <= atol + rtol * Swift.abs(numeric)) { result.ok = false }
      result.maxAbsErr = Swift.max(result.maxAbsErr, err.isNaN ? .infinity : err)
      result.maxRelErr = Swift.max(result.maxRelErr, rel.isNaN ? .infinity : rel)
    }
    return result
  }
}
