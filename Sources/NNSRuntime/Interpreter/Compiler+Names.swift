import NNSSyntax

/// Where a name lives, as the resolver decided.
enum VarRef {
  /// A slot of the current frame.
  case local(Int)
  /// A slot of an enclosing function's frame, `depth` levels up the closure chain.
  case captured(depth: Int, slot: Int)
  /// A global slot.
  case global(Int)
}

extension Compiler {
  /// The places to look for a name, innermost first: the current function's local (when it is
  /// one), then enclosing functions' locals, then the global.
  func resolveChain(_ name: String) -> [VarRef] {
    var chain: [VarRef] = []
    var s = scope
    var depth = 0
    while let current = s {
      if let slot = current.slot(name) {
        chain.append(depth == 0 ? .local(slot) : .captured(depth: depth, slot: slot))
      }
      s = current.parent
      depth += 1
    }
    chain.append(.global(interpreter.globals.slot(name)))
    return chain
  }

  /// Compiles a read of a variable.
  func compileRead(_ name: String, range: SourceRange) -> Eval {
    let chain = resolveChain(name)
    let globals = interpreter.globals
    let source = self.source
    let scope = self.scope
    let undefined: () -> any Error = {
      let hint = Suggest.hint(
        for: name, among: Compiler.visibleNames(scope, globals, hidden: name.hasPrefix("_")))
      return Compiler.locate(RuntimeError("undefined name '\(name)'\(hint)"), source, range)
    }
    if chain.count == 1, case .global(let g) = chain[0] {
      let p = globals.pointer(g)
      return { _ in
        if let v = p.pointee { return v }
        throw undefined()
      }
    }
    if chain.count == 2, case .local(let l) = chain[0], case .global(let g) = chain[1] {
      let p = globals.pointer(g)
      return { f in
        if let v = f.slots[l] { return v }
        if let v = p.pointee { return v }
        throw undefined()
      }
    }
    return { f in
      for ref in chain {
        switch ref {
        case .local(let l):
          if let v = f.slots[l] { return v }
        case .captured(let d, let l):
          if let frame = f.up(d), let v = frame.slots[l] { return v }
        case .global(let g):
          if let v = globals.pointer(g).pointee { return v }
        }
      }
      throw undefined()
    }
  }

  /// The names a read could have meant (for "did you mean"): the locals of the enclosing
  /// functions and every defined global; internal `_` names only when asked for.
  static func visibleNames(_ scope: FunctionScope?, _ globals: Globals, hidden: Bool) -> [String] {
    var names: [String] = []
    var s = scope
    while let current = s {
      names.append(contentsOf: current.names)
      s = current.parent
    }
    names.append(contentsOf: globals.defined.map(\.0))
    return hidden ? names : names.filter { !$0.hasPrefix("_") }
  }

  /// The slot a name is stored to: the current function's local, or the global.
  func writeRef(_ name: String) -> VarRef {
    if let scope, let slot = scope.slot(name) { return .local(slot) }
    return .global(interpreter.globals.slot(name))
  }

  /// Compiles a store of a value into a variable.
  func compileStore(_ name: String) -> (Frame, Value) -> Void {
    let globals = interpreter.globals
    switch writeRef(name) {
    case .local(let l):
      return { f, v in
        if case .f32(let x) = v { f.slots[l] = .f32(x) } else { f.slots[l] = v }
      }
    case .global(let g):
      let p = globals.pointer(g)
      if interpreter.originalBuiltins[name] != nil {
        let interp = interpreter
        return { _, v in
          interp.builtinRebound = true
          p.pointee = v
        }
      }
      return { _, v in
        if case .f32(let x) = v { p.pointee = .f32(x) } else { p.pointee = v }
      }
    case .captured: return { _, _ in }
    }
  }

  /// Compiles "take the variable's value out for in-place update": returns the current value
  /// (reading the enclosing one when the local is unassigned) and leaves the slot empty, so the
  /// value is uniquely referenced while it is modified (copy-on-write then copies nothing).
  func compileTake(_ name: String, range: SourceRange) -> Eval {
    let read = compileRead(name, range: range)
    let globals = interpreter.globals
    switch writeRef(name) {
    case .local(let l):
      return { f in
        if let v = f.slots[l] {
          f.slots[l] = nil
          return v
        }
        return try read(f)
      }
    case .global(let g):
      let p = globals.pointer(g)
      return { f in
        if let v = p.pointee {
          p.pointee = nil
          return v
        }
        return try read(f)
      }
    case .captured:
      return read
    }
  }
}
