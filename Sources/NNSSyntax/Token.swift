/// The kind of a token; payloads (names, numbers, text, messages) live in `Token`.
public enum TokenKind: UInt8, Sendable, Hashable, CaseIterable {
  // Literals and names.
  case identifier, number
  // String pieces: `"` text `{` tokens... `}` text `"`; `interpolationEnd` carries a spec.
  case stringBegin, stringText, interpolationBegin, interpolationEnd, stringEnd
  // Keywords.
  case kwFn, kwIf, kwElse, kwWhile, kwFor, kwIn, kwReturn, kwBreak, kwContinue
  case kwAnd, kwOr, kwNot, kwTrue, kwFalse, kwNone, kwInclude
  // Operators and punctuation.
  case plus, minus, star, slash, percent, at, caret
  case equalEqual, bangEqual, less, lessEqual, greater, greaterEqual
  case equal, plusEqual, minusEqual, starEqual, slashEqual
  case dot, comma, colon, semicolon, ellipsis
  case leftParen, rightParen, leftBracket, rightBracket, leftBrace, rightBrace
  // Layout and the end.
  case newline, endOfInput
  /// A lexical error; `Token.text` holds the message.
  case error

  /// The keyword spelled by an identifier-like word, if it is one.
  static let keywords: [String: TokenKind] = [
    "fn": .kwFn, "if": .kwIf, "else": .kwElse, "while": .kwWhile, "for": .kwFor, "in": .kwIn,
    "return": .kwReturn, "break": .kwBreak, "continue": .kwContinue, "and": .kwAnd,
    "or": .kwOr, "not": .kwNot, "true": .kwTrue, "false": .kwFalse, "none": .kwNone,
    "include": .kwInclude,
  ]

  /// The fixed spelling of keywords, operators and punctuation; `nil` for the others.
  public var spelling: String? {
    switch self {
    case .kwFn: "fn"
    case .kwIf: "if"
    case .kwElse: "else"
    case .kwWhile: "while"
    case .kwFor: "for"
    case .kwIn: "in"
    case .kwReturn: "return"
    case .kwBreak: "break"
    case .kwContinue: "continue"
    case .kwAnd: "and"
    case .kwOr: "or"
    case .kwNot: "not"
    case .kwTrue: "true"
    case .kwFalse: "false"
    case .kwNone: "none"
    case .kwInclude: "include"
    case .plus: "+"
    case .minus: "-"
    case .star: "*"
    case .slash: "/"
    case .percent: "%"
    case .at: "@"
    case .caret: "^"
    case .equalEqual: "=="
    case .bangEqual: "!="
    case .less: "<"
    case .lessEqual: "<="
    case .greater: ">"
    case .greaterEqual: ">="
    case .equal: "="
    case .plusEqual: "+="
    case .minusEqual: "-="
    case .starEqual: "*="
    case .slashEqual: "/="
    case .dot: "."
    case .ellipsis: "..."
    case .comma: ","
    case .colon: ":"
    case .semicolon: ";"
    case .leftParen: "("
    case .rightParen: ")"
    case .leftBracket: "["
    case .rightBracket: "]"
    case .leftBrace: "{"
    case .rightBrace: "}"
    case .identifier, .number, .stringBegin, .interpolationBegin, .stringText, .interpolationEnd,
      .stringEnd,
      .newline, .endOfInput, .error:
      nil
    }
  }
}

/// One token: its kind, its span and its payload.
public struct Token: Sendable {
  /// What the token is.
  public var kind: TokenKind
  /// Where it is.
  public var range: SourceRange
  /// Identifier name, number text as written, decoded string text, format spec
  /// (on `interpolationEnd`, empty when none) or error message; empty otherwise.
  public var text: String
  /// The value of a number token; 0 otherwise.
  public var number: Double

  /// Creates a token.
  public init(_ kind: TokenKind, range: SourceRange, text: String = "", number: Double = 0) {
    self.kind = kind
    self.range = range
    self.text = text
    self.number = number
  }

  /// How the token is named in "found ..." messages: `'else'`, `'x'`, `newline`.
  public var quoted: String {
    switch kind {
    case .identifier: "'\(text.count > 40 ? String(text.prefix(40)) + "..." : text)'"
    case .number: "'\(text.count > 40 ? String(text.prefix(40)) + "..." : text)'"
    case .stringBegin: "a string"
    case .stringText: "string text"
    case .interpolationBegin: "'{'"
    case .interpolationEnd: "'}'"
    case .stringEnd: "'\"'"
    case .newline: "newline"
    case .endOfInput: "end of input"
    case .error: "an invalid token"
    default: "'\(kind.spelling ?? "?")'"
    }
  }
}
