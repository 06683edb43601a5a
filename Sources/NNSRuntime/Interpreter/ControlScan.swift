import NNSSyntax

/// Finds whether control can leave a statement early (`return`, or `break`/`continue` not
/// caught by a loop inside it), so blocks without such statements compile without flow checks.
enum ControlScan {
  /// Whether running `s` may set the frame's flow.
  static func escapes(_ s: Stmt, inLoop: Bool = false) -> Bool {
    switch s.kind {
    case .return: return true
    case .break, .continue: return !inLoop
    case .expression(let e, _): return escapes(e, inLoop)
    case .assign(let t, let e), .compoundAssign(let t, _, let e):
      return escapes(t, inLoop) || escapes(e, inLoop)
    case .unpack(let ts, let e): return ts.contains { escapes($0, inLoop) } || escapes(e, inLoop)
    case .function(_, let def):
      return def.parameters.contains { p in p.defaultValue.map { escapes($0, inLoop) } ?? false }
    case .include: return false
    case .while(let c, let b):
      return escapes(c, inLoop) || b.statements.contains { escapes($0, inLoop: true) }
    case .for(_, let e, let b):
      return escapes(e, inLoop) || b.statements.contains { escapes($0, inLoop: true) }
    }
  }

  private static func escapes(_ t: AssignTarget, _ inLoop: Bool) -> Bool {
    t.path.contains { step in
      if case .index(let items, _) = step { return items.contains { escapes($0, inLoop) } }
      return false
    }
  }

  private static func escapes(_ item: NNSSyntax.IndexItem, _ inLoop: Bool) -> Bool {
    switch item {
    case .index(let e): return escapes(e, inLoop)
    case .slice(let s):
      return [s.start, s.stop, s.step].contains { $0.map { escapes($0, inLoop) } ?? false }
    }
  }

  /// Whether an expression contains a statement that may set the flow (function literals
  /// excluded: their bodies have their own frames).
  static func escapes(_ e: Expr, _ inLoop: Bool) -> Bool {
    switch e.kind {
    case .number, .identifier, .bool, .none, .function: return false
    case .string(let parts):
      return parts.contains { p in
        if case .interpolation(let x, _) = p { return escapes(x, inLoop) }
        return false
      }
    case .list(let xs): return xs.contains { escapes($0, inLoop) }
    case .record(let fs): return fs.contains { escapes($0.value, inLoop) }
    case .unary(_, let x): return escapes(x, inLoop)
    case .binary(_, let a, let b): return escapes(a, inLoop) || escapes(b, inLoop)
    case .call(let f, let args):
      return escapes(f, inLoop) || args.contains { escapes($0.value, inLoop) }
    case .index(let x, let items):
      return escapes(x, inLoop) || items.contains { escapes($0, inLoop) }
    case .field(let x, _): return escapes(x, inLoop)
    case .if(let i):
      return i.branches.contains { b in
        escapes(b.condition, inLoop) || b.body.statements.contains { escapes($0, inLoop: inLoop) }
      } || (i.elseBlock?.statements.contains { escapes($0, inLoop: inLoop) } ?? false)
    }
  }
}
