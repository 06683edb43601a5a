import NNSAutodiff
import NNSTensor

/// Differentiation builtins: `grad`, `value_and_grad`, `stop_gradient`, `gradcheck`,
/// `jacobian`, `hessian`, `tape`. The engine is NNSAutodiff; this file maps argument trees to
/// its leaves and back.
extension Builtins {
  static var autodiff: [Builtin] {
    [
      Builtin(
        "grad", [.req("f"), .opt("wrt", "0"), .opt("has_aux", "false")],
        doc: "Returns a function with f's parameters whose result is the gradient of f (which "
          + "must return a scalar) with respect to argument `wrt` (a list of indices gives a "
          + "list of gradients in that order, repeats included). The argument may be a tree of "
          + "records and lists of tensors; "
          + "the gradient has its structure. With has_aux: true, f returns [loss, aux] and the "
          + "result is [grads, aux] (aux as a constant).",
        example: "grad(fn(x) = x^3)(2)   # 12"
      ) { a in try Differentiate.function(a, op: "grad", withValue: false) },
      Builtin(
        "value_and_grad", [.req("f"), .opt("wrt", "0"), .opt("has_aux", "false")],
        doc: "Like grad, but the returned function gives [value, gradient] from one run of f. "
          + "With has_aux: true, f returns [loss, aux] and the result is [loss, grads, aux].",
        example: "loss, g = value_and_grad(fn(w) = sum(w^2))([1, 2])"
      ) { a in try Differentiate.function(a, op: "value_and_grad", withValue: true) },
      Builtin(
        "stop_gradient", [.req("x")],
        doc: "Returns x's value as a constant: no gradient flows through it (trees too).",
        example: "grad(fn(x) = x * stop_gradient(x))(3)   # 3"
      ) { a in Differentiate.constant(a[0]) },
      Builtin(
        "gradcheck", [.req("f"), .req("x")],
        doc: "Compares grad(f)(x) with central finite differences in f64 (eps 1e-6, atol 1e-5, "
          + "rtol 1e-3) and returns {ok, max_abs_err, max_rel_err}; f runs with f64 as the "
          + "default dtype. x may be a tree of tensors.",
        example: "gradcheck(fn(x) = sum(tanh(x)), randn(3)).ok"
      ) { a in try Differentiate.gradcheck(a) },
      Builtin(
        "jacobian", [.req("f"), .opt("wrt", "0")],
        doc: "Returns a function giving the full Jacobian of f at x (argument `wrt`): shape "
          + "f(x).shape + x.shape, as in JAX (for small inputs). For a tree x (records and "
          + "lists of tensors) it is x's tree with each leaf replaced by its Jacobian; a list "
          + "wrt gives a list, one per argument.",
        example: "jacobian(fn(x) = x^2)([1, 2])   # [[2, 0], [0, 4]]"
      ) { a in try Differentiate.matrixFunction(a, op: "jacobian") },
      Builtin(
        "hessian", [.req("f"), .opt("wrt", "0")],
        doc: "Returns a function giving the Hessian of scalar f at x (argument `wrt`): shape "
          + "x.shape + x.shape; for a tree x a tree of trees, block [i][j] of shape "
          + "leaf_i.shape + leaf_j.shape, as JAX's.",
        example: "hessian(fn(x) = sum(x^3))([1, 2])   # [[6, 0], [0, 12]]"
      ) { a in try Differentiate.matrixFunction(a, op: "hessian") },
      Builtin(
        "tape", [.req("f"), .rest("args")],
        doc: "Runs f(args...) once, differentiating its scalar result with respect to the first "
          + "argument, and returns the recorded tape: one record per node in order {id, op, "
          + "inputs, shape, value, grad} (grad: the norm of the gradient of the result with "
          + "respect to the node's output). Displayed (in the REPL, a notebook, or with show), "
          + "it is a table.",
        example: "tape(fn(x) = sum(exp(x) * 2), [1, 2])"
      ) { a in try Differentiate.tape(a) },
    ]
  }
}

/// Where `run` leaves the aux of a `has_aux` function.
final class AuxBox {
  var value: Value = .none
}

/// Tree flattening and the drivers behind the differentiation builtins.
enum Differentiate {
  /// Collects the tensor leaves of a tree (numbers and tensors), depth first.
  static func leaves(_ v: Value, into out: inout [DVal]) {
    switch v {
    case .list(let items): for x in items { leaves(x, into: &out) }
    case .record(let r): for x in r.values { leaves(x, into: &out) }
    default: if v.isNumeric { out.append(v.dval) }
    }
  }

  /// Refuses to differentiate with respect to i64 values: they are constants to `grad` (SPEC §2).
  /// - Throws: `grad: cannot differentiate with respect to an i64 tensor`.
  static func refuseIntegers(_ leaves: [DVal], op: String) throws {
    if leaves.contains(where: { $0.dtype == .i64 }) {
      throw RuntimeError("\(op): cannot differentiate with respect to an i64 tensor")
    }
  }

  /// Rebuilds a tree, replacing its leaves in order with `next`; other leaves become
  /// `other(leaf)`.
  static func rebuild(
    _ v: Value, _ next: inout IndexingIterator<[Value]>, other: (Value) -> Value
  ) -> Value {
    switch v {
    case .list(let items): return .list(items.map { rebuild($0, &next, other: other) })
    case .record(var r):
      r.values = r.values.map { rebuild($0, &next, other: other) }
      return .record(r)
    default: return v.isNumeric ? (next.next() ?? .none) : other(v)
    }
  }

  /// `stop_gradient` over a tree.
  static func constant(_ v: Value) -> Value {
    switch v {
    case .tracked(let t): return Value(t.value)
    case .list(let items): return .list(items.map(constant))
    case .record(var r):
      r.values = r.values.map(constant)
      return .record(r)
    default: return v
    }
  }

  /// The parameters of a function value, so the derived function checks its arguments alike.
  static func params(of f: Value, op: String) throws -> [Param] {
    switch f {
    case .closure(let c):
      return c.code.params.enumerated().map { i, name in
        let d = i < c.code.defaultTexts.count ? c.code.defaultTexts[i] : nil
        return d.map { .opt(name, $0) } ?? .req(name)
      }
    case .builtin(let b): return b.params
    default: throw RuntimeError("\(op): f must be a function, got \(f.kindName)")
    }
  }

  /// The name of a function value, for naming derived functions.
  static func name(of f: Value) -> String {
    switch f {
    case .closure(let c): return c.name
    case .builtin(let b): return b.name
    default: return "f"
    }
  }

  /// `grad(f, wrt:)` and `value_and_grad(f, wrt:)`: a builtin with f's parameters.
  static func function(_ a: Arguments, op: String, withValue: Bool) throws -> Value {
    let f = a[0]
    let params = try params(of: f, op: op)
    let hasAux = try a.bool(2, default: false)
    let wrtList: [Int]
    let single: Bool
    if case .list = a[1] {
      wrtList = try Convert.intList(a[1], op: op, what: "wrt")
      single = false
    } else if let shape = a[1].shape, shape.count == 1 {  // `wrt: [0, 2]` is a tensor literal
      wrtList = try Convert.intList(a[1], op: op, what: "wrt")
      single = false
    } else {
      wrtList = [a.has(1) ? try a.int(1) : 0]
      single = true
    }
    for w in wrtList where w < 0 || w >= params.count {
      throw RuntimeError(
        "\(op): wrt \(w) is out of range for \(name(of: f)) with \(params.count) parameter"
          + (params.count == 1 ? "" : "s"))
    }
    let derived = Builtin(
      "\(op)(\(name(of: f)))", params,
      doc: "The \(op == "grad" ? "gradient" : "value and gradient") of \(name(of: f)).",
      example: ""
    ) { b in
      let aux = hasAux ? AuxBox() : nil
      let (value, grads) = try run(b, f: f, wrt: wrtList, op: op, record: false, aux: aux)
      let g = single ? (grads.first ?? .none) : .list(grads)
      if let aux { return withValue ? .list([value, g, aux.value]) : .list([g, aux.value]) }
      return withValue ? .list([value, g]) : g
    }
    return .builtin(derived)
  }

  /// Calls `f` with the bound arguments, differentiating w.r.t. the `wrt` arguments' leaves.
  /// A position listed more than once is differentiated once and its gradient repeated.
  /// With `aux` given, f returns `[loss, aux]`: the loss is differentiated and the aux
  /// (its tracking removed) is stored there.
  /// - Returns: f's value and one gradient tree per `wrt` entry, in the order given.
  static func run(
    _ b: Arguments, f: Value, wrt requested: [Int], op: String, record: Bool,
    aux: AuxBox? = nil
  ) throws -> (Value, [Value]) {
    var wrt = requested
    if requested.indices.contains(where: { requested[..<$0].contains(requested[$0]) }) {
      wrt = []
      for w in requested where !wrt.contains(w) { wrt.append(w) }
    }
    var slots = b.values + b.rest.map { Optional($0) }
    for w in wrt {
      guard w < slots.count, let v = slots[w] else {
        throw RuntimeError("\(op): argument \(w) (differentiated) was not given")
      }
      switch v {
      case .list, .record: break
      default:
        guard v.isNumeric else {
          throw RuntimeError(
            "\(op): cannot differentiate with respect to argument \(w), a \(v.kindName)")
        }
      }
    }
    var leafValues: [DVal] = []
    var counts: [Int] = []
    for w in wrt {
      let before = leafValues.count
      if let v = slots[w] { leaves(v, into: &leafValues) }
      counts.append(leafValues.count - before)
    }
    try refuseIntegers(leafValues, op: op)
    let originals = wrt.map { slots[$0] ?? .none }
    let names = b.builtin.params.map(\.name)
    let interpreter = b.interpreter
    let (out, cotangents) = try AD.valueAndGrad(leafValues, op: op, record: record) { tracked in
      var it = tracked.map { Value($0) }.makeIterator()
      for (w, original) in zip(wrt, originals) {
        slots[w] = rebuild(original, &it, other: { $0 })
      }
      var positional: [Value] = []
      var named: [(String, Value)] = []
      for (i, v) in slots.enumerated() {
        guard let v else { continue }
        if named.isEmpty && positional.count == i {
          positional.append(v)
        } else if i < names.count {
          named.append((names[i], v))
        }
      }
      var result = try interpreter.call(f, positional, named: named)
      if let aux {
        // `[loss, 0.5]` of two numbers is a tensor of shape [2] (a list literal of numbers
        // stacks): its elements are the loss and the aux.
        if result.isNumeric, result.dval.shape == [2] {
          let first = try Indexing.get(result, [.value(.i64(0))])
          let second = try Indexing.get(result, [.value(.i64(1))])
          result = .list([first, second])
        }
        guard case .list(let pair) = result, pair.count == 2 else {
          var got = Transforms.article(result)
          if case .list(let items) = result { got = "a list of \(items.count)" }
          if result.isNumeric { got = "a tensor of shape " + shapeString(result.dval.shape) }
          throw RuntimeError("\(op): with has_aux, f must return [loss, aux], got \(got)")
        }
        result = pair[0]
        aux.value = constant(pair[1])
      }
      guard result.isNumeric else {
        throw RuntimeError("\(op): f must return a scalar, got a \(result.kindName)")
      }
      return result.dval
    }
    var it = cotangents.map { Value($0) }.makeIterator()
    let grads = originals.map { rebuild($0, &it, other: { _ in .none }) }
    if wrt.count == requested.count { return (Value(out), grads) }
    return (Value(out), requested.map { w in wrt.firstIndex(of: w).map { grads[$0] } ?? .none })
  }

  /// `gradcheck(f, x)`: f runs with `f64` as the default dtype (restored afterwards), so the
  /// tensors it makes itself (`zeros(2)`, literals) hold f64 as well and the finite
  /// differences are not lost to f32 rounding.
  static func gradcheck(_ a: Arguments) throws -> Value {
    let f = a[0]
    let tree = a[1]
    if case .list = tree {
    } else if case .record = tree {
    } else if !tree.isNumeric {
      throw RuntimeError("gradcheck: x must be a tensor or a tree of tensors, got \(tree.kindName)")
    }
    let flat = tree.isNumeric ? nil : try FlatTree(tree, op: "gradcheck", dtype: .f64)
    let x = try flat?.flat ?? a.tensor(1)
    try refuseIntegers([.plain(x)], op: "gradcheck")
    let interpreter = a.interpreter
    let saved = Tensor.defaultFloat
    Tensor.defaultFloat = .f64
    defer { Tensor.defaultFloat = saved }
    let r = try AD.gradcheck(x) { d in
      let arg = try flat?.unflatten(d) ?? Value(d)
      let out = try interpreter.call(f, [arg])
      guard out.isNumeric else {
        throw RuntimeError("gradcheck: f must return a scalar, got a \(out.kindName)")
      }
      return out.dval
    }
    return .record(
      Record(
        keys: ["ok", "max_abs_err", "max_rel_err"],
        values: [.bool(r.ok), .f64(r.maxAbsErr), .f64(r.maxRelErr)]))
  }

  /// `jacobian(f, wrt:)` and `hessian(f, wrt:)`: functions with f's parameters. `wrt` is an
  /// argument position, or a list of them (then the arguments count as one list tree).
  static func matrixFunction(_ a: Arguments, op: String) throws -> Value {
    let f = a[0]
    let params = try params(of: f, op: op)
    let positions = a.has(1) ? try a.intList(1) : [0]
    let many: Bool
    switch a[1] {
    case .list: many = true
    case .tensor(let t): many = t.rank > 0
    default: many = false
    }
    let derived = Builtin(
      "\(op)(\(name(of: f)))", params, doc: "The \(op) of \(name(of: f)).", example: ""
    ) { b in
      let args = b.values.compactMap { $0 } + b.rest
      for p in positions where p < 0 || p >= args.count {
        throw RuntimeError(
          "\(op): wrt position \(p) is out of range for \(args.count) argument"
            + (args.count == 1 ? "" : "s"))
      }
      let x: Value = many ? .list(positions.map { args[$0] }) : args[positions[0]]
      let interpreter = b.interpreter
      let call: (Value) throws -> Value = { t in
        var full = args
        if many, case .list(let items) = t {
          for (p, v) in zip(positions, items) { full[p] = v }
        } else {
          full[positions[0]] = t
        }
        return try interpreter.call(f, full)
      }
      guard x.isNumeric else {
        if case .list = x {
        } else if case .record = x {
        } else {
          throw RuntimeError("\(op): x must be a tensor or a tree of tensors, got \(x.kindName)")
        }
        return try treeMatrix(x, op: op, call)
      }
      try refuseIntegers([x.dval], op: op)
      let plain: (DVal) throws -> DVal = { d in
        let out = try call(Value(d))
        guard out.isNumeric else {
          throw RuntimeError("\(op): f must return a tensor, got a \(out.kindName)")
        }
        return out.dval
      }
      let r = op == "hessian" ? try AD.hessian(x.dval, plain) : try AD.jacobian(x.dval, plain)
      return Value(r)
    }
    return .builtin(derived)
  }

  /// `tape(f, args...)`: the recorded tape as a list of node records.
  static func tape(_ a: Arguments) throws -> Value {
    let f = a[0]
    guard !a.rest.isEmpty else { throw RuntimeError("tape: give f's arguments after f") }
    let fake = Builtin("tape", [.rest("args")], doc: "", example: "") { _ in .none }
    var bound = try Arguments(fake, positional: a.rest, named: [], interpreter: a.interpreter)
    bound.values = a.rest.map { Optional($0) }
    bound.rest = []
    _ = try run(bound, f: f, wrt: [0], op: "tape", record: true)
    guard let rec = Tape.lastRecord else { return .list([]) }
    return .list(rec.entries.map(nodeRecord))
  }

  /// One tape node as an nns record.
  static func nodeRecord(_ e: TapeRecord.Entry) -> Value {
    let ids = e.inputs.map { Value.count($0) }
    return .record(
      Record(
        keys: Display.tapeFields,
        values: [
          .count(e.id), .string(e.op), .list(ids),
          .list(e.shape.map { .count($0) }), .string(e.summary),
          e.gradNorm.map { .f64($0) } ?? .none,
        ]))
  }
}
