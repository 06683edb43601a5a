import NNSSyntax

extension ScalarBuilder {
  /// `for i in range(...) { }` with one loop variable: counts as the general form does (the
  /// same number of times; the general form's variable holds i64 values, so the body may not
  /// read it: `read` refuses loop variables); any other `for` is outside the subset. Arguments
  /// written as literals count exactly (`range(16777217)`); others that are not integers, or a
  /// zero step, deopt (the general form then reports the error); so does a rebound `range`.
  mutating func forRange(
    _ names: [Identifier], _ iterable: Expr, _ body: Block, range: SourceRange
  ) -> ScalarStmt? {
    guard names.count == 1, let l = scope.slot(names[0].name),
      case .call(let calleeExpr, let args) = iterable.kind,
      case .identifier("range") = calleeExpr.kind, scope.slot("range") == nil,
      args.allSatisfy({ $0.label == nil }), (1...3).contains(args.count),
      let rangeBuiltin = interp.rangeBuiltin
    else { return nil }
    let chain = compiler.resolveChain("range")
    guard chain.count == 1, case .global(let g) = chain[0] else { return nil }
    var exacts: [Double?] = []  // arguments written as literals, exactly
    var argEvals: [ScalarNode] = []
    for a in args {
      if let n = compiler.constant(a.value)?.exactInteger, abs(n) < 1 << 53 {
        argEvals.append(ScalarNode(run: { _ in .nan }))  // not run: `exacts` holds the value
        exacts.append(Double(n))
        continue
      }
      guard let v = valueExpr(a.value) else { return nil }
      argEvals.append(ScalarNode(run: v))
      exacts.append(nil)
    }
    // the loop variable is assigned inside the body; after the loop only if it ran, so reads
    // after it stay general (`stmtBlock` restores `assigned`)
    let saved = assigned
    assigned.insert(l)
    let compiledBody = stmtBlock(body.statements)
    assigned = saved
    guard let b = compiledBody else { return nil }
    let p = interp.globals.pointer(g)
    let expected = ObjectIdentifier(rangeBuiltin)
    let (interp, source, owner) = (self.interp, self.source, self.owner)
    return { r in
      if interp.builtinRebound {
        guard case .builtin(let rb)? = p.pointee, ObjectIdentifier(rb) == expected else {
          throw ScalarDeopt(code: owner.code)
        }
      }
      var bounds: (Double, Double, Double) = (0, 0, 1)
      for k in 0..<argEvals.count {
        let v = try exacts[k] ?? Double(argEvals[k].run(r))
        // what RangeArgs.parse accepts, else the general form reports it
        guard v.isFinite, v.rounded() == v, abs(v) < 9.0e15 else {
          throw ScalarDeopt(code: owner.code)
        }
        switch (argEvals.count, k) {
        case (1, _): bounds.1 = v
        case (_, 0): bounds.0 = v
        case (_, 1): bounds.1 = v
        default: bounds.2 = v
        }
      }
      let (start, stop, by) = bounds
      if by == 0 { throw ScalarDeopt(code: owner.code) }
      var x = start
      while by > 0 ? x < stop : x > stop {
        r[l] = Float(x)
        if try b(r) { return true }
        do { try interp.tick() } catch { throw Compiler.locate(error, source, range) }
        x += by
      }
      return false
    }
  }
}
