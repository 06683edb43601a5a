import NNSSyntax

/// The resolver's view of one function: its local names and their slots (SPEC §4: a name
/// assigned anywhere in a function body is local to it).
final class FunctionScope {
  /// The enclosing function's scope (nil: directly under the global scope).
  let parent: FunctionScope?
  /// Slot by local name.
  private(set) var slots: [String: Int] = [:]
  /// The number of slots.
  var count: Int { slots.count }
  /// How many loops enclose the statement being compiled (for `break`/`continue` checks).
  var loopDepth = 0
  /// The slots of `for` loop variables anywhere in the body: they may hold i64 numbers (a
  /// loop over `range` counts in i64), which scalar forms do not represent.
  private(set) var loopSlots: Set<Int> = []

  init(parent: FunctionScope?, params: [String]) {
    self.parent = parent
    for p in params { declare(p) }
  }

  /// Adds a local (no-op when present).
  func declare(_ name: String) {
    if slots[name] == nil { slots[name] = slots.count }
  }

  /// The slot of a local name.
  func slot(_ name: String) -> Int? { slots[name] }

  /// The names of the function's locals and parameters.
  var names: [String] { Array(slots.keys) }

  /// Declares every name the statements assign (not inside nested function bodies).
  func declareAssigned(in statements: [Stmt]) {
    for s in statements { collect(s) }
  }

  private func collect(_ s: Stmt) {
    switch s.kind {
    case .expression(let e, _): collect(e)
    case .assign(let t, let e):
      declare(t.name.name)
      collect(t)
      collect(e)
    case .compoundAssign(let t, _, let e):
      declare(t.name.name)
      collect(t)
      collect(e)
    case .unpack(let ts, let e):
      for t in ts {
        declare(t.name.name)
        collect(t)
      }
      collect(e)
    case .function(let name, let def):
      declare(name.name)
      for p in def.parameters { if let d = p.defaultValue { collect(d) } }
    case .return(let e): if let e { collect(e) }
    case .break, .continue, .include: break
    case .while(let c, let b):
      collect(c)
      b.statements.forEach(collect)
    case .for(let names, let e, let b):
      names.forEach {
        declare($0.name)
        if let slot = slots[$0.name] { loopSlots.insert(slot) }
      }
      collect(e)
      b.statements.forEach(collect)
    }
  }

  private func collect(_ t: AssignTarget) {
    for step in t.path {
      if case .index(let items, _) = step { items.forEach(collect) }
    }
  }

  private func collect(_ item: NNSSyntax.IndexItem) {
    switch item {
    case .index(let e): collect(e)
    case .slice(let s):
      [s.start, s.stop, s.step].compactMap { $0 }.forEach(collect)
    }
  }

  /// Finds assignments inside `if` expressions nested in an expression.
  private func collect(_ e: Expr) {
    switch e.kind {
    case .number, .identifier, .bool, .none, .function: break
    case .string(let parts):
      for p in parts { if case .interpolation(let x, _) = p { collect(x) } }
    case .list(let xs): xs.forEach(collect)
    case .record(let fs): fs.forEach { collect($0.value) }
    case .unary(_, let x): collect(x)
    case .binary(_, let a, let b):
      collect(a)
      collect(b)
    case .call(let f, let args):
      collect(f)
      args.forEach { collect($0.value) }
    case .index(let x, let items):
      collect(x)
      items.forEach(collect)
    case .field(let x, _): collect(x)
    case .if(let i):
      for b in i.branches {
        collect(b.condition)
        b.body.statements.forEach(collect)
      }
      i.elseBlock?.statements.forEach(collect)
    }
  }
}
