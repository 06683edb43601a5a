/// Binding strength of operators, loosest first (SPEC §3).
enum Precedence: Int, Comparable {
  /// `or`.
  case or
  /// `and`.
  case and
  /// Prefix `not`.
  case not
  /// `== != < <= > >=`, non-associative.
  case comparison
  /// `+ -`.
  case additive
  /// `* / % @`.
  case multiplicative
  /// Prefix `-` and `+`.
  case unary
  /// `^`, right-associative, tighter than unary minus.
  case power
  /// Calls, indexing and field access.
  case postfix

  /// Looser levels order first.
  static func < (lhs: Precedence, rhs: Precedence) -> Bool { lhs.rawValue < rhs.rawValue }

  /// The next tighter level (for the right operand of a left-associative operator).
  var tighter: Precedence { Precedence(rawValue: rawValue + 1) ?? .postfix }
}

/// How one token acts as an operator: as a prefix, as an infix, or both.
struct OperatorEntry {
  /// The prefix operator and the precedence its operand is parsed at.
  var prefix: (op: UnaryOperator, operand: Precedence)?
  /// The infix operator and its precedence.
  var infix: (op: BinaryOperator, precedence: Precedence)?
}

extension Parser {
  /// Every operator of the language in one table (SPEC §3). Associativity: `^` is right
  /// associative, comparisons do not chain, all others are left associative.
  static let operators: [TokenKind: OperatorEntry] = [
    .kwOr: OperatorEntry(infix: (.or, .or)),
    .kwAnd: OperatorEntry(infix: (.and, .and)),
    .kwNot: OperatorEntry(prefix: (.not, .not)),
    .equalEqual: OperatorEntry(infix: (.equal, .comparison)),
    .bangEqual: OperatorEntry(infix: (.notEqual, .comparison)),
    .less: OperatorEntry(infix: (.less, .comparison)),
    .lessEqual: OperatorEntry(infix: (.lessEqual, .comparison)),
    .greater: OperatorEntry(infix: (.greater, .comparison)),
    .greaterEqual: OperatorEntry(infix: (.greaterEqual, .comparison)),
    .plus: OperatorEntry(prefix: (.plus, .unary), infix: (.add, .additive)),
    .minus: OperatorEntry(prefix: (.negate, .unary), infix: (.subtract, .additive)),
    .star: OperatorEntry(infix: (.multiply, .multiplicative)),
    .slash: OperatorEntry(infix: (.divide, .multiplicative)),
    .percent: OperatorEntry(infix: (.modulo, .multiplicative)),
    .at: OperatorEntry(infix: (.matmul, .multiplicative)),
    .caret: OperatorEntry(infix: (.power, .power)),
  ]

  /// Parses an expression whose operators all bind at least as tightly as `minimum`.
  ///
  /// Grammar (Pratt): `expression(p) := prefixExpression (INFIX expression(q))*` for infix
  /// operators of precedence >= p, where q is the next tighter level for left-associative
  /// operators, `unary` for `^` (right-associative, signed right operand: `2^-1`), and
  /// `additive` for comparisons, which may not be followed by another comparison.
  /// Newlines after an infix operator are skipped.
  func parseExpression(_ minimum: Precedence = .or) throws(Failure) -> Expr {
    try enter()
    defer { leave() }
    let start = token.range.start
    var left = try parsePrefixExpression()
    while let infix = Parser.operators[token.kind]?.infix, infix.precedence >= minimum {
      advance()
      skipNewlines()
      let right: Expr
      switch infix.precedence {
      case .power:
        right = try parseExpression(.unary)
      case .comparison:
        right = try parseExpression(.additive)
        if Parser.operators[token.kind]?.infix?.precedence == .comparison {
          throw fail("comparison operators cannot be chained", at: token.range)
        }
      default:
        right = try parseExpression(infix.precedence.tighter)
      }
      left = try node(.binary(infix.op, left, right), from: start)
    }
    return left
  }

  /// Parses a prefix operator application or a postfix expression; newlines after a prefix
  /// operator are skipped, as after an infix one.
  ///
  /// Grammar: `prefixExpression := ('-' | '+') expression(unary) | 'not' expression(not)
  ///                              | postfixExpression`.
  func parsePrefixExpression() throws(Failure) -> Expr {
    guard let prefix = Parser.operators[token.kind]?.prefix else {
      return try parsePostfixExpression()
    }
    let start = token.range.start
    advance()
    skipNewlines()
    let operand = try parseExpression(prefix.operand)
    return try node(.unary(prefix.op, operand), from: start)
  }

  /// Parses a primary expression followed by calls, indexing and field accesses.
  ///
  /// Grammar: `postfixExpression := primary ('(' arguments ')' | '[' indexItems ']'
  ///                                         | '.' NAME)*`.
  func parsePostfixExpression() throws(Failure) -> Expr {
    let start = token.range.start
    var expr = try parsePrimary()
    while true {
      switch token.kind {
      case .leftParen:
        let arguments = try parseArguments()
        expr = try node(.call(expr, arguments), from: start)
      case .leftBracket:
        let items = try parseIndexItems()
        expr = try node(.index(expr, items), from: start)
      case .dot:
        advance()
        guard at(.identifier) else { throw unexpected("expected a field name after '.'") }
        let name = Identifier(token.text, range: token.range)
        advance()
        expr = try node(.field(expr, name), from: start)
      default:
        return expr
      }
    }
  }

  /// Parses call arguments, positional first, then named.
  ///
  /// Grammar: `arguments := (argument (',' argument)* ','?)?`,
  /// `argument := (NAME ':')? expression`.
  func parseArguments() throws(Failure) -> [Argument] {
    let opener = token.range
    advance()
    push(.paren, opener: opener)
    var arguments: [Argument] = []
    var labels: Set<String> = []
    while !at(.rightParen) {
      let start = token.range.start
      var label: Identifier?
      if at(.identifier), peek().kind == .colon {
        let name = Identifier(token.text, range: token.range)
        if !labels.insert(name.name).inserted {
          throw fail("argument '\(name.name)' is given twice", at: name.range)
        }
        label = name
        advance()
        advance()
      } else if arguments.last?.label != nil {
        throw fail("positional argument follows a named argument", at: token.range)
      }
      let value = try parseExpression()
      arguments.append(
        Argument(label: label, value: value, range: SourceRange(start: start, end: previousEnd)))
      if !accept(.comma) { break }
    }
    guard at(.rightParen) else { throw unexpected("expected ')' after arguments") }
    pop()
    advance()
    return arguments
  }

  /// Parses the items of an index.
  ///
  /// Grammar: `indexItems := item (',' item)* ','?`,
  /// `item := '...' | expression | expression? ':' expression? (':' expression?)?`; at most
  /// one `...` per index.
  func parseIndexItems() throws(Failure) -> [IndexItem] {
    let opener = token.range
    advance()
    push(.bracket, opener: opener)
    var items: [IndexItem] = []
    repeat {
      if at(.rightBracket), !items.isEmpty { break }
      let item = try parseIndexItem()
      if case .slice(let s) = item, s.isEllipsis,
        items.contains(where: { if case .slice(let t) = $0 { t.isEllipsis } else { false } })
      {
        throw fail("index: at most one '...' per index", at: s.range)
      }
      items.append(item)
    } while accept(.comma)
    guard at(.rightBracket) else { throw unexpected("expected ']' after index") }
    pop()
    advance()
    return items
  }

  /// Parses one index item: an expression or a slice `start:stop:step` with optional parts.
  func parseIndexItem() throws(Failure) -> IndexItem {
    let start = token.range.start
    let ends: Set<TokenKind> = [.colon, .comma, .rightBracket]
    if at(.rightBracket) { throw unexpected("expected an index") }
    if at(.ellipsis) {
      let range = token.range
      advance()
      return .slice(Slice(start: nil, stop: nil, step: nil, range: range, isEllipsis: true))
    }
    let first = at(.colon) ? nil : try parseExpression()
    guard at(.colon) else {
      guard let first else { throw unexpected("expected an index") }
      return .index(first)
    }
    advance()
    let stop = ends.contains(token.kind) ? nil : try parseExpression()
    var step: Expr?
    if accept(.colon) {
      step = ends.contains(token.kind) ? nil : try parseExpression()
    }
    let range = SourceRange(start: start, end: previousEnd)
    return .slice(Slice(start: first, stop: stop, step: step, range: range))
  }
}
