import NNSTensor

extension Builtins {
  /// The items of a list-like argument (a list, or a tensor's first axis).
  static func sequence(_ a: Arguments, _ i: Int) throws -> [Value] {
    switch a[i] {
    case .list(let l): return l
    case .tensor(let t) where t.rank >= 1: return try Iteration.items(.tensor(t))
    default:
      throw RuntimeError("\(a.op): expected a list, got \(a[i].typeDescription)")
    }
  }

  /// List and record builtins.
  static var collections: [Builtin] {
    [
      Builtin(
        "len", [.req("x")],
        doc: "A tensor's first-axis length, a list's or string's length, or a record's field "
          + "count, as an i64.", example: "len([1, 2, 3])"
      ) { a in
        switch a[0] {
        case .list(let l): return .count(l.count)
        case .string(let s): return .count(s.count)
        case .record(let r): return .count(r.count)
        case .tensor(let t): return .count(t.shape.first ?? 1)
        case .tracked(let t): return .count(t.value.shape.first ?? 1)
        default: throw RuntimeError("len: a \(a[0].typeDescription) has no length")
        }
      },
      Builtin(
        "append", [.req("l"), .req("x")], doc: "A new list: l with x added at the end.",
        example: "append([1, \"a\"], 3)"
      ) { a in
        let l = try a.list(0)
        try Nesting.check(a[1], op: "append")
        try Nesting.checkCount(l.count + 1, op: "append")
        return .list(l + [a[1]])
      },
      Builtin(
        "extend", [.req("l1"), .req("l2")], doc: "A new list: the items of l1 then of l2.",
        example: "extend([\"a\"], [\"b\", \"c\"])"
      ) { a in
        let (l1, l2) = (try a.list(0), try sequence(a, 1))
        try Nesting.checkCount(l1.count + l2.count, op: "extend")
        return .list(l1 + l2)
      },
      Builtin(
        "map", [.req("f"), .req("l")],
        doc: "The list of f(x) for each item x of l (a list, or a tensor's rows).",
        example: "map(fn(x) = x * 2, [1, 2, 3])"
      ) { a in
        let f = a[0]
        return .list(
          try sequence(a, 1).map {
            let y = try a.interpreter.call(f, [$0])
            try Nesting.check(y, op: "map")
            return y
          })
      },
      Builtin(
        "filter", [.req("f"), .req("l")],
        doc: "The list of the items x of l for which f(x) is true.",
        example: "filter(fn(x) = x > 1, [1, 2, 3])"
      ) { a in
        let f = a[0]
        return .list(
          try sequence(a, 1).filter {
            try Convert.truth(try a.interpreter.call(f, [$0]), op: "filter")
          })
      },
      Builtin(
        "zip", [.rest("lists")],
        doc: "A list of lists pairing the items of the lists, as long as the shortest.",
        example: "zip([1, 2], [\"a\", \"b\"])"
      ) { a in
        let lists = try a.rest.map { v -> [Value] in
          switch v {
          case .list(let l): return l
          default: return try Iteration.items(v)
          }
        }
        let n = lists.map(\.count).min() ?? 0
        for l in lists { try Nesting.check(items: Array(l.prefix(n)), depth: 2, op: "zip") }
        return .list((0..<n).map { i in .list(lists.map { $0[i] }) })
      },
      Builtin(
        "enumerate", [.req("l")], doc: "A list of [index, item] pairs (i64 indices).",
        example: "enumerate([\"a\", \"b\"])"
      ) { a in
        let items = try sequence(a, 0)
        try Nesting.check(items: items, depth: 2, op: "enumerate")
        return .list(items.enumerated().map { .list([.count($0), $1]) })
      },
      Builtin(
        "range", [.req("a"), .opt("b", "none"), .opt("step", "1")],
        doc: "The integers from 0 to a - 1, or from a to b - 1 by step, as a 1-D i64 tensor; "
          + "`for i in range(n)` counts without building it.",
        example: "range(2, 10, 3)"
      ) { a in
        var xs = [Int64(try a.int(0, what: "argument"))]
        if a.has(1) { xs.append(Int64(try a.int(1, what: "argument"))) }
        if a.has(2) {
          if !a.has(1) { throw RuntimeError("range: step given without an end") }
          xs.append(Int64(try a.int(2, what: "argument")))
        }
        let (start, stop, step) = try RangeArgs.check(xs)
        return .tensor(try Tensor.range(start, stop, step))
      },
      Builtin(
        "keys", [.req("r")], doc: "A record's field names as a list of strings.",
        example: "keys({w: 1, b: 2})"
      ) { a in .list(try a.record(0).keys.map { .string($0) }) },
      Builtin(
        "values", [.req("r")], doc: "A record's field values as a list.",
        example: "values({w: 1, b: 2})"
      ) { a in .list(try a.record(0).values) },
      Builtin(
        "has", [.req("r"), .req("name")], doc: "Whether the record has a field of that name.",
        example: "has({w: 1}, \"w\")"
      ) { a in .bool(try a.record(0).index(of: try a.string(1)) != nil) },
      Builtin(
        "merge", [.req("r1"), .req("r2")],
        doc: "A record with the fields of r1 and r2; r2's values win where both have a field.",
        example: "merge({a: 1, b: 2}, {b: 3})"
      ) { a in
        var r = try a.record(0)
        let other = try a.record(1)
        for (k, v) in zip(other.keys, other.values) { r[k] = v }
        return .record(r)
      },
      Builtin(
        "tree_map", [.req("f"), .rest("trees")],
        doc: "Applies f to the matching tensor leaves of one or more trees (records and "
          + "lists) of the same structure, as JAX's tree_map; other leaves (functions, "
          + "strings, none) of the first tree pass through unchanged.",
        example: "tree_map(fn(a, b) = a + b, {w: 1, b: [2, 3]}, {w: 10, b: [20, 30]})"
      ) { a in
        guard !a.rest.isEmpty else { throw RuntimeError("tree_map: needs at least one tree") }
        try Nesting.checkLeaves(a.rest[0], op: "tree_map")
        let result = try treeMap(a[0], a.rest, a.interpreter)
        try Nesting.check(result: result, op: "tree_map")
        return result
      },
      Builtin(
        "tree_leaves", [.req("t")],
        doc: "The tensor leaves of a tree in order (lists by position, records by field "
          + "order), as a list; other leaves (functions, strings, none) are left out.",
        example: "tree_leaves({w: [1, 2], b: 0, act: relu})"
      ) { a in
        var leaves: [Value] = []
        try collectLeaves(a[0], into: &leaves)
        return .list(leaves)
      },
    ]
  }

  /// Appends the tensor leaves of `tree` to `leaves`, in tree order.
  static func collectLeaves(_ tree: Value, into leaves: inout [Value]) throws {
    switch tree {
    case .list(let items): for item in items { try collectLeaves(item, into: &leaves) }
    case .record(let r): for v in r.values { try collectLeaves(v, into: &leaves) }
    default: if tree.isNumeric { leaves.append(tree) }
    }
  }

  /// `tree`'s structure with its tensor leaves replaced, in order, by `leaves[next...]`
  /// (`ravel`'s inverse); other leaves stay.
  static func replaceLeaves(_ tree: Value, _ leaves: [Value], _ next: inout Int) throws -> Value {
    switch tree {
    case .list(let items):
      return .list(try items.map { try replaceLeaves($0, leaves, &next) })
    case .record(var r):
      for i in r.values.indices { r.values[i] = try replaceLeaves(r.values[i], leaves, &next) }
      return .record(r)
    default:
      guard tree.isNumeric else { return tree }
      guard next < leaves.count else {
        throw RuntimeError("_tree_unflatten: the tree has more tensor leaves than the list")
      }
      next += 1
      return leaves[next - 1]
    }
  }

  /// `tree_map`'s walk: the first tree's structure decides; the others must match.
  static func treeMap(_ f: Value, _ trees: [Value], _ interp: Interpreter) throws -> Value {
    switch trees[0] {
    case .list(let first):
      let lists = try trees.map { t -> [Value] in
        guard case .list(let l) = t, l.count == first.count else {
          throw RuntimeError("tree_map: trees have different structure")
        }
        return l
      }
      return .list(
        try (0..<first.count).map { i in try treeMap(f, lists.map { $0[i] }, interp) })
    case .record(let first):
      var out = first
      for (i, k) in first.keys.enumerated() {
        let parts = try trees.map { t -> Value in
          guard case .record(let r) = t, r.count == first.count, let v = r[k] else {
            throw RuntimeError("tree_map: trees have different structure (field '\(k)')")
          }
          return v
        }
        out.values[i] = try treeMap(f, parts, interp)
      }
      return .record(out)
    default:
      guard trees[0].isNumeric else { return trees[0] }
      return try interp.call(f, trees)
    }
  }
}
