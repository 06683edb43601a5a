import NNSTensor

/// Static parameters of one primitive application (everything that is not a tensor input).
public struct Attrs {
  /// Reduction axes (nil: all axes).
  public var axes: [Int]?
  /// Whether reductions keep reduced axes as size 1.
  public var keepdims = false
  /// A single axis (softmax, concat).
  public var axis = 0
  /// Integers: a shape (reshape, broadcast_to, sum_to), a permutation, tile repetitions.
  public var ints: [Int] = []
  /// A scalar parameter: leaky_relu's slope, norm's p, var's ddof.
  public var scalar = 0.0
  /// Index items of an index read or write.
  public var items: [IndexItem] = []
  /// A target dtype (cast).
  public var dtype: DType = .f32

  /// Attributes with every field at its default.
  public init() {}
}

/// What a vector-Jacobian product receives.
public struct VJPArgs {
  /// The incoming cotangent (same shape as `result`).
  public let grad: DVal
  /// The forward output (its primal).
  public let result: DVal
  /// The forward inputs (their primals).
  public let inputs: [DVal]
  /// The application's attributes.
  public let attrs: Attrs
  /// Which inputs need a cotangent (the others are constants on this tape).
  public let needs: [Bool]
}

/// One differentiable primitive: a name, a forward kernel call and its vector-Jacobian product.
///
/// The VJP is written with DVal-level operations, so when it runs inside an outer gradient it
/// is itself recorded: that is what makes `grad(grad(f))` work. It returns one cotangent per
/// input (nil: zero or not needed); cotangents may have the broadcast shape of the output and
/// a promoted dtype — the backward loop sums and casts them back to each input.
public final class Primitive: @unchecked Sendable {
  /// How the forward kernel is called.
  public enum Forward {
    case unary((Tensor, Attrs) throws -> Tensor)
    case binary((Tensor, Tensor, Attrs) throws -> Tensor)
    case nary(([Tensor], Attrs) throws -> Tensor)
  }

  /// The primitive's name (as shown by `tape`).
  public let name: String
  /// The forward kernel call.
  public let forward: Forward
  /// The vector-Jacobian product.
  public let vjp: (VJPArgs) throws -> [DVal?]

  /// Creates a table entry.
  public init(_ name: String, _ forward: Forward, vjp: @escaping (VJPArgs) throws -> [DVal?]) {
    self.name = name
    self.forward = forward
    self.vjp = vjp
  }

  /// Runs the forward kernel on plain tensors.
  func run(_ xs: [Tensor], _ a: Attrs) throws -> Tensor {
    switch forward {
    case .unary(let f):
      guard xs.count == 1 else { throw ADError("\(name): expected 1 input, got \(xs.count)") }
      return try f(xs[0], a)
    case .binary(let f):
      guard xs.count == 2 else { throw ADError("\(name): expected 2 inputs, got \(xs.count)") }
      return try f(xs[0], xs[1], a)
    case .nary(let f):
      return try f(xs, a)
    }
  }

  /// Applies the primitive to one input; a direct kernel call when it is a constant.
  @inline(__always)
  public func callAsFunction(_ x: DVal, _ a: Attrs = Attrs()) throws -> DVal {
    if case .plain(let t) = x, case .unary(let f) = forward { return .plain(try f(t, a)) }
    return try apply([x], a)
  }

  /// Applies the primitive to two inputs; a direct kernel call when both are constants.
  @inline(__always)
  public func callAsFunction(_ x: DVal, _ y: DVal, _ a: Attrs = Attrs()) throws -> DVal {
    if case .plain(let s) = x, case .plain(let t) = y, case .binary(let f) = forward {
      return .plain(try f(s, t, a))
    }
    return try apply([x, y], a)
  }

  /// Applies the primitive to any number of inputs.
  public func callAsFunction(_ xs: [DVal], _ a: Attrs = Attrs()) throws -> DVal {
    try apply(xs, a)
  }

  /// Applies the primitive at the highest live level among the inputs, recording a node there
  /// and computing on the unwrapped primals (which may record on lower tapes).
  func apply(_ xs: [DVal], _ a: Attrs) throws -> DVal {
    var top: Tape? = nil
    for x in xs {
      if case .tracked(let t) = x, let tape = t.liveTape, tape.level > (top?.level ?? 0) {
        top = tape
      }
    }
    guard let tape = top else { return .plain(try run(xs.map { $0.value }, a)) }
    var primals = [DVal]()
    var ids = [Int]()
    primals.reserveCapacity(xs.count)
    ids.reserveCapacity(xs.count)
    for x in xs {
      if case .tracked(let t) = x, t.tape === tape {
        primals.append(t.primal)
        ids.append(t.index)
      } else {
        primals.append(x)
        ids.append(-1)
      }
    }
    let r = try apply(primals, a)
    return tape.append(self, a, ids, primals, r)
  }
}

/// An autodiff error: a lowercase message naming the operation and shapes.
public struct ADError: Error, CustomStringConvertible, Equatable {
  /// The message, without `error: ` and without a location.
  public var message: String
  /// Creates an error with the given message.
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}
