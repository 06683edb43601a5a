import NNSTensor

/// Static parameters of one primitive application (everything that is not a tensor input).
///
/// Most applications have none, so the fields live in a shared box that is nil by default:
/// recording a node then copies one optional reference.
public struct Attrs {
  final class Box {
    var axes: [Int]?
    var keepdims = false
    var axis = 0
    var ints: [Int] = []
    var scalar = 0.0
    var items: [IndexItem] = []
    var dtype: DType = .f32

    init() {}

    func copy() -> Box {
      let b = Box()
      (b.axes, b.keepdims, b.axis, b.ints) = (axes, keepdims, axis, ints)
      (b.scalar, b.items, b.dtype) = (scalar, items, dtype)
      return b
    }
  }

  private var box: Box?

  /// Attributes with every field at its default.
  @inline(__always) public init() {}

  /// The box to write to, copied first when shared.
  private mutating func writable() -> Box {
    if let b = box, isKnownUniquelyReferenced(&box) { return b }
    let b = box?.copy() ?? Box()
    box = b
    return b
  }

  /// Reduction axes (nil: all axes).
  public var axes: [Int]? {
    get { box?.axes }
    set { writable().axes = newValue }
  }
  /// Whether reductions keep reduced axes as size 1.
  public var keepdims: Bool {
    get { box?.keepdims ?? false }
    set { writable().keepdims = newValue }
  }
  /// A single axis (softmax, concat).
  public var axis: Int {
    get { box?.axis ?? 0 }
    set { writable().axis = newValue }
  }
  /// Integers: a shape (reshape, broadcast_to, sum_to), a permutation, tile repetitions.
  public var ints: [Int] {
    get { box?.ints ?? [] }
    set { writable().ints = newValue }
  }
  /// A scalar parameter: leaky_relu's slope, norm's p, var's ddof.
  public var scalar: Double {
    get { box?.scalar ?? 0 }
    set { writable().scalar = newValue }
  }
  /// Index items of an index read or write.
  public var items: [IndexItem] {
    get { box?.items ?? [] }
    set { writable().items = newValue }
  }
  /// A target dtype (cast).
  public var dtype: DType {
    get { box?.dtype ?? .f32 }
    set { writable().dtype = newValue }
  }
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
    guard case .unary = forward else { return try apply([x], a) }
    return try record1(x, a)
  }

  /// Applies the primitive to two inputs; a direct kernel call when both are constants.
  @inline(__always)
  public func callAsFunction(_ x: DVal, _ y: DVal, _ a: Attrs = Attrs()) throws -> DVal {
    if case .plain(let s) = x, case .plain(let t) = y, case .binary(let f) = forward {
      return .plain(try f(s, t, a))
    }
    guard case .binary = forward else { return try apply([x, y], a) }
    return try record2(x, y, a)
  }

  /// The one-input slow path: records at x's live level, or computes on its value.
  func record1(_ x: DVal, _ a: Attrs) throws -> DVal {
    guard case .tracked(let t) = x, let tape = t.liveTape else {
      return try self(.plain(x.value), a)
    }
    let (p, i) = Primitive.unwrap(x, tape)
    let r = try self(p, a)
    return tape.append(self, a, .one(p, i), r)
  }

  /// The two-input slow path: records at the highest live level of x and y.
  func record2(_ x: DVal, _ y: DVal, _ a: Attrs) throws -> DVal {
    let tx = x.liveTape
    let ty = y.liveTape
    let top: Tape
    switch (tx, ty) {
    case (nil, nil): return try self(.plain(x.value), .plain(y.value), a)
    case (let t?, nil), (nil, let t?): top = t
    case (let t?, let u?): top = t.level >= u.level ? t : u
    }
    let (px, ix) = Primitive.unwrap(x, top)
    let (py, iy) = Primitive.unwrap(y, top)
    let r = try self(px, py, a)
    return top.append(self, a, .two(px, ix, py, iy), r)
  }

  /// A value's primal and node index on `tape`, or the value itself and -1 when it is a
  /// constant there.
  @inline(__always)
  static func unwrap(_ x: DVal, _ tape: Tape) -> (DVal, Int) {
    if case .tracked(let t) = x, t.tape === tape { return (t.primal, t.index) }
    return (x, -1)
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
      let (p, i) = Primitive.unwrap(x, tape)
      primals.append(p)
      ids.append(i)
    }
    let r = try apply(primals, a)
    return tape.append(self, a, .many(primals, ids), r)
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
