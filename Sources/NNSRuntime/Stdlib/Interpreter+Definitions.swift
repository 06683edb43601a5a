extension Interpreter {
  /// Records the global names defined since the last call, in slot order, after the ones
  /// already known: the order `userGlobals` (`:vars`) lists them in. Slot order alone would
  /// not do: compiling the stdlib reserves a global slot for every name it reads (`X`, `a`,
  /// `r`, ...), so a user's later `a = ...` would be listed before their earlier `s = ...`.
  func noteDefinitions() {
    for (name, _) in globals.defined where !definitionSeen.contains(name) {
      definitionSeen.insert(name)
      definitionOrder.append(name)
    }
  }

  /// The defined globals in definition order (see `noteDefinitions`), then any defined since.
  var definedInOrder: [(String, Value)] {
    var result: [(String, Value)] = []
    var listed = Set<String>()
    for name in definitionOrder {
      if let v = globals[name] {
        result.append((name, v))
        listed.insert(name)
      }
    }
    for (name, v) in globals.defined where !listed.contains(name) { result.append((name, v)) }
    return result
  }
}
