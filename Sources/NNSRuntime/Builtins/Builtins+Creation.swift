import NNSAutodiff
import NNSTensor

extension Builtins {
  /// Creation builtins: zeros, ones, full, eye, arange, linspace, random numbers, conversions.
  static var creation: [Builtin] {
    [
      Builtin(
        "zeros", [.rest("shape")],
        doc: "A tensor of zeros of the given shape (separate numbers or one list).",
        example: "zeros(2, 3)"
      ) { a in .tensor(try Tensor.zeros(try a.shape(), dtype: floatType)) },
      Builtin(
        "ones", [.rest("shape")],
        doc: "A tensor of ones of the given shape (separate numbers or one list).",
        example: "ones([2, 3])"
      ) { a in .tensor(try Tensor.ones(try a.shape(), dtype: floatType)) },
      Builtin(
        "full", [.req("shape"), .req("v")],
        doc: "A tensor of the given shape (a number or a list) filled with the value v.",
        example: "full([2, 2], 7)"
      ) { a in
        let shape = try a.intList(0)
        return Value(try Tensor.full(shape, try a.double(1), dtype: floatType))
      },
      Builtin(
        "eye", [.req("n"), .opt("m", "none")],
        doc: "The n by m matrix (n by n without m) with ones on the main diagonal.",
        example: "eye(2, 3)"
      ) { a in .tensor(try Tensor.eye(try a.int(0), try a.optionalInt(1), dtype: floatType)) },
      Builtin(
        "zeros_like", [.req("x")],
        doc: "Zeros of x's shape and float dtype (the default float for an i64 or bool x).",
        example: "zeros_like([[1, 2]])"
      ) { a in Value(try Tensor.full(try likeShape(a), 0, dtype: try likeType(a))) },
      Builtin(
        "ones_like", [.req("x")],
        doc: "Ones of x's shape and float dtype (the default float for an i64 or bool x).",
        example: "ones_like(f64([1, 2]))"
      ) { a in Value(try Tensor.full(try likeShape(a), 1, dtype: try likeType(a))) },
      Builtin(
        "full_like", [.req("x"), .req("v")],
        doc: "A tensor of x's shape and float dtype filled with v.",
        example: "full_like(zeros(2, 2), 7)"
      ) { a in Value(try Tensor.full(try likeShape(a), try a.double(1), dtype: try likeType(a))) },
      Builtin(
        "arange", [.req("a"), .opt("b", "none"), .opt("step", "1")],
        doc: "Evenly spaced values in [0, a), or in [a, b) with the given step, as numpy's "
          + "arange.",
        example: "arange(0, 1, 0.25)"
      ) { a in
        let (start, stop) = a.has(1) ? (try a.double(0), try a.double(1)) : (0, try a.double(0))
        let step = a.has(2) ? try a.double(2) : 1
        guard step != 0 else { throw RuntimeError("arange: step cannot be zero") }
        return .tensor(try Tensor.arange(start, stop, step, dtype: floatType))
      },
      Builtin(
        "linspace", [.req("a"), .req("b"), .req("n")],
        doc: "n evenly spaced values from a to b, both included.",
        example: "linspace(0, 1, 5)"
      ) { a in
        .tensor(
          try Tensor.linspace(try a.double(0), try a.double(1), try a.int(2), dtype: floatType))
      },
      Builtin(
        "rand", [.rest("shape")],
        doc: "Uniform random numbers in [0, 1) of the given shape, from the seeded generator.",
        example: "rand(2, 3)"
      ) { a in Value(try a.interpreter.rng.uniform(try a.shape(), dtype: floatType)) },
      Builtin(
        "randn", [.rest("shape")],
        doc: "Standard normal random numbers of the given shape, from the seeded generator.",
        example: "randn(3)"
      ) { a in Value(try a.interpreter.rng.normal(try a.shape(), dtype: floatType)) },
      Builtin(
        "randint", [.req("lo"), .req("hi"), .opt("shape", "[]")],
        doc: "Random i64 integers in [lo, hi) of the given shape (a number or a list).",
        example: "randint(0, 10, [5])"
      ) { a in
        let shape = a.has(2) ? try a.intList(2, what: "shape") : []
        let (lo, hi) = (try a.int(0), try a.int(1))
        guard lo < hi else {
          throw RuntimeError("randint: lo (\(lo)) must be less than hi (\(hi))")
        }
        return Value(try a.interpreter.rng.randint(lo, hi, shape))
      },
      Builtin(
        "permutation", [.req("n")],
        doc: "A random permutation of 0..n-1 (an i64 tensor) from the seeded generator.",
        example: "permutation(5)"
      ) { a in Value(try a.interpreter.rng.permutation(try a.int(0))) },
      Builtin(
        "seed", [.req("n")],
        doc: "Restarts the random generator from seed n: same seed, same numbers. The "
          + "generator starts from seed 0.",
        example: "seed(42)"
      ) { a in
        let n = try a.int(0)
        guard n >= 0 else { throw RuntimeError("seed: n must be non-negative, got \(n)") }
        a.interpreter.rng.seed(UInt64(n))
        return .none
      },
      Builtin(
        "tensor", [.req("x")],
        doc: "Converts a number, a (nested) list of numbers or equal-shape tensors, or a "
          + "tensor into one tensor.",
        example: "tensor([[1, 2], [3, 4]])"
      ) { a in try toTensor(a[0]) },
      Builtin(
        "f32", [.req("x")],
        doc: "Converts a tensor (or a nested list) to f32; a string is parsed as a number.",
        example: "f32([1, 2])"
      ) { a in try convert(a[0], to: .f32, literal: a.literals.first ?? nil) },
      Builtin(
        "f64", [.req("x")],
        doc: "Converts a tensor (or a nested list) to f64; a string is parsed as a number.",
        example: "f64(\"2.5\")"
      ) { a in try convert(a[0], to: .f64, literal: a.literals.first ?? nil) },
      Builtin(
        "i64", [.req("x")],
        doc: "Converts a tensor (or a nested list) to i64, truncating toward zero; a NaN or a "
          + "value outside the i64 range is an error. A string is parsed as a number.",
        example: "i64([2.7, -2.7])"
      ) { a in try convert(a[0], to: .i64, literal: a.literals.first ?? nil) },
      Builtin(
        "default_dtype", [.opt("name", "none")],
        doc: "Sets the float dtype of literals and new tensors (\"f32\" or \"f64\") and returns "
          + "the previous one; without an argument returns the current one.",
        example: "default_dtype(\"f64\")"
      ) { a in
        let old = Value.string(Tensor.defaultFloat.name)
        guard a.has(0) else { return old }
        let name = try a.string(0)
        guard let d = DType(name: name), d.isFloat else {
          throw RuntimeError("default_dtype: expected \"f32\" or \"f64\", got \"\(name)\"")
        }
        Tensor.defaultFloat = d
        a.interpreter.literalF64 = d == .f64
        return old
      },
    ]
  }

  /// `f32(x)` / `f64(x)` / `i64(x)`: converts numbers, tensors and nested lists; parses
  /// strings. To i64, floats truncate toward zero and NaN or out-of-range values are errors;
  /// the result is a constant to `grad`.
  /// - Parameter literal: the argument when written with literals: converted from the written
  ///   values (`f64(0.1)` is the f64 nearest 0.1, `i64(16777217)` exact).
  /// The shape of a `*_like` builtin's x.
  static func likeShape(_ a: Arguments) throws -> [Int] {
    try a.tensor(0).shape
  }

  /// The dtype of a `*_like` builtin's result: x's float dtype, the default float otherwise.
  static func likeType(_ a: Arguments) throws -> DType {
    let t = try a.tensor(0)
    return t.dtype == .f32 || t.dtype == .f64 ? t.dtype : floatType
  }

  static func convert(_ v: Value, to dtype: DType, literal: LiteralArg? = nil) throws -> Value {
    switch literal {
    case .number(let c):
      if dtype == .i64, let n = c.int { return .i64(n) }
      return try convert(.f64(c.f64), to: dtype)
    case .list(let cs):
      if dtype == .i64, cs.allSatisfy({ $0.int != nil }) {
        return .tensor(try Tensor(shape: [cs.count], int64s: cs.map { $0.int ?? 0 }))
      }
      return try convert(.tensor(try Tensor(shape: [cs.count], doubles: cs.map(\.f64))), to: dtype)
    case nil:
      break
    }
    if case .string(let text) = v {
      let trimmed = text.filter { $0 != "_" && $0 != " " }
      if dtype == .i64, let n = Int64(trimmed) { return .i64(n) }
      guard let x = Double(trimmed) else {
        throw RuntimeError("\(dtype.name): cannot parse \(Display.quoted(text)) as a number")
      }
      switch dtype {
      case .f32: return .f32(Float(x))
      case .f64: return .f64(x)
      default: return Value(try Tensor(scalar: x, dtype: .f64).converted(to: dtype, op: "i64"))
      }
    }
    let x = try toTensor(v)
    if x.isTracked && dtype.isFloat { return Value(try AD.cast(x.dval, dtype)) }  // differentiable
    return Value(try TensorOps.tensor(x).converted(to: dtype, op: dtype.name))
  }

  /// A value as one tensor: numbers, tensors, and nested lists of equal-shape items.
  static func toTensor(_ v: Value) throws -> Value {
    switch v {
    case .list(let items):
      guard !items.isEmpty else { return .tensor(try Tensor.zeros([0], dtype: floatType)) }
      let parts = try items.map(toTensor)
      let shapes = parts.map { $0.shape ?? [] }
      guard let first = shapes.first, shapes.allSatisfy({ $0 == first }) else {
        throw RuntimeError(
          "tensor: items have different shapes "
            + shapes.map { shapeString($0) }.joined(separator: " and "))
      }
      return try TensorOps.stack(parts, axis: 0, dtype: nil)
    default:
      guard v.isNumeric else { throw RuntimeError("tensor: cannot convert a \(v.kindName)") }
      return v
    }
  }
}
