import NNSAutodiff
import NNSTensor

/// The product transforms `jvp` and `vjp` (SPEC §11): a Jacobian-vector product by forward
/// mode, and a pullback giving vector-Jacobian products by reverse mode. Inputs, tangents,
/// outputs and cotangents may be trees of records and lists of tensors.
extension Builtins {
  static var transforms: [Builtin] {
    [
      Builtin(
        "jvp", [.req("f"), .req("x"), .req("v")],
        doc: "Forward mode: returns [f(x), J v], the value of f at x and its derivative in the "
          + "direction v (v has x's shape; x and v may be trees of the same structure, and f "
          + "may return any tensor or tree). One call costs a few forward passes of f, "
          + "whatever the number of inputs; J v has f(x)'s shape. It is built from two "
          + "reverse passes: the pullback is linear in its cotangent, and its derivative is "
          + "J v.",
        example: "y, dy = jvp(sin, 0.5, 1)   # [sin(0.5), cos(0.5)]"
      ) { a in try Transforms.jvp(a) },
      Builtin(
        "vjp", [.req("f"), .req("x")],
        doc: "Reverse mode: returns [f(x), pullback], where pullback(ct) is the cotangent for "
          + "x, ct^T J, with x's shape (trees: its structure); ct has f(x)'s shape (trees: "
          + "its structure). f runs once; each pullback call is one backward pass over that "
          + "run.",
        example: "vjp(fn(x) = x^2, [1, 2, 3])[1]([1, 0, 0])   # [2, 0, 0]"
      ) { a in try Transforms.vjp(a) },
    ]
  }
}

/// The drivers behind `jvp` and `vjp`, and the tree matching they share.
enum Transforms {
  /// `jvp(f, x, v)`.
  static func jvp(_ a: Arguments) throws -> Value {
    let f = a[0]
    _ = try Differentiate.params(of: f, op: "jvp")
    let x = try treeInput(a[1], op: "jvp")
    var inputs: [DVal] = []
    Differentiate.leaves(x, into: &inputs)
    try Differentiate.refuseIntegers(inputs, op: "jvp")
    var tangents: [DVal] = []
    try matched(
      x, a[2], path: "", ref: "x", other: "v", op: "jvp", into: &tangents)
    var shape: Value = .none
    let interpreter = a.interpreter
    let (outs, products) = try AD.jvp(inputs, tangents: tangents) { tracked in
      var it = tracked.map { Value($0) }.makeIterator()
      let result = try interpreter.call(f, [Differentiate.rebuild(x, &it, other: { $0 })])
      shape = try treeOutput(result, op: "jvp")
      var out: [DVal] = []
      Differentiate.leaves(result, into: &out)
      return out
    }
    var values = outs.map { Value($0) }.makeIterator()
    var dots = products.map { Value($0) }.makeIterator()
    return .list([
      Differentiate.rebuild(shape, &values, other: { $0 }),
      Differentiate.rebuild(shape, &dots, other: { _ in .none }),
    ])
  }

  /// `vjp(f, x)`: f's value and a pullback builtin of one parameter, `ct`.
  static func vjp(_ a: Arguments) throws -> Value {
    let f = a[0]
    _ = try Differentiate.params(of: f, op: "vjp")
    let x = try treeInput(a[1], op: "vjp")
    var inputs: [DVal] = []
    Differentiate.leaves(x, into: &inputs)
    try Differentiate.refuseIntegers(inputs, op: "vjp")
    var shape: Value = .none
    let interpreter = a.interpreter
    let (outs, pullback) = try AD.vjp(inputs) { tracked in
      var it = tracked.map { Value($0) }.makeIterator()
      let result = try interpreter.call(f, [Differentiate.rebuild(x, &it, other: { $0 })])
      shape = try treeOutput(result, op: "vjp")
      var out: [DVal] = []
      Differentiate.leaves(result, into: &out)
      return out
    }
    var values = outs.map { Value($0) }.makeIterator()
    let value = Differentiate.rebuild(shape, &values, other: { $0 })
    let back = Builtin(
      "pullback(\(Differentiate.name(of: f)))", [.req("ct")],
      doc: "The pullback of \(Differentiate.name(of: f)) at the point vjp was given: "
        + "pullback(ct) is the cotangent for x (ct has f(x)'s shape).",
      example: ""
    ) { b in
      var seeds: [DVal] = []
      try matched(value, b[0], path: "", ref: "f(x)", other: "ct", op: "vjp", into: &seeds)
      var it = try pullback(seeds).map { Value($0) }.makeIterator()
      return Differentiate.rebuild(x, &it, other: { _ in .none })
    }
    return .list([value, .builtin(back)])
  }

  /// Checks that a differentiated input is a tensor or a tree holding one.
  /// - Throws: `jvp: x must be a tensor or a tree of tensors, got a string`.
  static func treeInput(_ x: Value, op: String) throws -> Value {
    var found: [DVal] = []
    Differentiate.leaves(x, into: &found)
    guard !found.isEmpty else {
      throw RuntimeError("\(op): x must be a tensor or a tree of tensors, got \(describe(x))")
    }
    return x
  }

  /// Checks that f's result is a tensor or a tree of tensors.
  /// - Throws: `jvp: f must return a tensor or a tree of tensors, got a string`.
  static func treeOutput(_ y: Value, op: String) throws -> Value {
    var found: [DVal] = []
    Differentiate.leaves(y, into: &found)
    guard !found.isEmpty else {
      throw RuntimeError(
        "\(op): f must return a tensor or a tree of tensors, got \(describe(y))")
    }
    return y
  }

  /// `a string`, `an empty list`, `a record with no tensors`: for error messages.
  static func describe(_ v: Value) -> String {
    switch v {
    case .list(let items): return items.isEmpty ? "an empty list" : "a list with no tensors"
    case .record(let r): return r.keys.isEmpty ? "an empty record" : "a record with no tensors"
    case .none: return "none"
    default: return "a \(v.kindName)"
    }
  }

  /// Walks `other` alongside the reference tree `ref` (x, or f(x)) and appends `other`'s
  /// tensor leaves in `ref`'s leaf order, each cast to its reference leaf's float dtype.
  /// Records are matched by field name; where `ref` holds no tensor (a string, a function,
  /// none) `other` may hold anything.
  /// - Throws: `jvp: v.b has shape [2], but x.b has shape [3]`, and likewise for a missing
  ///   field, a list of another length, or a tensor where a tree is expected.
  static func matched(
    _ ref: Value, _ other: Value, path: String, ref refName: String, other otherName: String,
    op: String, into out: inout [DVal]
  ) throws {
    let here = otherName + path
    let there = refName + path
    switch ref {
    case .list(let items):
      guard case .list(let others) = other else {
        throw RuntimeError(
          "\(op): \(here) is \(article(other)), but \(there) is a list of \(items.count)")
      }
      guard others.count == items.count else {
        throw RuntimeError(
          "\(op): \(here) has \(others.count) item\(others.count == 1 ? "" : "s"), but "
            + "\(there) has \(items.count)")
      }
      for (i, (r, o)) in zip(items, others).enumerated() {
        try matched(
          r, o, path: path + "[\(i)]", ref: refName, other: otherName, op: op, into: &out)
      }
    case .record(let r):
      guard case .record(let o) = other else {
        throw RuntimeError(
          "\(op): \(here) is \(article(other)), but \(there) is a record {"
            + r.keys.joined(separator: ", ") + "}")
      }
      for key in o.keys where r.index(of: key) == nil {
        throw RuntimeError("\(op): \(here) has a field \(key), which \(there) lacks")
      }
      for (key, value) in zip(r.keys, r.values) {
        guard let v = o[key] else {
          throw RuntimeError("\(op): \(here) has no field \(key), which \(there) has")
        }
        try matched(
          value, v, path: path + "." + key, ref: refName, other: otherName, op: op, into: &out)
      }
    default:
      guard ref.isNumeric else { return }
      guard other.isNumeric else {
        throw RuntimeError(
          "\(op): \(here) is \(article(other)), but \(there) is a tensor of shape "
            + shapeString(ref.dval.shape))
      }
      let d = other.dval
      let want = ref.dval
      guard d.shape == want.shape else {
        throw RuntimeError(
          "\(op): \(here) has shape \(shapeString(d.shape)), but \(there) has shape "
            + shapeString(want.shape))
      }
      let dtype = want.dtype.isFloat ? want.dtype : Tensor.defaultFloat
      out.append(d.dtype == dtype ? d : try AD.cast(d, dtype))
    }
  }

  /// `a list`, `a record`, `a string`, `none`: for error messages.
  static func article(_ v: Value) -> String {
    if case .none = v { return "none" }
    return "a \(v.kindName)"
  }
}
