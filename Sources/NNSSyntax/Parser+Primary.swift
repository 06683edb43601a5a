extension Parser {
  /// Parses a primary expression.
  ///
  /// Grammar: `primary := NUMBER | string | NAME | 'true' | 'false' | 'none'
  ///                    | '(' expression ')' | list | record | function | if`.
  func parsePrimary() throws(Failure) -> Expr {
    // A thin dispatcher: each form has its own function so that only the frames of the forms
    // actually nested sit on the stack (debug builds give every temporary its own slot).
    switch token.kind {
    case .number, .identifier, .kwTrue, .kwFalse, .kwNone: return try parseAtom()
    case .stringBegin: return try parseString()
    case .leftParen: return try parseParenthesized()
    case .leftBracket: return try parseList()
    case .leftBrace: return try parseRecord()
    case .kwFn: return try parseFunctionLiteral()
    case .kwIf: return try parseIf()
    case .rightParen, .rightBracket, .rightBrace:
      throw fail("unexpected \(token.quoted)", at: token.range)
    default: throw unexpected("expected an expression")
    }
  }

  /// Parses a one-token expression.
  ///
  /// Grammar: `atom := NUMBER | NAME | 'true' | 'false' | 'none'`.
  func parseAtom() throws(Failure) -> Expr {
    let start = token.range.start
    let kind: ExprKind
    switch token.kind {
    case .number: kind = .number(token.number)
    case .identifier: kind = .identifier(token.text)
    case .kwTrue: kind = .bool(true)
    case .kwFalse: kind = .bool(false)
    default: kind = .none
    }
    advance()
    return try node(kind, from: start)
  }

  /// Parses a parenthesised expression (which makes no node of its own).
  ///
  /// Grammar: `parenthesized := '(' expression ')'`.
  func parseParenthesized() throws(Failure) -> Expr {
    let opener = token.range
    advance()
    push(.paren, opener: opener)
    let inner = try parseExpression()
    guard at(.rightParen) else { throw unexpected("expected ')' after expression") }
    pop()
    advance()
    return inner
  }

  /// Parses an anonymous function.
  ///
  /// Grammar: `functionLiteral := 'fn' functionRest`.
  func parseFunctionLiteral() throws(Failure) -> Expr {
    let start = token.range.start
    advance()
    let def = try parseFunctionRest(start: start)
    return try node(.function(def), from: start)
  }

  /// Parses a bracket literal; the runtime decides whether it is a tensor or a list.
  ///
  /// Grammar: `list := '[' (expression (',' expression)* ','?)? ']'`.
  func parseList() throws(Failure) -> Expr {
    let start = token.range.start
    let opener = token.range
    advance()
    push(.bracket, opener: opener)
    var elements: [Expr] = []
    while !at(.rightBracket) {
      elements.append(try parseExpression())
      if !accept(.comma) { break }
    }
    guard at(.rightBracket) else { throw unexpected("expected ',' or ']' in list") }
    pop()
    advance()
    return try node(.list(elements), from: start)
  }

  /// Parses a record literal; `{w, b}` is short for `{w: w, b: b}`.
  ///
  /// Grammar: `record := '{' (field (',' field)* ','?)? '}'`, `field := NAME (':' expression)?`.
  func parseRecord() throws(Failure) -> Expr {
    let start = token.range.start
    let opener = token.range
    advance()
    push(.record, opener: opener)
    var fields: [RecordField] = []
    var names: Set<String> = []
    while !at(.rightBrace) {
      guard at(.identifier) else { throw unexpected("expected a field name") }
      let name = Identifier(token.text, range: token.range)
      if !names.insert(name.name).inserted {
        throw fail("field '\(name.name)' is given twice", at: name.range)
      }
      advance()
      if accept(.colon) {
        fields.append(RecordField(name: name, value: try parseExpression(), isShorthand: false))
      } else {
        let value = Expr(.identifier(name.name), range: name.range)
        fields.append(RecordField(name: name, value: value, isShorthand: true))
      }
      if !accept(.comma) { break }
    }
    guard at(.rightBrace) else { throw unexpected("expected ',' or '}' in record") }
    pop()
    advance()
    return try node(.record(fields), from: start)
  }

  /// Parses a string literal with its interpolations.
  ///
  /// Grammar: `string := '"' (TEXT | '{' expression (':' SPEC)? '}')* '"'`, where
  /// `SPEC := [width][.precision][f|e|g]`.
  func parseString() throws(Failure) -> Expr {
    let start = token.range.start
    push(.string, opener: token.range)
    advance()
    var parts: [StringPart] = []
    while true {
      switch token.kind {
      case .stringText:
        if case .text(let previous) = parts.last {
          parts[parts.count - 1] = .text(previous + token.text)
        } else {
          parts.append(.text(token.text))
        }
        advance()
      case .interpolationBegin:
        let opener = token.range
        advance()
        push(.interpolation, opener: opener)
        if at(.interpolationEnd) {
          throw fail("expected an expression inside '{}'", at: token.range)
        }
        let expr = try parseExpression()
        guard at(.interpolationEnd) else { throw unexpected("expected '}' after interpolation") }
        var spec: FormatSpec?
        if !token.text.isEmpty {
          do {
            spec = try FormatSpec(parsing: token.text)
          } catch {
            throw fail(error.message, at: token.range)
          }
        }
        parts.append(.interpolation(expr, spec))
        pop()
        advance()
      case .stringEnd:
        pop()
        advance()
        return try node(.string(parts), from: start)
      default:
        throw unexpected("expected the end of the string")
      }
    }
  }

  /// Parses a function's parameters and body after `fn` (and its name, for declarations).
  ///
  /// Grammar: `functionRest := '(' parameters ')' ('=' expression | block)`,
  /// `parameters := (parameter (',' parameter)* ','?)?`, `parameter := NAME ('=' expression)?`;
  /// parameters with defaults come last and names are unique.
  func parseFunctionRest(start: SourceLocation) throws(Failure) -> FunctionDef {
    let parameters = try parseParameters()
    let body = try parseFunctionBody()
    return FunctionDef(
      parameters: parameters, body: body, range: SourceRange(start: start, end: previousEnd))
  }

  /// Parses a parameter list in parentheses.
  ///
  /// Grammar: `'(' parameters ')'`.
  func parseParameters() throws(Failure) -> [Parameter] {
    guard at(.leftParen) else { throw unexpected("expected '(' after 'fn'") }
    let opener = token.range
    advance()
    push(.paren, opener: opener)
    var parameters: [Parameter] = []
    var names: Set<String> = []
    while !at(.rightParen) {
      guard at(.identifier) else { throw unexpected("expected a parameter name") }
      let name = Identifier(token.text, range: token.range)
      if !names.insert(name.name).inserted {
        throw fail("parameter '\(name.name)' is given twice", at: name.range)
      }
      advance()
      var defaultValue: Expr?
      if accept(.equal) {
        defaultValue = try parseExpression()
      } else if parameters.last?.defaultValue != nil {
        throw fail(
          "parameter '\(name.name)' without a default follows one with a default", at: name.range)
      }
      parameters.append(Parameter(name: name, defaultValue: defaultValue))
      if !accept(.comma) { break }
    }
    guard at(.rightParen) else { throw unexpected("expected ')' after parameters") }
    pop()
    advance()
    return parameters
  }

  /// Parses a function body.
  ///
  /// Grammar: `functionBody := '=' expression | block`.
  func parseFunctionBody() throws(Failure) -> FunctionBody {
    if accept(.equal) {
      skipNewlines()
      return .expression(try parseExpression())
    }
    guard at(.leftBrace) else { throw unexpected("expected '=' or '{' after parameters") }
    return .block(try parseBlock(after: "parameters"))
  }

  /// Parses an `if` expression with its `else if` chain flattened into branches.
  ///
  /// Grammar: `if := 'if' expression block (NEWLINE? 'else' 'if' expression block)*
  ///                 (NEWLINE? 'else' block)?`.
  func parseIf() throws(Failure) -> Expr {
    let start = token.range.start
    advance()
    var branches: [IfBranch] = []
    var elseBlock: Block?
    while true {
      let condition = try parseExpression()
      let body = try parseBlock(after: "if condition")
      branches.append(IfBranch(condition: condition, body: body))
      if at(.newline), peek().kind == .kwElse { advance() }
      guard accept(.kwElse) else { break }
      if accept(.kwIf) { continue }
      elseBlock = try parseBlock(after: "'else'")
      break
    }
    return try node(.if(IfExpr(branches: branches, elseBlock: elseBlock)), from: start)
  }
}
