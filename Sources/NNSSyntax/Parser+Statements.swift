extension Parser {
  /// Parses statements to the end of input.
  ///
  /// Grammar: `program := (separator* statement)* separator* EOF`, `separator := NEWLINE | ';'`.
  func parseProgram() -> [Stmt] {
    var statements: [Stmt] = []
    while true {
      while at(.newline) || at(.semicolon) { advance() }
      if at(.endOfInput) { return statements }
      parseStatementRecovering(into: &statements)
    }
  }

  /// Parses one statement and its terminator; on failure records the diagnostic and skips to
  /// the next statement boundary.
  func parseStatementRecovering(into statements: inout [Stmt]) {
    let openAtStart = contexts.count
    do {
      let stmt = try parseStatement()
      try expectStatementEnd()
      statements.append(stmt)
    } catch {
      report(error)
      recover(openAtStart: openAtStart)
    }
  }

  /// True when the current token ends a statement: newline, `;`, end of input, or the `}` of
  /// an enclosing block.
  var atStatementEnd: Bool {
    switch token.kind {
    case .newline, .semicolon, .endOfInput: true
    case .rightBrace: contexts.last?.kind == .block
    default: false
    }
  }

  /// Consumes a statement's terminator (a `}` is left for the block).
  func expectStatementEnd() throws(Failure) {
    guard atStatementEnd else { throw unexpected("expected end of statement") }
    if at(.newline) || at(.semicolon) { advance() }
  }

  /// Skips the rest of a failed statement: tokens up to a newline or `;` outside any bracket
  /// opened by the statement, or up to the `}` closing the enclosing block.
  ///
  /// Open delimiters are tracked by kind, so a `}` met while only `(` or `[` are open is taken
  /// as the end of the enclosing block rather than as closing one of them.
  /// - Parameter openAtStart: how many delimiters were open when the statement began.
  func recover(openAtStart: Int) {
    var open: [TokenKind] = contexts.dropFirst(openAtStart).map { context in
      switch context.kind {
      case .paren: .leftParen
      case .bracket: .leftBracket
      case .record, .block: .leftBrace
      case .string: .stringBegin
      case .interpolation: .interpolationBegin
      }
    }
    if contexts.count > openAtStart { contexts.removeSubrange(openAtStart...) }
    let inBlock = contexts.last?.kind == .block
    // How many of each searched-for opener are in `open`, so a closer with no match costs O(1)
    // (hostile input such as a million `(` then a million `}` stays linear).
    var counts: [TokenKind: Int] = [:]
    for kind in open { counts[kind, default: 0] += 1 }
    /// Removes the innermost `kind` and everything opened after it; false if none is open.
    func close(_ kind: TokenKind) -> Bool {
      guard counts[kind, default: 0] > 0, let index = open.lastIndex(of: kind) else { return false }
      for removed in open[index...] { counts[removed, default: 0] -= 1 }
      open.removeSubrange(index...)
      return true
    }
    while true {
      switch token.kind {
      case .endOfInput:
        return
      case .newline, .semicolon:
        if open.isEmpty {
          advance()
          return
        }
      case .leftParen, .leftBracket, .leftBrace, .stringBegin, .interpolationBegin:
        open.append(token.kind)
        counts[token.kind, default: 0] += 1
      case .rightBrace:
        if !close(.leftBrace), inBlock { return }
      case .rightParen, .rightBracket:
        let opener: TokenKind = token.kind == .rightParen ? .leftParen : .leftBracket
        if open.last == opener { _ = close(opener) }
      case .stringEnd:
        _ = close(.stringBegin)
      case .interpolationEnd:
        _ = close(.interpolationBegin)
      default:
        break
      }
      previousEnd = token.range.end
      token = nextRaw()
    }
  }

  /// Parses one statement (without its terminator).
  ///
  /// Grammar:
  /// ```
  /// statement := 'fn' NAME '(' parameters ')' functionBody
  ///            | 'return' expression? | 'break' | 'continue'
  ///            | 'while' expression block
  ///            | 'for' NAME (',' NAME)* 'in' expression block
  ///            | 'include' STRING
  ///            | target (',' target)+ '=' expression
  ///            | target ('=' | '+=' | '-=' | '*=' | '/=') expression
  ///            | expression ';'?
  /// ```
  func parseStatement() throws(Failure) -> Stmt {
    try enter()
    defer { leave() }
    let start = token.range.start
    switch token.kind {
    case .kwFn where peek().kind == .identifier:
      advance()
      let name = Identifier(token.text, range: token.range)
      advance()
      let def = try parseFunctionRest(start: start)
      return try statement(.function(name: name, def), from: start)
    case .kwReturn:
      advance()
      let value = atStatementEnd ? nil : try parseExpression()
      return try statement(.return(value), from: start)
    case .kwBreak:
      advance()
      return try statement(.break, from: start)
    case .kwContinue:
      advance()
      return try statement(.continue, from: start)
    case .kwWhile:
      advance()
      let condition = try parseExpression()
      let body = try parseBlock(after: "while condition")
      return try statement(.while(condition, body), from: start)
    case .kwFor:
      return try parseFor()
    case .kwInclude:
      return try parseInclude()
    default:
      return try parseExpressionStatement()
    }
  }

  /// Parses a `for` loop.
  ///
  /// Grammar: `for := 'for' NAME (',' NAME)* 'in' expression block`.
  func parseFor() throws(Failure) -> Stmt {
    let start = token.range.start
    advance()
    var names: [Identifier] = []
    var seen: Set<String> = []
    while true {
      guard at(.identifier) else { throw unexpected("expected a loop variable name") }
      if !seen.insert(token.text).inserted {
        throw fail("loop variable '\(token.text)' is given twice", at: token.range)
      }
      names.append(Identifier(token.text, range: token.range))
      advance()
      guard accept(.comma) else { break }
      skipNewlines()
    }
    try expect(.kwIn, "expected 'in' after the loop variable")
    let iterable = try parseExpression()
    let body = try parseBlock(after: "for header")
    return try statement(.for(names, iterable, body), from: start)
  }

  /// Parses an `include` statement.
  ///
  /// Grammar: `include := 'include' STRING` (a plain string without interpolation).
  func parseInclude() throws(Failure) -> Stmt {
    let start = token.range.start
    advance()
    guard at(.stringBegin) else { throw unexpected("expected a file path string after 'include'") }
    let pathExpr = try parseString()
    guard case .string(let parts) = pathExpr.kind else {
      throw fail("include path must be a plain string", at: pathExpr.range)
    }
    var path = ""
    for part in parts {
      guard case .text(let text) = part else {
        throw fail("include path must be a plain string", at: pathExpr.range)
      }
      path += text
    }
    return try statement(.include(path), from: start)
  }

  /// Parses an expression statement, an assignment or an unpacking assignment.
  ///
  /// Grammar: see `parseStatement`; the left side is parsed as an expression, then checked to
  /// be a valid target when `=`, an `op=` or `,` follows.
  func parseExpressionStatement() throws(Failure) -> Stmt {
    let start = token.range.start
    let first = try parseExpression()
    let compound: [TokenKind: BinaryOperator] = [
      .plusEqual: .add, .minusEqual: .subtract, .starEqual: .multiply, .slashEqual: .divide,
    ]
    switch token.kind {
    case .equal:
      let target = try assignTarget(first)
      advance()
      skipNewlines()
      let value = try parseExpression()
      return try statement(.assign(target, value), from: start)
    case .plusEqual, .minusEqual, .starEqual, .slashEqual:
      let target = try assignTarget(first)
      let op = compound[token.kind] ?? .add
      advance()
      skipNewlines()
      let value = try parseExpression()
      return try statement(.compoundAssign(target, op, value), from: start)
    case .comma:
      var targets = [try assignTarget(first)]
      while accept(.comma) {
        skipNewlines()
        targets.append(try assignTarget(try parseExpression()))
      }
      try expect(.equal, "expected '=' after assignment targets")
      skipNewlines()
      let value = try parseExpression()
      return try statement(.unpack(targets, value), from: start)
    default:
      let silenced = at(.semicolon)
      return try statement(.expression(first, silenced: silenced), from: start)
    }
  }

  /// Converts a parsed expression into an assignment target: a name followed by index and
  /// field steps (`x`, `x[i]`, `r.w`, `r.layers[0].W`); anything else is an error.
  func assignTarget(_ expr: Expr) throws(Failure) -> AssignTarget {
    var steps: [TargetStep] = []
    var current = expr
    while true {
      switch current.kind {
      case .identifier(let name):
        let root = Identifier(name, range: current.range)
        return AssignTarget(name: root, path: steps.reversed(), range: expr.range)
      case .index(let base, let items):
        let brackets = SourceRange(start: base.range.end, end: current.range.end)
        steps.append(.index(items, range: brackets))
        current = base
      case .field(let base, let name):
        steps.append(.field(name))
        current = base
      default:
        throw fail("cannot assign to \(current.kind.noun)", at: current.range)
      }
    }
  }

  /// Parses a block of statements, recovering from errors inside it statement by statement.
  ///
  /// Grammar: `block := '{' (separator* statement)* separator* '}'`.
  /// - Parameter context: what precedes the block, for the error message (`if condition`).
  func parseBlock(after context: String) throws(Failure) -> Block {
    try enter()
    defer { leave() }
    let start = token.range.start
    guard at(.leftBrace) else { throw unexpected("expected '{' after \(context)") }
    let opener = token.range
    advance()
    push(.block, opener: opener)
    var statements: [Stmt] = []
    while true {
      while at(.newline) || at(.semicolon) { advance() }
      if at(.rightBrace) { break }
      if at(.endOfInput) { throw unexpected("expected '}'") }
      parseStatementRecovering(into: &statements)
    }
    pop()
    advance()
    return Block(statements: statements, range: SourceRange(start: start, end: previousEnd))
  }
}

extension ExprKind {
  /// How an expression of this kind is named in "cannot assign to ..." messages.
  var noun: String {
    switch self {
    case .number: "a number"
    case .string: "a string"
    case .identifier: "a name"
    case .bool: "a boolean"
    case .none: "none"
    case .list: "a list literal"
    case .record: "a record literal"
    case .unary, .binary: "an operator expression"
    case .call: "a function call"
    case .index: "an index"
    case .field: "a field"
    case .function: "a function"
    case .if: "an if expression"
    }
  }
}
