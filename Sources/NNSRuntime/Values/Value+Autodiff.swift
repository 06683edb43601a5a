import NNSAutodiff
import NNSTensor

/// The bridge between runtime values and NNSAutodiff's `DVal`: `TensorOps` converts its
/// operands with `dval` and its results with `Value(_: DVal)`, so every differentiable
/// operation is recorded when an operand is tracked.
extension Value {
  /// The value as an autodiff operand (callers have checked `isNumeric`).
  @inline(__always)
  var dval: DVal {
    if case .tracked(let t) = self { return .tracked(t) }
    return .plain(TensorOps.tensor(self))
  }

  /// Wraps an autodiff result: a constant becomes a plain (unboxed when rank 0) value.
  @inline(__always)
  init(_ d: DVal) {
    switch d {
    case .plain(let t): self.init(t)
    case .tracked(let t): self = .tracked(t)
    }
  }

  /// Whether the value is a tensor held as such (`tensor` or `tracked`, not an unboxed number).
  var isTensorValue: Bool {
    switch self {
    case .tensor, .tracked: return true
    default: return false
    }
  }

  /// Whether the value is a tensor being differentiated.
  var isTracked: Bool {
    if case .tracked = self { return true }
    return false
  }
}
