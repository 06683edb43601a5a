import NNSTensor

/// A value flowing through a differentiable computation: a constant tensor or a tracked one.
///
/// Every DVal-level operation (`AD.exp`, `AD.add`, ...) takes and returns `DVal`s. A `.plain`
/// value is a constant; a `.tracked` value is being differentiated by an open `Tape`.
public enum DVal {
  /// A constant tensor. Boxed (`indirect`): a copy is one retain instead of three (shape,
  /// strides, storage), which halves the cost of recording a node; a constant op pays one
  /// small allocation.
  indirect case plain(Tensor)
  /// A tensor recorded on a tape; its primal may itself be tracked at a lower level.
  case tracked(Tracked)

  /// The innermost tensor, with every level of tracking removed.
  @inlinable public var value: Tensor {
    switch self {
    case .plain(let t): return t
    case .tracked(let t): return t.value
    }
  }

  /// The shape of the underlying tensor.
  public var shape: [Int] { value.shape }

  /// The dtype of the underlying tensor.
  public var dtype: DType { value.dtype }

  /// The number of elements of the underlying tensor.
  public var count: Int { value.count }

  /// The tensor's rank.
  public var rank: Int { value.shape.count }

  /// Whether this value is recorded on a tape that is still open.
  public var isLive: Bool { liveTape != nil }

  /// The highest open tape this value is recorded on, if any.
  @inline(__always)
  var liveTape: Tape? {
    if case .tracked(let t) = self { return t.liveTape }
    return nil
  }

  /// The float dtype a cotangent of this value carries (bool and i64 values, which are
  /// constants, get the default float).
  var floatDType: DType {
    let d = dtype
    return d.isFloat ? d : Tensor.defaultFloat
  }
}

/// A tensor recorded as the output of one node of a `Tape`.
///
/// `primal` is the value one level down: a plain tensor, or a value tracked by an outer
/// (lower-level) tape. Once the owning tape is closed, a `Tracked` behaves as its primal.
public final class Tracked {
  /// The nesting level of the owning tape (1 for the outermost gradient).
  public let level: Int
  /// The tape that recorded this value.
  public let tape: Tape
  /// The index of the node on `tape` whose output this is.
  public let index: Int
  /// The value one level down.
  public let primal: DVal

  init(level: Int, tape: Tape, index: Int, primal: DVal) {
    self.level = level
    self.tape = tape
    self.index = index
    self.primal = primal
  }

  /// The innermost tensor.
  public var value: Tensor {
    var p = primal
    while case .tracked(let t) = p { p = t.primal }
    guard case .plain(let v) = p else { return Tensor(scalar: .nan, dtype: .f64) }
    return v
  }

  /// The highest open tape this value (or one of its primals) is recorded on, if any.
  var liveTape: Tape? {
    if tape.isOpen { return tape }  // the common case: no walk
    var t = self
    while true {
      if t.tape.isOpen { return t.tape }
      guard case .tracked(let inner) = t.primal else { return nil }
      t = inner
    }
  }
}

extension DVal {
  /// Makes a constant scalar with the given value and dtype.
  public static func scalar(_ v: Double, dtype: DType) -> DVal {
    .plain(Tensor(scalar: v, dtype: dtype.isFloat ? dtype : Tensor.defaultFloat))
  }

  /// Wraps a tensor as a constant.
  public init(_ t: Tensor) { self = .plain(t) }

  /// This value with its tracking removed: the constant used by `stop_gradient`.
  public var constant: DVal { .plain(value) }
}
